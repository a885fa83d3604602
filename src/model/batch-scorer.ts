// The Scorer of src/model/types.ts: calls made in the same turn of the event loop (all resolvers of
// one GraphQL query) are queued and run as ONNX batches of at most maxBatch trials, one batch at a
// time; results are cached by (model version, trial).
import { createHash } from "node:crypto";
import type { Featurizer, TrialFeatures } from "./featurizer.js";
import { LruCache } from "./lru-cache.js";
import type { ModelRunner } from "./onnx-model-runner.js";
import type { Scorer, ScorerStats, TrialModelInput, TrialScore } from "./types.js";

const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** What a cached score holds, roughly: the key's UTF-16, the embedding as a JS array, the fallbacks. */
function scoreBytes(score: TrialScore, key: string): number {
  return 256 + 2 * key.length + 16 * score.embedding.length + 2 * JSON.stringify(score.fallbacks).length;
}

export interface BatchScorerOptions {
  featurizer: Pick<Featurizer, "featurize">;
  runner: ModelRunner;
  modelVersion: string;
  executionProvider: string;
  embeddingDim: number;
  maxBatch: number;
  cacheSize: number;
  /** Most bytes the score cache holds (default 64 MiB). */
  cacheBytes?: number;
  /**
   * Work to do off the event loop before a batch is featurized (the RDKit fingerprints, computed in
   * a worker), so that featurizing itself stays cheap.
   */
  prepare?: (inputs: TrialModelInput[]) => Promise<void>;
  /** Defers the first batch of a turn; default setImmediate (after all promise jobs and I/O callbacks). */
  schedule?: (flush: () => void) => void;
  /** Called once by close(), e.g. to release the ONNX sessions. */
  onClose?: () => Promise<void>;
}

interface Pending {
  input: TrialModelInput;
  key: string;
  resolve: (score: TrialScore) => void;
  reject: (err: unknown) => void;
}

export class BatchScorer implements Scorer {
  readonly modelVersion: string;
  readonly executionProvider: string;
  readonly embeddingDim: number;
  readonly maxBatch: number;
  private readonly cache: LruCache<string, TrialScore>;
  /** Promises of trials queued or running, so a trial asked for twice in one query runs once. */
  private readonly inFlight = new Map<string, Promise<TrialScore>>();
  private queue: Pending[] = [];
  private scheduled = false;
  private running: Promise<void> | null = null;
  private closed = false;
  private counters = { onnxRuns: 0, trialsScored: 0, cacheHits: 0, batches: 0, failedBatches: 0 };

  constructor(private readonly options: BatchScorerOptions) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) {
      throw new Error(`maxBatch must be a positive integer, got ${options.maxBatch}`);
    }
    this.modelVersion = options.modelVersion;
    this.executionProvider = options.executionProvider;
    this.embeddingDim = options.embeddingDim;
    this.maxBatch = options.maxBatch;
    this.cache = new LruCache(options.cacheSize, {
      maxBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES,
      sizeOf: scoreBytes,
    });
  }

  /**
   * Cache key: trials from the graph by id and the phase they are scored as (the API asks one trial
   * under several phase models); planned trials (no nctId) by a hash of their fields, so asking the
   * same what-if twice costs one run.
   */
  cacheKey(input: TrialModelInput): string {
    if (input.nctId) return `${this.modelVersion}\u0000id:${input.nctId}\u0000phase:${input.phase}`;
    const fields = [
      input.phase,
      input.inclusionCriteria,
      input.exclusionCriteria,
      input.drugs,
      input.icdCodes,
    ];
    const hash = createHash("sha256").update(JSON.stringify(fields)).digest("base64url");
    return `${this.modelVersion}\u0000planned:${hash}`;
  }

  score(input: TrialModelInput): Promise<TrialScore> {
    if (this.closed) return Promise.reject(new Error("scorer is closed"));
    const key = this.cacheKey(input);
    const cached = this.cache.get(key);
    if (cached) {
      this.counters.cacheHits++;
      return Promise.resolve(cached);
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.counters.cacheHits++;
      return pending;
    }
    const promise = new Promise<TrialScore>((resolve, reject) => {
      this.queue.push({ input, key, resolve, reject });
    });
    this.inFlight.set(key, promise);
    // Callers that drop the promise must not crash the process with an unhandled rejection.
    promise.catch(() => undefined);
    this.scheduleFlush();
    return promise;
  }

  scoreMany(inputs: TrialModelInput[]): Promise<TrialScore[]> {
    return Promise.all(inputs.map((input) => this.score(input)));
  }

  stats(): ScorerStats {
    const { onnxRuns, trialsScored, cacheHits } = this.counters;
    return { onnxRuns, trialsScored, cacheHits };
  }

  /** stats() plus batches that failed and the cache size, for logs and /health. */
  detailedStats(): ScorerStats & {
    failedBatches: number;
    cacheSize: number;
    cacheBytes: number;
    queued: number;
  } {
    return {
      ...this.stats(),
      failedBatches: this.counters.failedBatches,
      cacheSize: this.cache.size,
      cacheBytes: this.cache.bytes,
      queued: this.queue.length,
    };
  }

  /** Finishes queued work, then refuses new calls and releases the model. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.running || this.queue.length) {
      if (!this.running) this.running = this.drain();
      await this.running;
    }
    this.cache.clear();
    await this.options.onClose?.();
  }

  private scheduleFlush(): void {
    if (this.scheduled || this.running) return; // a running drain picks up the queue when done
    this.scheduled = true;
    const schedule = this.options.schedule ?? ((fn: () => void) => void setImmediate(fn));
    schedule(() => {
      this.scheduled = false;
      if (!this.running) this.running = this.drain();
    });
  }

  /** Runs batches until the queue is empty; calls queued meanwhile join the next batches. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        // Before a partial batch, let calls of the current turn join it: fewer, fuller runs.
        if (this.queue.length < this.maxBatch) await new Promise((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, this.maxBatch);
        await this.runBatch(batch);
      }
    } finally {
      this.running = null;
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    try {
      await this.options.prepare?.(batch.map((p) => p.input));
    } catch (err) {
      for (const p of batch) this.settle(p, err);
      return;
    }
    // A trial that cannot be featurized fails alone; the others still run.
    const ready: { p: Pending; f: TrialFeatures }[] = [];
    for (const p of batch) {
      try {
        ready.push({ p, f: this.options.featurizer.featurize(p.input) });
      } catch (err) {
        this.settle(p, err);
      }
    }
    if (!ready.length) return;
    this.counters.batches++;
    let out;
    try {
      this.counters.onnxRuns++;
      out = await this.options.runner.run(ready.map((r) => r.f));
      const E = this.embeddingDim;
      if (out.probabilities.length !== ready.length || out.embeddings.length !== ready.length * E) {
        throw new Error(
          `model returned ${out.probabilities.length} probabilities and ${out.embeddings.length} ` +
            `embedding values for ${ready.length} trials (embeddingDim ${E})`,
        );
      }
    } catch (err) {
      this.counters.failedBatches++;
      for (const r of ready) this.settle(r.p, err);
      return;
    }
    ready.forEach(({ p, f }, i) => {
      const score: TrialScore = Object.freeze({
        probability: out.probabilities[i],
        embedding: Array.from(out.embeddings.subarray(i * this.embeddingDim, (i + 1) * this.embeddingDim)),
        modelVersion: this.modelVersion,
        phaseModel: f.phaseModel,
        executionProvider: this.executionProvider,
        fallbacks: f.fallbacks,
      });
      this.counters.trialsScored++;
      if (!this.closed) this.cache.set(p.key, score);
      this.settle(p, undefined, score);
    });
  }

  private settle(p: Pending, err: unknown, score?: TrialScore): void {
    this.inFlight.delete(p.key);
    if (score) p.resolve(score);
    else p.reject(err);
  }
}
