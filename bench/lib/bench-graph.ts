// Makes sure the benchmark graph holds trials: run-all's seed step leaves it fully seeded; a
// benchmark run on its own seeds it (a small file with --smoke) when it is empty.
import { loadConfig } from "../../src/config.js";
import type { Executor } from "../../src/graph/executor.js";
import { trialCount } from "../../src/graph/graph-counts.js";
import { createRepositories } from "../../src/graph/repositories.js";
import { ensureVectorIndex } from "../../src/graph/vector-index.js";
import { scoreTrials } from "../../src/jobs/score-trials.js";
import type { Scorer } from "../../src/model/types.js";
import { seedIfEmpty } from "../../src/seed/seed.js";

/** The small bundled file the smoke runs seed. */
export const SMOKE_SEED_FILE = "phase_I_valid.csv.gz";

export async function ensureSeeded(executor: Executor, smoke: boolean): Promise<number> {
  const quiet = () => undefined;
  await seedIfEmpty(executor, {
    files: smoke ? [SMOKE_SEED_FILE] : undefined,
    dataDir: loadConfig().seedDataDir,
    reportPath: null,
    log: quiet,
  });
  return trialCount(executor);
}

/**
 * Makes sure trials carry embeddings of the scorer's model version and the vector index exists:
 * scores what is missing (at most `limit` trials; with --smoke a handful) through the scoring job.
 */
export async function ensureScored(
  executor: Executor,
  scorer: Scorer,
  limit: number | undefined,
): Promise<number> {
  const graph = createRepositories(executor);
  const missing = await graph.scores.unscoredTrialIds(scorer.modelVersion, limit);
  const all = await graph.scores.allTrialIds();
  const scoredAlready = all.length - (await graph.scores.unscoredTrialIds(scorer.modelVersion)).length;
  if (limit !== undefined && scoredAlready >= limit) return scoredAlready;
  if (missing.length) await scoreTrials(graph, executor, scorer, { ids: missing, log: () => undefined });
  else await ensureVectorIndex(executor, scorer.embeddingDim);
  return scoredAlready + missing.length;
}
