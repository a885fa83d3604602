// Nearest trials by embedding through the Neo4j vector index (db.index.vector.queryNodes).
// The anchor is a vector (a trial's stored or freshly computed embedding, or a planned trial's);
// filters run after the index lookup, so the lookup over-fetches and widens until k rows survive.
import { cypherInt, readRows, type GraphHandle } from "./read-query.js";
import { normaliseTrial, TRIAL_FIELDS, type TrialRow } from "./trial-queries.js";
import { trialVectorIndex } from "./index-names.js";

export interface SimilarTrialsQuery {
  vector: number[];
  k: number;
  /** The anchor trial itself, never returned. */
  excludeNctId?: string | null;
  successfulOnly?: boolean;
  /** Only trials of this phase string. */
  phase?: string | null;
  /** Lower-case names used to report shared drugs / diseases. */
  drugNames?: string[];
  diseaseNames?: string[];
}

export interface SimilarTrialRow {
  trial: TrialRow;
  score: number;
  sharedDrugs: string[];
  sharedDiseases: string[];
}

export class VectorIndexMissingError extends Error {
  constructor() {
    super("no vector index over Trial.embedding yet: score the trials first");
  }
}

/** Index lookups to try: enough for k after self-exclusion, more when filters drop rows. */
export function fetchSizes(k: number, filtered: boolean, total: number): number[] {
  const first = filtered ? Math.max(k * 8, 50) + 1 : k + 1;
  const sizes = [Math.min(first, total)];
  if (filtered) {
    for (const grow of [first * 8, total]) {
      const size = Math.min(grow, total);
      if (size > sizes[sizes.length - 1]!) sizes.push(size);
    }
  }
  return sizes;
}

export async function similarTrials(graph: GraphHandle, q: SimilarTrialsQuery): Promise<SimilarTrialRow[]> {
  if (q.k <= 0) return [];
  const index = await trialVectorIndex(graph);
  if (!index) throw new VectorIndexMissingError();
  const totalRows = await readRows<{ n: number }>(
    graph,
    "MATCH (t:Trial) WHERE t.embedding IS NOT NULL RETURN count(t) AS n",
  );
  const total = totalRows[0]?.n ?? 0;
  if (total === 0) return [];
  const filtered = Boolean(q.successfulOnly) || q.phase != null;
  let rows: SimilarTrialRow[] = [];
  for (const fetch of fetchSizes(q.k, filtered, total)) {
    const raw = await readRows<{
      trial: Record<string, unknown>;
      score: number;
      sharedDrugs: string[];
      sharedDiseases: string[];
    }>(
      graph,
      `CALL db.index.vector.queryNodes($index, $fetch, $vector) YIELD node AS s, score
       WHERE s:Trial AND ($exclude IS NULL OR s.nctId <> $exclude)
         AND (NOT $successfulOnly OR s.outcome = 1)
         AND ($phase IS NULL OR s.phase = $phase)
       WITH s, score ORDER BY score DESC, s.nctId LIMIT $k
       RETURN s ${TRIAL_FIELDS} AS trial, score,
         [(s)-[:TESTS]->(d:Drug) WHERE toLower(d.name) IN $drugNames | d.name] AS sharedDrugs,
         [(s)-[:STUDIES]->(x:Disease) WHERE toLower(x.name) IN $diseaseNames | x.name] AS sharedDiseases`,
      {
        index,
        fetch: cypherInt(fetch),
        vector: q.vector,
        exclude: q.excludeNctId ?? null,
        successfulOnly: Boolean(q.successfulOnly),
        phase: q.phase ?? null,
        k: cypherInt(q.k),
        drugNames: q.drugNames ?? [],
        diseaseNames: q.diseaseNames ?? [],
      },
    );
    rows = raw.map((r) => ({
      trial: normaliseTrial(r.trial),
      score: r.score,
      sharedDrugs: [...new Set(r.sharedDrugs)].sort(),
      sharedDiseases: [...new Set(r.sharedDiseases)].sort(),
    }));
    if (rows.length >= q.k) break;
  }
  return rows;
}
