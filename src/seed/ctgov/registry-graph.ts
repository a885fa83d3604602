// The importer's Cypher, all parameterised and batched (`UNWIND $rows ...`), each statement one
// managed transaction through the executor, each idempotent (MERGE on the unique keys):
//  - storedTrials: what the graph holds for a batch's ids (import-decision.ts decides from it);
//  - icdPairs: TOP's disease -> ICD pairs (CODED_AS edges without a `method`: the seed's);
//  - writeBatch: IcdCode nodes (lineage, IS_A), Drug and Disease nodes, CODED_AS for diseases TOP
//    never coded (with method and confidence), then per trial its node and, for a registry trial,
//    its TESTS / STUDIES / IN_PHASE edges replaced in the same transaction as the node. A trial
//    from a benchmark file (update-benchmark) gets its registry fields only: its label, split,
//    drugs, diseases and ICD codes stay TOP's. `outcome` and `split` are never written here.
import type { Executor } from "../../graph/executor.js";
import type { StoredTrial } from "./import-decision.js";
import { withDataVersionBump } from "../../graph/data-version.js";

/** `Trial.source` entry of a trial the importer created or updated. */
export const REGISTRY_SOURCE = "clinicaltrials.gov";
const BATCH_TIMEOUT_MS = 120_000;

export interface IcdCodeRow {
  code: string;
  description: string | null;
  level: number;
  parent: string | null;
}

export interface DrugRow {
  name: string;
  smiles: string | null;
  canonicalSmiles: string | null;
  rawSmiles: string | null;
  smilesSource: string | null;
}

export interface DiseaseRow {
  name: string;
  codes: string[];
  method: string | null;
  confidence: number | null;
}

export interface TrialWriteRow {
  nctId: string;
  benchmark: boolean;
  /** Node properties (never outcome, split or model outputs). */
  props: Record<string, unknown>;
  phase: string | null;
  drugs: { name: string; position: number; interventionType: string }[];
  diseases: { name: string; position: number; icdMethod: string | null; icdConfidence: number | null }[];
}

export interface BatchRows {
  icdCodes: IcdCodeRow[];
  drugs: DrugRow[];
  diseases: DiseaseRow[];
  trials: TrialWriteRow[];
}

export async function storedTrials(executor: Executor, ids: string[]): Promise<Map<string, StoredTrial>> {
  const rows = await executor.read<StoredTrial>(
    `UNWIND $ids AS id MATCH (t:Trial {nctId: id})
     RETURN t.nctId AS nctId, t.registryLastUpdate AS registryLastUpdate, t.registryRun AS registryRun,
            t.registryFile AS registryFile,
            [s IN coalesce(t.source, []) WHERE s <> $registry] AS benchmarkSources`,
    { ids, registry: REGISTRY_SOURCE },
  );
  return new Map(rows.map((r) => [r.nctId, r]));
}

export async function icdPairs(executor: Executor): Promise<Map<string, string[]>> {
  const rows = await executor.read<{ name: string; codes: string[] }>(
    `MATCH (d:Disease)-[r:CODED_AS]->(c:IcdCode) WHERE r.method IS NULL
     RETURN d.name AS name, collect(c.code) AS codes`,
    {},
    { timeoutMs: BATCH_TIMEOUT_MS },
  );
  return new Map(rows.map((r) => [r.name, r.codes]));
}

const STATEMENTS: { key: keyof BatchRows; cypher: string }[] = [
  {
    key: "icdCodes",
    // Rows come most general first, so a parent exists (with its description) before its child.
    cypher: `UNWIND $rows AS row
      MERGE (c:IcdCode {code: row.code})
        ON CREATE SET c.description = row.description, c.level = row.level
      WITH c, row WHERE row.parent IS NOT NULL
      MATCH (p:IcdCode {code: row.parent})
      MERGE (c)-[:IS_A]->(p)`,
  },
  {
    key: "drugs",
    cypher: `UNWIND $rows AS row
      MERGE (d:Drug {name: row.name})
      WITH d, row WHERE d.smiles IS NULL AND d.rawSmiles IS NULL AND row.rawSmiles IS NOT NULL
      SET d.smiles = row.smiles, d.canonicalSmiles = row.canonicalSmiles, d.rawSmiles = row.rawSmiles,
          d.smilesSource = row.smilesSource`,
  },
  {
    key: "diseases",
    cypher: `UNWIND $rows AS row
      MERGE (d:Disease {name: row.name})
      WITH d, row WHERE size(row.codes) > 0 AND NOT EXISTS { (d)-[r:CODED_AS]->() WHERE r.method IS NULL }
      UNWIND row.codes AS code
      MATCH (c:IcdCode {code: code})
      MERGE (d)-[r:CODED_AS]->(c)
      SET r.method = row.method, r.confidence = row.confidence`,
  },
  {
    key: "trials",
    cypher: `UNWIND $rows AS row
      MERGE (t:Trial {nctId: row.nctId})
      SET t += row.props
      REMOVE t.successProbability, t.embedding, t.modelVersion, t.phaseModel
      WITH t, row
      CALL {
        WITH t, row
        WITH t, row WHERE NOT row.benchmark
        OPTIONAL MATCH (t)-[old:TESTS|STUDIES|IN_PHASE]->()
        DELETE old
      }
      CALL {
        WITH t, row
        WITH t, row WHERE NOT row.benchmark AND row.phase IS NOT NULL
        MERGE (p:Phase {name: row.phase})
        MERGE (t)-[:IN_PHASE]->(p)
      }
      CALL {
        WITH t, row
        WITH t, row WHERE NOT row.benchmark
        UNWIND row.drugs AS drug
        MATCH (d:Drug {name: drug.name})
        MERGE (t)-[r:TESTS]->(d)
        SET r.position = drug.position, r.interventionType = drug.interventionType
      }
      CALL {
        WITH t, row
        WITH t, row WHERE NOT row.benchmark
        UNWIND row.diseases AS disease
        MATCH (d:Disease {name: disease.name})
        MERGE (t)-[r:STUDIES]->(d)
        SET r.position = disease.position, r.icdMethod = disease.icdMethod, r.icdConfidence = disease.icdConfidence
      }`,
  },
];

/** Writes one batch, statement by statement; returns the nodes and edges created. */
export async function writeBatch(
  executor: Executor,
  rows: BatchRows,
): Promise<{ nodesCreated: number; relationshipsCreated: number }> {
  let nodesCreated = 0;
  let relationshipsCreated = 0;
  for (const { key, cypher } of STATEMENTS) {
    if (rows[key].length === 0) continue;
    const { counters } = await executor.write(
      withDataVersionBump(cypher),
      { rows: rows[key] },
      {
        timeoutMs: BATCH_TIMEOUT_MS,
      },
    );
    nodesCreated += counters.nodesCreated;
    relationshipsCreated += counters.relationshipsCreated;
  }
  return { nodesCreated, relationshipsCreated };
}
