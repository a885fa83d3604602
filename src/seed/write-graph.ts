// Writes GraphRows with parameterised `UNWIND $rows AS row MERGE ...` statements, one managed
// transaction per batch. Nodes go first, then edges (edges MATCH their end nodes). MERGE on the
// unique keys plus `SET` of the full property set makes every batch idempotent, so a run that
// stopped half-way and is run again ends with the same graph as one clean run.
import type { Executor } from "../graph/executor.js";
import type { GraphRows } from "./build-graph.js";
import { withDataVersionBump } from "../graph/data-version.js";

/** One batch of MERGEs; far more than a request's query, so it gets its own deadline. */
export const SEED_BATCH_TIMEOUT_MS = 120_000;

export interface WriteStep {
  name: string;
  kind: "node" | "edge";
  cypher: string;
  rows: object[];
}

export function writeSteps(g: GraphRows): WriteStep[] {
  return [
    {
      name: "Phase",
      kind: "node",
      rows: g.phases,
      cypher: "UNWIND $rows AS row MERGE (p:Phase {name: row.name})",
    },
    {
      name: "IcdCode",
      kind: "node",
      rows: g.icdCodes,
      cypher:
        "UNWIND $rows AS row MERGE (c:IcdCode {code: row.code}) SET c.description = row.description, c.level = row.level",
    },
    {
      name: "Drug",
      kind: "node",
      rows: g.drugs,
      cypher:
        "UNWIND $rows AS row MERGE (d:Drug {name: row.name}) SET d.smiles = row.smiles, d.canonicalSmiles = row.canonicalSmiles, d.rawSmiles = row.rawSmiles, d.smilesSource = row.smilesSource",
    },
    {
      name: "Disease",
      kind: "node",
      rows: g.diseases,
      cypher: "UNWIND $rows AS row MERGE (d:Disease {name: row.name})",
    },
    {
      name: "Trial",
      kind: "node",
      rows: g.trials,
      // `+=` leaves model outputs (successProbability, embedding, modelVersion) in place.
      cypher: "UNWIND $rows AS row MERGE (t:Trial {nctId: row.nctId}) SET t += row",
    },
    {
      name: "IN_PHASE",
      kind: "edge",
      rows: g.inPhase,
      cypher:
        "UNWIND $rows AS row MATCH (t:Trial {nctId: row.nctId}) MATCH (p:Phase {name: row.phase}) MERGE (t)-[:IN_PHASE]->(p)",
    },
    {
      name: "TESTS",
      kind: "edge",
      rows: g.tests,
      cypher:
        "UNWIND $rows AS row MATCH (t:Trial {nctId: row.nctId}) MATCH (d:Drug {name: row.name}) MERGE (t)-[r:TESTS]->(d) SET r.position = row.position",
    },
    {
      name: "STUDIES",
      kind: "edge",
      rows: g.studies,
      cypher:
        "UNWIND $rows AS row MATCH (t:Trial {nctId: row.nctId}) MATCH (d:Disease {name: row.name}) MERGE (t)-[r:STUDIES]->(d) SET r.position = row.position",
    },
    {
      name: "CODED_AS",
      kind: "edge",
      rows: g.codedAs,
      cypher:
        "UNWIND $rows AS row MATCH (d:Disease {name: row.name}) MATCH (c:IcdCode {code: row.code}) MERGE (d)-[:CODED_AS]->(c)",
    },
    {
      name: "IS_A",
      kind: "edge",
      rows: g.isA,
      cypher:
        "UNWIND $rows AS row MATCH (c:IcdCode {code: row.code}) MATCH (p:IcdCode {code: row.parent}) MERGE (c)-[:IS_A]->(p)",
    },
  ];
}

export interface WriteOptions {
  batchSize: number;
  signal?: AbortSignal;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface WriteStats {
  rowsWritten: Record<string, number>;
  batches: number;
  nodesCreated: number;
  relationshipsCreated: number;
  propertiesSet: number;
}

export async function writeGraph(
  executor: Executor,
  steps: WriteStep[],
  options: WriteOptions,
): Promise<WriteStats> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${options.batchSize}`);
  const stats: WriteStats = {
    rowsWritten: {},
    batches: 0,
    nodesCreated: 0,
    relationshipsCreated: 0,
    propertiesSet: 0,
  };
  for (const step of steps) {
    stats.rowsWritten[step.name] = 0;
    for (let start = 0; start < step.rows.length; start += options.batchSize) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error("seed aborted");
      const batch = step.rows.slice(start, start + options.batchSize);
      const { counters: c } = await executor.write(
        // Each batch raises the data version with it, so materialised analytics know they are stale.
        withDataVersionBump(step.cypher),
        { rows: batch },
        { timeoutMs: SEED_BATCH_TIMEOUT_MS },
      );
      stats.nodesCreated += c.nodesCreated;
      stats.relationshipsCreated += c.relationshipsCreated;
      stats.propertiesSet += c.propertiesSet;
      stats.batches++;
      stats.rowsWritten[step.name] += batch.length;
      options.onProgress?.(step.name, start + batch.length, step.rows.length);
    }
  }
  return stats;
}
