// Read-side Cypher for drugs, diseases and ICD codes: lookups, lists, their trials and
// observed success rates. An ICD code's trials include those of every code below it (IS_A).
import { cypherInt, readRows, type GraphHandle } from "./read-query.js";
import { normaliseTrial, TRIAL_FIELDS, type TrialRow } from "./trial-queries.js";

/** Outcome statistics over a set of trials. */
export interface OutcomeStats {
  trialCount: number;
  /** Trials with an observed outcome (0 or 1). */
  withOutcome: number;
  successes: number;
  /** successes / withOutcome, null when no trial has an outcome. */
  observedSuccessRate: number | null;
  /** Mean stored successProbability, null when none is scored. */
  predictedMean: number | null;
}

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

/** Cypher that aggregates trials `t` into OutcomeStats fields (expects `t` bound, grouped by the caller). */
const STATS = `count(DISTINCT t) AS trialCount,
  count(DISTINCT CASE WHEN t.outcome IS NOT NULL THEN t END) AS withOutcome,
  count(DISTINCT CASE WHEN t.outcome = 1 THEN t END) AS successes,
  avg(t.successProbability) AS predictedMean`;

function withRate<T extends Omit<OutcomeStats, "observedSuccessRate">>(row: T): T & OutcomeStats {
  return {
    ...row,
    predictedMean: row.predictedMean ?? null,
    observedSuccessRate: row.withOutcome > 0 ? row.successes / row.withOutcome : null,
  };
}

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

export async function findDrug(graph: GraphHandle, name: string): Promise<DrugRow | null> {
  const rows = await readRows<DrugRow>(
    graph,
    `MATCH (x:Drug) WHERE x.name = $name OR toLower(x.name) = toLower($name)
     WITH x ORDER BY x.name = $name DESC LIMIT 1
     OPTIONAL MATCH ${trialPattern("drug")}
     RETURN x.name AS name, x.smiles AS smiles, x.canonicalSmiles AS canonicalSmiles, ${STATS}`,
    { name },
  );
  return rows[0] ? withRate(rows[0]) : null;
}

export async function listDrugs(
  graph: GraphHandle,
  search: string | null | undefined,
  offset: number,
  limit: number,
): Promise<DrugRow[]> {
  const rows = await readRows<DrugRow>(
    graph,
    `MATCH (x:Drug) WHERE $search IS NULL OR toLower(x.name) CONTAINS toLower($search)
     OPTIONAL MATCH ${trialPattern("drug")}
     WITH x, ${STATS}
     RETURN x.name AS name, x.smiles AS smiles, x.canonicalSmiles AS canonicalSmiles,
       trialCount, withOutcome, successes, predictedMean
     ORDER BY trialCount DESC, name SKIP $offset LIMIT $limit`,
    { search: search ?? null, offset: cypherInt(offset), limit: cypherInt(limit) },
  );
  return rows.map(withRate);
}

export async function findDisease(graph: GraphHandle, name: string): Promise<DiseaseRow | null> {
  const rows = await readRows<DiseaseRow>(
    graph,
    `MATCH (x:Disease) WHERE x.name = $name OR toLower(x.name) = toLower($name)
     WITH x ORDER BY x.name = $name DESC LIMIT 1
     OPTIONAL MATCH ${trialPattern("disease")}
     RETURN x.name AS name, ${STATS}`,
    { name },
  );
  return rows[0] ? withRate(rows[0]) : null;
}

export async function listDiseases(
  graph: GraphHandle,
  search: string | null | undefined,
  offset: number,
  limit: number,
): Promise<DiseaseRow[]> {
  const rows = await readRows<DiseaseRow>(
    graph,
    `MATCH (x:Disease) WHERE $search IS NULL OR toLower(x.name) CONTAINS toLower($search)
     OPTIONAL MATCH ${trialPattern("disease")}
     WITH x, ${STATS}
     RETURN x.name AS name, trialCount, withOutcome, successes, predictedMean
     ORDER BY trialCount DESC, name SKIP $offset LIMIT $limit`,
    { search: search ?? null, offset: cypherInt(offset), limit: cypherInt(limit) },
  );
  return rows.map(withRate);
}

export async function findIcdCode(graph: GraphHandle, code: string): Promise<IcdCodeRow | null> {
  const rows = await readRows<IcdCodeRow>(
    graph,
    `MATCH (x:IcdCode {code: $code})
     OPTIONAL MATCH ${trialPattern("icd")}
     RETURN x.code AS code, x.description AS description, ${STATS}`,
    { code },
  );
  return rows[0] ? withRate(rows[0]) : null;
}

/** Direct parents (IS_A targets) or children (IS_A sources) of an ICD code, with their stats. */
export async function icdNeighbours(
  graph: GraphHandle,
  code: string,
  direction: "parents" | "children",
): Promise<IcdCodeRow[]> {
  const step =
    direction === "parents"
      ? "(:IcdCode {code: $code})-[:IS_A]->(x:IcdCode)"
      : "(:IcdCode {code: $code})<-[:IS_A]-(x:IcdCode)";
  const rows = await readRows<IcdCodeRow>(
    graph,
    `MATCH ${step}
     OPTIONAL MATCH ${trialPattern("icd")}
     WITH x, ${STATS}
     RETURN x.code AS code, x.description AS description, trialCount, withOutcome, successes, predictedMean
     ORDER BY code`,
    { code },
  );
  return rows.map(withRate);
}

/** Codes of the diseases' ICD codes, per disease name (for Disease.icdCodes outside a trial). */
export async function icdCodesByDiseaseNames(
  graph: GraphHandle,
  names: readonly string[],
): Promise<Map<string, { code: string; description: string | null }[]>> {
  const rows = await readRows<{ name: string; codes: { code: string; description: string | null }[] }>(
    graph,
    `UNWIND $names AS name MATCH (:Disease {name: name})-[:CODED_AS]->(c:IcdCode)
     WITH name, c ORDER BY c.code
     RETURN name, collect({ code: c.code, description: c.description }) AS codes`,
    { names: [...names] },
  );
  return new Map(rows.map((r) => [r.name, r.codes]));
}

/** A page of the trials of one drug / disease / ICD code (ICD: including codes below it). */
export async function catalogTrials(
  graph: GraphHandle,
  kind: CatalogKind,
  key: string,
  offset: number,
  limit: number,
): Promise<TrialRow[]> {
  const anchor =
    kind === "drug"
      ? "(x:Drug {name: $key})"
      : kind === "disease"
        ? "(x:Disease {name: $key})"
        : "(x:IcdCode {code: $key})";
  const rows = await readRows<{ trial: Record<string, unknown> }>(
    graph,
    `MATCH ${anchor} MATCH ${trialPattern(kind)}
     WITH DISTINCT t ORDER BY t.nctId SKIP $offset LIMIT $limit
     RETURN t ${TRIAL_FIELDS} AS trial`,
    { key, offset: cypherInt(offset), limit: cypherInt(limit) },
  );
  return rows.map((r) => normaliseTrial(r.trial));
}

/** Outcome statistics for many drugs / diseases / ICD codes at once, keyed by name or code. */
export async function statsByKeys(
  graph: GraphHandle,
  kind: CatalogKind,
  keys: readonly string[],
): Promise<Map<string, OutcomeStats>> {
  const anchor =
    kind === "drug"
      ? "(x:Drug {name: key})"
      : kind === "disease"
        ? "(x:Disease {name: key})"
        : "(x:IcdCode {code: key})";
  const rows = await readRows<OutcomeStats & { key: string }>(
    graph,
    `UNWIND $keys AS key MATCH ${anchor}
     OPTIONAL MATCH ${trialPattern(kind)}
     RETURN key, ${STATS}`,
    { keys: [...keys] },
  );
  return new Map(rows.map((r) => [r.key, withRate(r)]));
}
