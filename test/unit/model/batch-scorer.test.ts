import { describe, expect, it } from "vitest";
import { BatchScorer, type BatchScorerOptions } from "../../../src/model/batch-scorer.js";
import type { TrialFeatures } from "../../../src/model/featurizer.js";
import type { ModelOutputs, ModelRunner } from "../../../src/model/onnx-model-runner.js";
import type { TrialModelInput } from "../../../src/model/types.js";

// A fake model: probability = phaseId / 10 + (trial number) / 1000, embedding = [trial number, 1].
// The "trial number" travels in inclusionIds so each result can be checked against its input.
class FakeRunner implements ModelRunner {
  runs: number[] = [];
  failWhen: (batch: TrialFeatures[]) => boolean = () => false;
  async run(batch: TrialFeatures[]): Promise<ModelOutputs> {
    this.runs.push(batch.length);
    await new Promise((r) => setTimeout(r, 1));
    if (this.failWhen(batch)) throw new Error("model exploded");
    return {
      probabilities: Float32Array.from(batch.map((f) => f.phaseId / 10 + f.inclusionWindows[0][0] / 1000)),
      embeddings: Float32Array.from(batch.flatMap((f) => [f.inclusionWindows[0][0], 1])),
    };
  }
}

const fakeFeaturizer = {
  calls: 0,
  featurize(input: TrialModelInput): TrialFeatures {
    this.calls++;
    if (input.phase === "throw") throw new Error(`cannot featurize ${input.nctId}`);
    return {
      inclusionWindows: [[Number(input.inclusionCriteria)]],
      exclusionWindows: [[]],
      drugFp: new Float32Array(0),
      drugMask: new Float32Array(0),
      icdIds: [],
      phaseId: 2,
      phaseModel: "phase 3",
      fallbacks: [],
    };
  },
};

function trial(i: number, extra: Partial<TrialModelInput> = {}): TrialModelInput {
  return {
    nctId: `NCT${i}`,
    phase: "phase 3",
    inclusionCriteria: String(i),
    exclusionCriteria: "",
    drugs: [],
    icdCodes: [],
    ...extra,
  };
}

/** The one scorer builder of this file: fake featurizer and runner, any option overridden. */
function scorerWith(options: Partial<BatchScorerOptions>) {
  return new BatchScorer({
    featurizer: fakeFeaturizer,
    runner: new FakeRunner(),
    modelVersion: "v1",
    executionProvider: "cpu",
    embeddingDim: 2,
    maxBatch: 8,
    cacheSize: 10,
    ...options,
  });
}

function makeScorer(maxBatch: number, runner = new FakeRunner(), cacheSize = 1000) {
  return { scorer: scorerWith({ runner, maxBatch, cacheSize }), runner };
}

describe("BatchScorer", () => {
  it.each([
    [100, 32],
    [100, 7],
    [5, 32],
    [64, 32],
    [1, 1],
  ])("coalesces %i calls in one tick into ceil(n / %i) runs", async (n, maxBatch) => {
    const { scorer, runner } = makeScorer(maxBatch);
    const scores = await Promise.all(Array.from({ length: n }, (_, i) => scorer.score(trial(i))));
    expect(runner.runs.length).toBe(Math.ceil(n / maxBatch));
    expect(Math.max(...runner.runs)).toBeLessThanOrEqual(maxBatch);
    expect(scorer.stats()).toEqual({ onnxRuns: Math.ceil(n / maxBatch), trialsScored: n, cacheHits: 0 });
    scores.forEach((s, i) => {
      expect(s.probability).toBeCloseTo(0.2 + i / 1000, 6);
      expect(s.embedding).toEqual([i, 1]);
      expect(s).toMatchObject({ modelVersion: "v1", phaseModel: "phase 3", executionProvider: "cpu" });
    });
  });

  it("coalesces calls made from resolvers awaiting other promises in the same tick", async () => {
    const { scorer, runner } = makeScorer(32);
    // Like resolvers that first await a DataLoader: the calls arrive over several microtask hops.
    const calls = Array.from({ length: 40 }, async (_, i) => {
      for (let k = 0; k < i % 5; k++) await Promise.resolve();
      return scorer.score(trial(i));
    });
    await Promise.all(calls);
    expect(runner.runs).toEqual([32, 8]);
  });

  it("lets calls that arrive while a batch runs fill the next batches", async () => {
    const { scorer, runner } = makeScorer(32);
    const first = Array.from({ length: 33 }, (_, i) => scorer.score(trial(i)));
    // The rest arrive in a later macrotask, while the first run is in flight.
    const rest = await new Promise<Promise<unknown>[]>((resolve) =>
      setTimeout(() => resolve(Array.from({ length: 67 }, (_, i) => scorer.score(trial(33 + i)))), 0),
    );
    await Promise.all([...first, ...rest]);
    expect(runner.runs.length).toBe(Math.ceil(100 / 32));
    expect(runner.runs.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it("serves repeated trials from the cache and counts hits", async () => {
    const { scorer, runner } = makeScorer(8);
    await scorer.scoreMany([trial(1), trial(2)]);
    const again = await scorer.scoreMany([trial(1), trial(2), trial(3)]);
    expect(runner.runs).toEqual([2, 1]);
    expect(again.map((s) => s.embedding[0])).toEqual([1, 2, 3]);
    expect(scorer.stats()).toEqual({ onnxRuns: 2, trialsScored: 3, cacheHits: 2 });
  });

  it("runs a trial asked for twice in the same tick once", async () => {
    const { scorer, runner } = makeScorer(8);
    const [a, b] = await Promise.all([scorer.score(trial(5)), scorer.score(trial(5))]);
    expect(a).toBe(b);
    expect(runner.runs).toEqual([1]);
    expect(scorer.stats().trialsScored).toBe(1);
  });

  it("caches a graph trial per phase it is scored as (the API asks one trial under several phase models)", async () => {
    const { scorer, runner } = makeScorer(32);
    const [own, other] = await Promise.all([
      scorer.score(trial(7, { phase: "phase 1/phase 2" })),
      scorer.score(trial(7, { phase: "phase 3" })),
    ]);
    expect(runner.runs).toEqual([2]);
    expect(scorer.cacheKey(trial(7, { phase: "phase 1" }))).not.toBe(
      scorer.cacheKey(trial(7, { phase: "phase 3" })),
    );
    expect(await scorer.score(trial(7, { phase: "phase 3" }))).toBe(other);
    expect(await scorer.score(trial(7, { phase: "phase 1/phase 2" }))).toBe(own);
    expect(scorer.stats()).toMatchObject({ onnxRuns: 1, cacheHits: 2 });
  });

  it("caches planned trials (no nctId) by their fields", async () => {
    const { scorer, runner } = makeScorer(8);
    const planned = trial(9, { nctId: undefined });
    await scorer.score(planned);
    await scorer.score({ ...planned, drugs: [] });
    await scorer.score({ ...planned, inclusionCriteria: "10" });
    expect(runner.runs).toEqual([1, 1]);
    expect(scorer.stats().cacheHits).toBe(1);
  });

  it("evicts the least recently used entries beyond cacheSize", async () => {
    const { scorer, runner } = makeScorer(8, new FakeRunner(), 2);
    await scorer.score(trial(1));
    await scorer.score(trial(2));
    await scorer.score(trial(1)); // 1 is now newer than 2
    await scorer.score(trial(3)); // evicts 2
    await scorer.score(trial(1));
    await scorer.score(trial(2));
    expect(runner.runs.length).toBe(4);
  });

  it("rejects only the promises of the batch whose run failed", async () => {
    const runner = new FakeRunner();
    runner.failWhen = (batch) => batch.some((f) => f.inclusionWindows[0][0] === 3);
    const { scorer } = makeScorer(2, runner);
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => scorer.score(trial(i))));
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe("model exploded");
    // Failed trials are not cached: asking again runs them again.
    runner.failWhen = () => false;
    expect((await scorer.score(trial(3))).embedding).toEqual([3, 1]);
  });

  it("rejects only the trial that cannot be featurized", async () => {
    const { scorer, runner } = makeScorer(8);
    const results = await Promise.allSettled([
      scorer.score(trial(1)),
      scorer.score(trial(2, { phase: "throw" })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(runner.runs).toEqual([1]);
  });

  it("checks the model's output sizes", async () => {
    const runner: ModelRunner = {
      run: async () => ({ probabilities: new Float32Array(1), embeddings: new Float32Array(1) }),
    };
    const { scorer } = makeScorer(8, runner as FakeRunner);
    await expect(scorer.score(trial(1))).rejects.toThrow(/embedding values/);
  });

  it("finishes queued work on close, then refuses new calls", async () => {
    let released = 0;
    const scorer = scorerWith({ maxBatch: 4, onClose: async () => void released++ });
    const pending = scorer.scoreMany([trial(1), trial(2), trial(3), trial(4), trial(5)]);
    await scorer.close();
    expect((await pending).length).toBe(5);
    expect(released).toBe(1);
    await expect(scorer.score(trial(6))).rejects.toThrow(/closed/);
  });

  it("refuses a maxBatch below 1", () => {
    expect(() => makeScorer(0)).toThrow(/maxBatch/);
  });
});

describe("BatchScorer accounting and failure paths", () => {
  it("a wrong number of probabilities is refused with both counts, and counted as a failed batch", async () => {
    const runner: ModelRunner = {
      run: async () => ({ probabilities: new Float32Array(2), embeddings: new Float32Array(2) }),
    };
    const { scorer } = makeScorer(8, runner as FakeRunner);
    await expect(scorer.score(trial(1))).rejects.toThrow(
      "model returned 2 probabilities and 2 embedding values for 1 trials (embeddingDim 2)",
    );
    expect(scorer.detailedStats().failedBatches).toBe(1);
  });

  it("a trial asked for again while in flight counts as a cache hit", async () => {
    const { scorer } = makeScorer(8);
    await Promise.all([scorer.score(trial(41)), scorer.score(trial(41))]);
    expect(scorer.stats().cacheHits).toBe(1);
  });

  it("holds each score's bytes as the byte bound counts them (key, embedding, fallbacks), 64 MiB by default", async () => {
    const { scorer } = makeScorer(8);
    const input = trial(42);
    await scorer.score(input);
    const key = scorer.cacheKey(input);
    const fallbacks = JSON.stringify([]).length;
    expect(scorer.detailedStats().cacheBytes).toBe(256 + 2 * key.length + 16 * 2 + 2 * fallbacks);
    expect(scorer.detailedStats().cacheSize).toBe(1);
  });

  it("a batch none of whose trials can be featurized runs no model", async () => {
    const { scorer, runner } = makeScorer(8);
    await expect(scorer.score(trial(43, { phase: "throw" }))).rejects.toThrow("cannot featurize");
    expect(runner.runs).toEqual([]);
    expect(scorer.stats().onnxRuns).toBe(0);
  });

  it("a failing prepare step rejects every trial of the batch with its error and runs no model", async () => {
    const runner = new FakeRunner();
    const scorer = scorerWith({
      runner,
      prepare: async () => {
        throw new Error("rdkit worker died");
      },
    });
    const results = await Promise.allSettled([scorer.score(trial(44)), scorer.score(trial(45))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([
      "rdkit worker died",
      "rdkit worker died",
    ]);
    expect(runner.runs).toEqual([]);
    // Nothing stays in flight: the same trial is tried again, not served a stale rejection.
    await expect(scorer.score(trial(44))).rejects.toThrow("rdkit worker died");
  });
});

describe("BatchScorer scheduling and closing", () => {
  it("schedules one flush for all calls of a turn", async () => {
    const flushes: (() => void)[] = [];
    const scorer = scorerWith({ schedule: (flush) => flushes.push(flush) });
    const all = Promise.all([scorer.score(trial(51)), scorer.score(trial(52)), scorer.score(trial(53))]);
    expect(flushes).toHaveLength(1);
    flushes[0]!();
    expect(await all).toHaveLength(3);
  });

  it("close releases the model once, however often it is called", async () => {
    let released = 0;
    const scorer = scorerWith({
      onClose: async () => {
        released++;
      },
    });
    await scorer.score(trial(54));
    await scorer.close();
    await scorer.close();
    expect(released).toBe(1);
  });
});
