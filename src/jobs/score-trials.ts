// The scoring job: every trial without a score of the loaded model version gets its probability,
// embedding and model version written onto the node, in chunks, with progress; then the vector
// index is (re)created with the model's embedding dimension. It sits above graph/ and model/
// (it calls both), like the GraphQL layer. An abort signal (Ctrl-C in `score` and `serve`) stops
// it between chunks: every chunk written so far stays, and the next run picks up the rest.
import type { Scorer } from "../model/types.js";
import type { Executor } from "../graph/executor.js";
import type { Repositories } from "../graph/repositories.js";
import { ensureVectorIndex } from "../graph/vector-index.js";
import { inShard, type Shard } from "./shard.js";

export interface ScoreTrialsOptions {
  /** Trials read, scored and written per step; the scorer splits each into ONNX runs of maxBatch. */
  chunkSize?: number;
  /** Score these trials only (default: all trials lacking a score of this model version). */
  ids?: readonly string[];
  /** Re-score trials that already carry this model version's score. */
  force?: boolean;
  /** Score only this worker's part of the trials (`score --shard i/n`, src/jobs/shard.ts). */
  shard?: Shard;
  /** Called with the ids of each chunk once its write has committed. */
  onWritten?: (ids: string[]) => void;
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
  graph: Pick<Repositories, "scores"> & Partial<Pick<Repositories, "analytics">>,
  executor: Executor,
  scorer: Scorer,
  options: ScoreTrialsOptions = {},
): Promise<ScoreTrialsSummary> {
  const log = options.log ?? ((line: string) => console.error(line));
  const chunkSize = Math.max(1, options.chunkSize ?? 64);
  const all = options.ids
    ? [...options.ids]
    : options.force
      ? await graph.scores.allTrialIds()
      : await graph.scores.unscoredTrialIds(scorer.modelVersion);
  const shard = options.shard;
  const ids = shard ? all.filter((id) => inShard(id, shard)) : all;

  const started = performance.now();
  const fallbacks: Record<string, number> = {};
  let done = 0;
  let lastLog = 0;
  if (ids.length)
    log(
      `[score] ${ids.length} trials to score with ${scorer.modelVersion} on ${scorer.executionProvider}` +
        (shard ? ` (shard ${shard.index}/${shard.count})` : ""),
    );
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
    options.onWritten?.(inputs.map((input) => input.nctId));
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
  // New scores change the analytics' predicted means: store fresh views now rather than make the
  // next dashboard request wait for the scan.
  if (!stopped && done > 0) await graph.analytics?.refresh();
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
