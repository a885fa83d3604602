// The micro-batcher of createScorer: requests that arrive in different event-loop turns (as HTTP
// requests do) share a model run when the scorer waits a little before running. Toy artifacts, CPU.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, repoRoot } from "../../../src/config.js";
import { createScorer, defaultBatchWaitMs } from "../../../src/model/create-scorer.js";
import type { TrialModelInput } from "../../../src/model/types.js";

const tiny = path.join(repoRoot, "test/fixtures/model/tiny-artifacts");
const config = {
  ...loadConfig({}).model,
  artifactsDir: tiny,
  executionProvider: "cpu" as const,
  maxBatch: 32,
};
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** 32 clients asking for one trial each, one event-loop turn apart; returns the model runs. */
async function thirtyTwoClients(batchWaitMs: number): Promise<number> {
  const scorer = await createScorer(config, { batchWaitMs, log: () => undefined });
  try {
    const asks: Promise<unknown>[] = [];
    for (let i = 0; i < 32; i++) {
      const trial: TrialModelInput = {
        nctId: `NCT${i}`,
        phase: "phase 2",
        inclusionCriteria: "adult patients",
        exclusionCriteria: "",
        drugs: [],
        icdCodes: [],
      };
      asks.push(scorer.score(trial));
      await nextTurn();
    }
    await Promise.all(asks);
    return scorer.stats().onnxRuns;
  } finally {
    await scorer.close();
  }
}

describe("micro-batching of concurrent requests", () => {
  it("turns 32 single-trial requests into at most 4 runs with a 5 ms wait", async () => {
    expect(await thirtyTwoClients(5)).toBeLessThanOrEqual(4);
  });

  it("without a wait, requests of different turns mostly run alone", async () => {
    expect(await thirtyTwoClients(0)).toBeGreaterThan(4);
  });

  it("waits on GPU providers by default, not on CPU", () => {
    expect(defaultBatchWaitMs("webgpu")).toBeGreaterThan(0);
    expect(defaultBatchWaitMs("cuda")).toBeGreaterThan(0);
    expect(defaultBatchWaitMs("cpu")).toBe(0);
  });

  it("reads TRIALGRAPH_BATCH_WAIT_MS and rejects nonsense", async () => {
    process.env.TRIALGRAPH_BATCH_WAIT_MS = "3";
    try {
      const s = await createScorer(config, { log: () => undefined });
      expect(s.batchWaitMs).toBe(3);
      await s.close();
      process.env.TRIALGRAPH_BATCH_WAIT_MS = "soon";
      await expect(createScorer(config, { log: () => undefined })).rejects.toThrow(
        /TRIALGRAPH_BATCH_WAIT_MS/,
      );
    } finally {
      delete process.env.TRIALGRAPH_BATCH_WAIT_MS;
    }
  });
});
