// The scoring job in chunks: everything is written and the vector index is made; an abort (Ctrl-C,
// SIGTERM) stops it between chunks, keeps what was written and leaves the index alone.
import { describe, expect, it } from "vitest";
import type { Executor } from "../../../src/graph/executor.js";
import type { Repositories } from "../../../src/graph/repositories.js";
import type { TrialScoreRow } from "../../../src/graph/score-repository.js";
import { scoreTrials } from "../../../src/jobs/score-trials.js";
import { FakeScorer } from "../graphql/fakes.js";

function fakeScores(ids: string[], onWrite?: (written: number) => void) {
  const written: TrialScoreRow[] = [];
  const scores: Repositories["scores"] = {
    allTrialIds: async () => ids,
    unscoredTrialIds: async () => ids,
    modelInputs: async (chunk) =>
      chunk.map((nctId) => ({
        nctId,
        phase: "phase 2",
        inclusionCriteria: "x",
        exclusionCriteria: "",
        drugs: [],
        icdCodes: [],
      })),
    writeScores: async (rows) => {
      written.push(...rows);
      onWrite?.(written.length);
      return rows.length;
    },
    clearScores: async () => undefined,
  };
  return { scores, written };
}

/** Records the schema writes ensureVectorIndex makes; answers "no index yet". */
function fakeExecutor(): Executor & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    read: async () => [],
    write: async (cypher: string) => {
      writes.push(cypher.trim().split(/\s+/).slice(0, 3).join(" "));
      return { rows: [], counters: { nodesCreated: 0, relationshipsCreated: 0, propertiesSet: 0 } };
    },
  } as unknown as Executor & { writes: string[] };
}

const ids = Array.from({ length: 10 }, (_, i) => `NCT${String(i).padStart(8, "0")}`);

describe("scoreTrials", () => {
  it("scores and writes every trial in chunks, then creates the vector index", async () => {
    const { scores, written } = fakeScores(ids);
    const executor = fakeExecutor();
    const summary = await scoreTrials({ scores }, executor, new FakeScorer(), {
      chunkSize: 4,
      log: () => {},
    });
    expect(written.map((r) => r.nctId)).toEqual(ids);
    expect(summary).toMatchObject({ trialsScored: 10, stopped: false, vectorIndex: { dimensions: 4 } });
    expect(executor.writes).toContain("CREATE VECTOR INDEX");
  });

  it("stops between chunks when aborted: what is written stays, the index is left alone", async () => {
    const stop = new AbortController();
    // Ctrl-C arrives while the second chunk is being written.
    const { scores, written } = fakeScores(ids, (n) => n >= 8 && stop.abort());
    const executor = fakeExecutor();
    const summary = await scoreTrials({ scores }, executor, new FakeScorer(), {
      chunkSize: 4,
      signal: stop.signal,
      log: () => {},
    });
    expect(written).toHaveLength(8);
    expect(summary).toMatchObject({ trialsScored: 8, stopped: true });
    expect(executor.writes).toEqual([]);
  });
});
