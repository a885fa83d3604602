// Makes sure the benchmark graph holds trials: run-all's seed step leaves it fully seeded; a
// benchmark run on its own seeds it (a small file with --smoke) when it is empty.
import type { Driver } from "neo4j-driver";
import { seedIfEmpty } from "../../graph-seed/src/seed.js";
import { trialCount } from "../../src/graph/graph-counts.js";
import { allTrialIds, unscoredTrialIds } from "../../src/graph/trial-model-input.js";
import { ensureVectorIndex } from "../../src/graph/vector-index.js";
import { scoreTrials } from "../../src/jobs/score-trials.js";
import type { Scorer } from "../../src/model/types.js";

/** The small bundled file the smoke runs seed. */
export const SMOKE_SEED_FILE = "phase_I_valid.csv.gz";

export async function ensureSeeded(driver: Driver, smoke: boolean, database?: string): Promise<number> {
  const quiet = () => undefined;
  await seedIfEmpty(driver, {
    files: smoke ? [SMOKE_SEED_FILE] : undefined,
    reportPath: null,
    database,
    log: quiet,
  });
  return trialCount(driver, database);
}

/**
 * Makes sure trials carry embeddings of the scorer's model version and the vector index exists:
 * scores what is missing (at most `limit` trials; with --smoke a handful) through the scoring job.
 */
export async function ensureScored(
  driver: Driver,
  scorer: Scorer,
  limit: number | undefined,
  database?: string,
): Promise<number> {
  const graph = { driver, database };
  const missing = await unscoredTrialIds(graph, scorer.modelVersion, limit);
  const all = await allTrialIds(graph);
  const scoredAlready = all.length - (await unscoredTrialIds(graph, scorer.modelVersion)).length;
  if (limit !== undefined && scoredAlready >= limit) return scoredAlready;
  if (missing.length) await scoreTrials(driver, scorer, { ids: missing, database, log: () => undefined });
  else await ensureVectorIndex(driver, scorer.embeddingDim, database);
  return scoredAlready + missing.length;
}
