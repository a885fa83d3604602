// The scoring job: every trial without a score of the loaded model version gets its probability,
// embedding and model version written onto the node, in chunks, with progress; then the vector
// index is (re)created with the model's embedding dimension. It sits above graph/ and model/
// (it calls both), like the GraphQL layer. An abort signal (Ctrl-C in `score` and `serve`) stops
// it between chunks: every chunk written so far stays, and the next run picks up the rest.
import type { Scorer } from "../model/types.js";
import type { Executor } from "../graph/executor.js";
import type { Repositories } from "../graph/repositories.js";
import { ensureVectorIndex } from "../graph/vector-index.js";

export interface ScoreTrialsOptions {
  /** Trials read, scored and written per step; the scorer splits each into ONNX runs of maxBatch. */
  chunkSize?: number;
  /** Score these trials only (default: all trials lacking a score of this model version). */
  ids?: readonly string[];
  /** Re-score trials that already carry this model version's score. */
  force?: boolean;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface ScoreTrialsSummary {
  modelVersion: string;
  executionProvider: string;
  trialsScored: number;
  seconds: number;
  trialsPerSecond: number;
  vectorIndex: { dimensions: number; recreated: boolean };
  /** Featurizer fallbacks by kind over all scored trials (e.g. unparsable SMILES). */
  fallbacks: Record<string, number>;
  /** True when the signal stopped the run before every trial was scored (no index change then). */
  stopped: boolean;
}

export async function scoreTrials(
  graph: Pick<Repositories, "scores">,
  executor: Executor,
  scorer: Scorer,
  options: ScoreTrialsOptions = {},
): Promise<ScoreTrialsSummary> {
  const log = options.log ?? ((line: string) => console.error(line));
  const chunkSize = Math.max(1, options.chunkSize ?? 64);
  const ids = options.ids
    ? [...options.ids]
    : options.force
      ? await graph.scores.allTrialIds()
      : await graph.scores.unscoredTrialIds(scorer.modelVersion);

  const started = performance.now();
  const fallbacks: Record<string, number> = {};
  let done = 0;
  let lastLog = 0;
  if (ids.length)
    log(`[score] ${ids.length} trials to score with ${scorer.modelVersion} on ${scorer.executionProvider}`);
  let stopped = false;
  for (let i = 0; i < ids.length; i += chunkSize) {
    if (options.signal?.aborted) {
      stopped = true;
      log(`[score] stopped after ${done}/${ids.length} trials; the next run scores the rest`);
      break;
    }
    const inputs = await graph.scores.modelInputs(ids.slice(i, i + chunkSize));
    const scores = await scorer.scoreMany(inputs);
    await graph.scores.writeScores(
      inputs.map((input, j) => ({
        nctId: input.nctId,
        probability: scores[j]!.probability,
        embedding: scores[j]!.embedding,
        modelVersion: scores[j]!.modelVersion,
        phaseModel: scores[j]!.phaseModel,
      })),
    );
    for (const s of scores) for (const f of s.fallbacks) fallbacks[f.kind] = (fallbacks[f.kind] ?? 0) + 1;
    done += inputs.length;
    const now = performance.now();
    if (now - lastLog > 5_000 || done === ids.length) {
      lastLog = now;
      const rate = done / ((now - started) / 1000);
      const eta = rate > 0 ? Math.round((ids.length - done) / rate) : 0;
      log(`[score] ${done}/${ids.length} trials (${rate.toFixed(1)}/s, ~${eta} s left)`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const index = stopped
    ? { dimensions: scorer.embeddingDim, recreated: false }
    : await ensureVectorIndex(executor, scorer.embeddingDim);
  return {
    modelVersion: scorer.modelVersion,
    executionProvider: scorer.executionProvider,
    trialsScored: done,
    seconds,
    trialsPerSecond: seconds > 0 ? done / seconds : 0,
    vectorIndex: { dimensions: index.dimensions, recreated: index.recreated },
    fallbacks,
    stopped,
  };
}
