// Read-side Cypher for trials: lookups by id, filtered pages, counts, and the drug/disease
// lists the model needs. All values are parameters; ids are batched with UNWIND.
import { cypherInt, readRows, type GraphHandle } from "./read-query.js";
import { trialMatchClause, trialOrderBy, type TrialFilter, type TrialOrder } from "./trial-filter.js";
import { trialFullTextIndex } from "./index-names.js";

export interface TrialRow {
  nctId: string;
  phase: string | null;
  status: string | null;
  whyStop: string | null;
  outcome: number | null;
  split: string | null;
  inclusionCriteria: string | null;
  exclusionCriteria: string | null;
  source: string[];
  hintPrediction: number | null;
  successProbability: number | null;
  modelVersion: string | null;
  phaseModel: string | null;
  /** The source row's SMILES list in order, exactly what the model featurizes (seeded on the Trial). */
  drugSmiles: string[] | null;
  /** The source row's ICD codes, flattened in order without duplicates (model input). */
  icdCodes: string[] | null;
}

export interface TrialDrugRow {
  name: string;
  smiles: string | null;
  canonicalSmiles: string | null;
}

export interface TrialDiseaseRow {
  name: string;
  icdCodes: { code: string; description: string | null }[];
}

/** Map projection shared by every query that returns trials (the embedding stays in the graph). */
export const TRIAL_FIELDS = `{ .nctId, .phase, .status, .whyStop, .outcome, .split, .inclusionCriteria,
  .exclusionCriteria, .source, .hintPrediction, .successProbability, .modelVersion, .phaseModel, .drugSmiles, .icdCodes }`;

export function normaliseTrial(raw: Record<string, unknown>): TrialRow {
  const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
  const num = (v: unknown): number | null => (v === undefined || v === null ? null : Number(v));
  return {
    nctId: String(raw.nctId),
    phase: str(raw.phase),
    status: str(raw.status),
    whyStop: str(raw.whyStop),
    outcome: num(raw.outcome),
    split: str(raw.split),
    inclusionCriteria: str(raw.inclusionCriteria),
    exclusionCriteria: str(raw.exclusionCriteria),
    source: Array.isArray(raw.source)
      ? raw.source.map(String)
      : raw.source == null
        ? []
        : [String(raw.source)],
    hintPrediction: num(raw.hintPrediction),
    successProbability: num(raw.successProbability),
    modelVersion: str(raw.modelVersion),
    phaseModel: str(raw.phaseModel),
    drugSmiles: Array.isArray(raw.drugSmiles) ? raw.drugSmiles.map(String) : null,
    icdCodes: Array.isArray(raw.icdCodes) ? raw.icdCodes.map(String) : null,
  };
}

export async function trialsByIds(
  graph: GraphHandle,
  ids: readonly string[],
): Promise<Map<string, TrialRow>> {
  const rows = await readRows<{ trial: Record<string, unknown> }>(
    graph,
    `UNWIND $ids AS id MATCH (t:Trial {nctId: id}) RETURN t ${TRIAL_FIELDS} AS trial`,
    { ids: [...ids] },
  );
  return new Map(rows.map((r) => [String(r.trial.nctId), normaliseTrial(r.trial)]));
}

export async function listTrials(
  graph: GraphHandle,
  filter: TrialFilter | null | undefined,
  order: TrialOrder,
  offset: number,
  limit: number,
): Promise<TrialRow[]> {
  const match = trialMatchClause(filter, filter?.text ? await trialFullTextIndex(graph) : null);
  const rows = await readRows<{ trial: Record<string, unknown> }>(
    graph,
    `${match.cypher} RETURN t ${TRIAL_FIELDS} AS trial, score ${trialOrderBy(order)} SKIP $offset LIMIT $limit`,
    { ...match.params, offset: cypherInt(offset), limit: cypherInt(limit) },
  );
  return rows.map((r) => normaliseTrial(r.trial));
}

export async function countTrials(
  graph: GraphHandle,
  filter: TrialFilter | null | undefined,
): Promise<number> {
  const match = trialMatchClause(filter, filter?.text ? await trialFullTextIndex(graph) : null);
  const rows = await readRows<{ n: number }>(graph, `${match.cypher} RETURN count(t) AS n`, match.params);
  return rows[0]?.n ?? 0;
}

/** Position of an edge in its source list when the seed recorded one; otherwise graph order. */
function edgePosition(rel: Record<string, unknown> | null | undefined): number {
  const v = rel?.position ?? rel?.index ?? rel?.order ?? rel?.ordinal;
  return typeof v === "number" ? v : Number.MAX_SAFE_INTEGER;
}

/** Drugs per trial, in the order of the trial's drug list (the model's input order). */
export async function drugsByTrialIds(
  graph: GraphHandle,
  ids: readonly string[],
): Promise<Map<string, TrialDrugRow[]>> {
  const rows = await readRows<{ id: string; drug: TrialDrugRow; rel: Record<string, unknown> }>(
    graph,
    `UNWIND $ids AS id MATCH (:Trial {nctId: id})-[r:TESTS]->(d:Drug)
     RETURN id, d { .name, .smiles, .canonicalSmiles } AS drug, properties(r) AS rel`,
    { ids: [...ids] },
  );
  const out = new Map<string, TrialDrugRow[]>(ids.map((id) => [id, []]));
  const sorted = [...rows].sort((a, b) => edgePosition(a.rel) - edgePosition(b.rel));
  for (const r of sorted) {
    out.get(r.id)?.push({
      name: r.drug.name,
      smiles: r.drug.smiles ?? null,
      canonicalSmiles: r.drug.canonicalSmiles ?? null,
    });
  }
  return out;
}

/** Diseases per trial (trial order), each with its ICD codes (code-list order). */
export async function diseasesByTrialIds(
  graph: GraphHandle,
  ids: readonly string[],
): Promise<Map<string, TrialDiseaseRow[]>> {
  const rows = await readRows<{
    id: string;
    name: string;
    rel: Record<string, unknown>;
    codes: { code: string; description: string | null; rel: Record<string, unknown> }[];
  }>(
    graph,
    `UNWIND $ids AS id MATCH (:Trial {nctId: id})-[r:STUDIES]->(s:Disease)
     OPTIONAL MATCH (s)-[c:CODED_AS]->(code:IcdCode)
     WITH id, s, r, collect(CASE WHEN code IS NULL THEN null
       ELSE { code: code.code, description: code.description, rel: properties(c) } END) AS codes
     RETURN id, s.name AS name, properties(r) AS rel, codes`,
    { ids: [...ids] },
  );
  const out = new Map<string, TrialDiseaseRow[]>(ids.map((id) => [id, []]));
  const sorted = [...rows].sort((a, b) => edgePosition(a.rel) - edgePosition(b.rel));
  for (const r of sorted) {
    const codes = r.codes
      .filter((c) => c !== null)
      .sort((a, b) => edgePosition(a.rel) - edgePosition(b.rel))
      .map((c) => ({ code: c.code, description: c.description ?? null }));
    out.get(r.id)?.push({ name: r.name, icdCodes: codes });
  }
  return out;
}

/** Stored embeddings (with the model version that wrote them) for the given trials. */
export async function storedEmbeddings(
  graph: GraphHandle,
  ids: readonly string[],
): Promise<Map<string, { embedding: number[]; modelVersion: string | null }>> {
  const rows = await readRows<{ id: string; embedding: number[]; modelVersion: string | null }>(
    graph,
    `UNWIND $ids AS id MATCH (t:Trial {nctId: id}) WHERE t.embedding IS NOT NULL
     RETURN id, t.embedding AS embedding, t.modelVersion AS modelVersion`,
    { ids: [...ids] },
  );
  return new Map(rows.map((r) => [r.id, { embedding: r.embedding, modelVersion: r.modelVersion }]));
}

/** SMILES stored on Drug nodes for the given names (case-insensitive), keyed by lower-case name. */
export async function drugSmilesByNames(
  graph: GraphHandle,
  names: readonly string[],
): Promise<Map<string, string | null>> {
  const rows = await readRows<{ key: string; smiles: string | null }>(
    graph,
    `UNWIND $names AS key MATCH (d:Drug) WHERE toLower(d.name) = key
     RETURN key, head(collect(d.smiles)) AS smiles`,
    { names: names.map((n) => n.toLowerCase()) },
  );
  return new Map(rows.map((r) => [r.key, r.smiles ?? null]));
}
