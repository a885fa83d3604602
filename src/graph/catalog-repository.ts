// Drugs, diseases and ICD codes: lookups, lists, their trials and outcome statistics. An ICD
// code's trials include those of every code below it (IS_A).
import { int, type Executor } from "./executor.js";
import {
  OUTCOME_STATS,
  OUTCOME_STATS_COLUMNS,
  withSuccessRate,
  type OutcomeStats,
  type RawOutcomeStats,
} from "./outcome-stats.js";
import { toTrialRow, trialFields, type TrialRow } from "./trial-row.js";

export interface DrugRow extends OutcomeStats {
  name: string;
  smiles: string | null;
  canonicalSmiles: string | null;
}

export interface DiseaseRow extends OutcomeStats {
  name: string;
}

export interface IcdCodeRow extends OutcomeStats {
  code: string;
  description: string | null;
}

export type CatalogKind = "drug" | "disease" | "icd";

/** Pattern from the catalog node `x` to its trials `t`. */
function trialPattern(kind: CatalogKind): string {
  switch (kind) {
    case "drug":
      return "(x)<-[:TESTS]-(t:Trial)";
    case "disease":
      return "(x)<-[:STUDIES]-(t:Trial)";
    case "icd":
      return "(x)<-[:IS_A*0..]-(:IcdCode)<-[:CODED_AS]-(:Disease)<-[:STUDIES]-(t:Trial)";
  }
}

/** The catalog node `x` whose key equals the Cypher expression `key`. */
function anchor(kind: CatalogKind, key: string): string {
  switch (kind) {
    case "drug":
      return `(x:Drug {name: ${key}})`;
    case "disease":
      return `(x:Disease {name: ${key}})`;
    case "icd":
      return `(x:IcdCode {code: ${key}})`;
  }
}

export class CatalogRepository {
  constructor(private readonly executor: Executor) {}

  /** A drug by name: the exact spelling first, else case-insensitively. */
  async findDrug(name: string): Promise<DrugRow | null> {
    const rows = await this.executor.read<DrugRow>(
      `MATCH (x:Drug) WHERE x.name = $name OR toLower(x.name) = toLower($name)
       WITH x ORDER BY x.name = $name DESC LIMIT 1
       OPTIONAL MATCH ${trialPattern("drug")}
       RETURN x.name AS name, x.smiles AS smiles, x.canonicalSmiles AS canonicalSmiles, ${OUTCOME_STATS}`,
      { name },
    );
    return rows[0] ? withSuccessRate(rows[0]) : null;
  }

  async listDrugs(search: string | null, offset: number, limit: number): Promise<DrugRow[]> {
    const rows = await this.executor.read<DrugRow>(
      `MATCH (x:Drug) WHERE $search IS NULL OR toLower(x.name) CONTAINS toLower($search)
       OPTIONAL MATCH ${trialPattern("drug")}
       WITH x, ${OUTCOME_STATS}
       RETURN x.name AS name, x.smiles AS smiles, x.canonicalSmiles AS canonicalSmiles, ${OUTCOME_STATS_COLUMNS}
       ORDER BY trialCount DESC, name SKIP $offset LIMIT $limit`,
      { search, offset: int(offset), limit: int(limit) },
    );
    return rows.map(withSuccessRate);
  }

  async findDisease(name: string): Promise<DiseaseRow | null> {
    const rows = await this.executor.read<DiseaseRow>(
      `MATCH (x:Disease) WHERE x.name = $name OR toLower(x.name) = toLower($name)
       WITH x ORDER BY x.name = $name DESC LIMIT 1
       OPTIONAL MATCH ${trialPattern("disease")}
       RETURN x.name AS name, ${OUTCOME_STATS}`,
      { name },
    );
    return rows[0] ? withSuccessRate(rows[0]) : null;
  }

  async listDiseases(search: string | null, offset: number, limit: number): Promise<DiseaseRow[]> {
    const rows = await this.executor.read<DiseaseRow>(
      `MATCH (x:Disease) WHERE $search IS NULL OR toLower(x.name) CONTAINS toLower($search)
       OPTIONAL MATCH ${trialPattern("disease")}
       WITH x, ${OUTCOME_STATS}
       RETURN x.name AS name, ${OUTCOME_STATS_COLUMNS}
       ORDER BY trialCount DESC, name SKIP $offset LIMIT $limit`,
      { search, offset: int(offset), limit: int(limit) },
    );
    return rows.map(withSuccessRate);
  }

  async findIcdCode(code: string): Promise<IcdCodeRow | null> {
    const rows = await this.executor.read<IcdCodeRow>(
      `MATCH (x:IcdCode {code: $code})
       OPTIONAL MATCH ${trialPattern("icd")}
       RETURN x.code AS code, x.description AS description, ${OUTCOME_STATS}`,
      { code },
    );
    return rows[0] ? withSuccessRate(rows[0]) : null;
  }

  /** Direct parents (IS_A targets) or children (IS_A sources) of an ICD code, with their stats. */
  async icdNeighbours(code: string, direction: "parents" | "children"): Promise<IcdCodeRow[]> {
    const step =
      direction === "parents"
        ? "(:IcdCode {code: $code})-[:IS_A]->(x:IcdCode)"
        : "(:IcdCode {code: $code})<-[:IS_A]-(x:IcdCode)";
    const rows = await this.executor.read<IcdCodeRow>(
      `MATCH ${step}
       OPTIONAL MATCH ${trialPattern("icd")}
       WITH x, ${OUTCOME_STATS}
       RETURN x.code AS code, x.description AS description, ${OUTCOME_STATS_COLUMNS}
       ORDER BY code`,
      { code },
    );
    return rows.map(withSuccessRate);
  }

  /** ICD codes per disease name (for Disease.icdCodes outside a trial). */
  async icdCodesByDiseaseNames(
    names: readonly string[],
  ): Promise<Map<string, { code: string; description: string | null }[]>> {
    const rows = await this.executor.read<{
      name: string;
      codes: { code: string; description: string | null }[];
    }>(
      `UNWIND $names AS name MATCH (:Disease {name: name})-[:CODED_AS]->(c:IcdCode)
       WITH name, c ORDER BY c.code
       RETURN name, collect({ code: c.code, description: c.description }) AS codes`,
      { names: [...names] },
    );
    return new Map(rows.map((r) => [r.name, r.codes]));
  }

  /** A page of the trials of one drug / disease / ICD code (ICD: including codes below it). */
  async trialsOf(kind: CatalogKind, key: string, offset: number, limit: number): Promise<TrialRow[]> {
    const rows = await this.executor.read<{ trial: Record<string, unknown> }>(
      `MATCH ${anchor(kind, "$key")} MATCH ${trialPattern(kind)}
       WITH DISTINCT t ORDER BY t.nctId SKIP $offset LIMIT $limit
       RETURN ${trialFields("t")} AS trial`,
      { key, offset: int(offset), limit: int(limit) },
    );
    return rows.map((r) => toTrialRow(r.trial));
  }

  /** Outcome statistics for many drugs / diseases / ICD codes at once, keyed by name or code. */
  async statsByKeys(kind: CatalogKind, keys: readonly string[]): Promise<Map<string, OutcomeStats>> {
    const rows = await this.executor.read<RawOutcomeStats & { key: string }>(
      `UNWIND $keys AS key MATCH ${anchor(kind, "key")}
       OPTIONAL MATCH ${trialPattern(kind)}
       RETURN key, ${OUTCOME_STATS}`,
      { keys: [...keys] },
    );
    return new Map(rows.map((r) => [r.key, withSuccessRate(r)]));
  }
}
