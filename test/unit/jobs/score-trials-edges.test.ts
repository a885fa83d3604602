// The scoring job at its edges, on an in-memory graph whose stored scores the job's writes change:
// which trials a run picks (incremental, forced, by id, an older model version's scores), chunk
// boundaries, what is written per trial, a scorer or Neo4j failure half-way and the re-run after it,
// the summary and the progress lines.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Executor } from "../../../src/graph/executor.js";
import type { Repositories } from "../../../src/graph/repositories.js";
import type { TrialScoreRow } from "../../../src/graph/score-repository.js";
import { scoreTrials } from "../../../src/jobs/score-trials.js";
import { shardOf } from "../../../src/jobs/shard.js";
import type { Scorer, TrialModelInput, TrialScore } from "../../../src/model/types.js";

const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `NCT${String(from + i).padStart(8, "0")}`);

/** A graph of trials, each with the model version of its stored score (null: never scored). */
class MemoryGraph {
  readonly stored = new Map<string, TrialScoreRow | null>();
  /** Ids of each modelInputs call (one per chunk). */
  readonly chunks: string[][] = [];
  /** Rows of each writeScores call. */
  readonly writes: TrialScoreRow[][] = [];
  failWriteAt: number | null = null;
  readonly asked: string[] = [];

  constructor(trials: Record<string, string | null>) {
    for (const [id, version] of Object.entries(trials)) {
      this.stored.set(
        id,
        version === null
          ? null
          : {
              nctId: id,
              probability: 0.5,
              embedding: [0, 0, 0, 1],
              modelVersion: version,
              phaseModel: "phase 2",
            },
      );
    }
  }

  repos(): Pick<Repositories, "scores"> {
    return {
      scores: {
        allTrialIds: async () => {
          this.asked.push("all");
          return [...this.stored.keys()].sort();
        },
        unscoredTrialIds: async (modelVersion: string) => {
          this.asked.push(`unscored:${modelVersion}`);
          return [...this.stored.entries()]
            .filter(([, s]) => s?.modelVersion !== modelVersion)
            .map(([id]) => id)
            .sort();
        },
        modelInputs: async (chunk: readonly string[]) => {
          this.chunks.push([...chunk]);
          // unknown ids are left out, as the repository does
          return chunk
            .filter((id) => this.stored.has(id))
            .map((nctId, i) => ({
              nctId,
              phase: i % 2 ? "phase 1" : "phase 3",
              inclusionCriteria: nctId.repeat(1 + (i % 3)),
              exclusionCriteria: "",
              drugs: [{ name: "x", smiles: i % 2 ? "C1CC(" : "CCO" }],
              icdCodes: [],
            }));
        },
        writeScores: async (rows: readonly TrialScoreRow[]) => {
          if (this.failWriteAt !== null && this.writes.length === this.failWriteAt) {
            this.failWriteAt = null;
            throw new Error("Neo4j went away");
          }
          this.writes.push([...rows]);
          for (const r of rows) this.stored.set(r.nctId, r);
          return rows.length;
        },
        clearScores: async () => undefined,
      },
    };
  }
}

/** A scorer whose outputs differ per trial, that can fail on its n-th call. */
class ScriptedScorer implements Scorer {
  readonly executionProvider = "cpu";
  readonly embeddingDim = 3;
  calls = 0;
  constructor(
    readonly modelVersion = "v2",
    private readonly failOnCall: number | null = null,
  ) {}
  async score(input: TrialModelInput): Promise<TrialScore> {
    return (await this.scoreMany([input]))[0]!;
  }
  async scoreMany(inputs: TrialModelInput[]): Promise<TrialScore[]> {
    this.calls++;
    if (this.calls === this.failOnCall) throw new Error("ONNX run failed");
    return inputs.map((input) => ({
      probability: input.inclusionCriteria.length / 1000,
      embedding: [input.inclusionCriteria.length, 1, 0],
      modelVersion: this.modelVersion,
      phaseModel: input.phase,
      executionProvider: "cpu",
      fallbacks: input.drugs
        .filter((d) => d.smiles === "C1CC(")
        .map((d) => ({ kind: "UNPARSABLE_SMILES" as const, value: d.smiles!, message: "no" })),
    }));
  }
  stats() {
    return { onnxRuns: this.calls, trialsScored: 0, cacheHits: 0 };
  }
  async close(): Promise<void> {}
}

/** An executor for ensureVectorIndex: an unquantized index of `dims` dimensions exists (null: none). */
function indexExecutor(dims: number | null): Executor & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    read: async () =>
      dims === null
        ? []
        : [{ options: { indexConfig: { "vector.dimensions": dims, "vector.quantization.enabled": false } } }],
    write: async (cypher: string) => {
      writes.push(cypher.trim().split(/\s+/).slice(0, 3).join(" "));
      return { rows: [], counters: { nodesCreated: 0, relationshipsCreated: 0, propertiesSet: 0 } };
    },
  } as unknown as Executor & { writes: string[] };
}

const quiet = { log: () => {} };

describe("scoreTrials: which trials a run scores", () => {
  it("incremental: only trials without a score of the loaded model version, an older version's included", async () => {
    const [a, b, c, d] = ids(4);
    const graph = new MemoryGraph({ [a!]: null, [b!]: "v1", [c!]: "v2", [d!]: "v1" });
    const summary = await scoreTrials(graph.repos(), indexExecutor(null), new ScriptedScorer("v2"), quiet);
    expect(graph.asked).toEqual(["unscored:v2"]);
    expect(graph.chunks.flat()).toEqual([a, b, d]);
    expect(summary.trialsScored).toBe(3);
    // every stored score is now the loaded model's: nothing of v1 is left to be served as current
    expect([...graph.stored.values()].map((s) => s?.modelVersion)).toEqual(["v2", "v2", "v2", "v2"]);
    expect(graph.stored.get(c!)!.probability).toBe(0.5); // the current one was not re-scored
  });

  it("a second run right after finds nothing to do and writes nothing", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(5).map((id) => [id, null])));
    await scoreTrials(graph.repos(), indexExecutor(null), new ScriptedScorer(), quiet);
    const lines: string[] = [];
    const again = await scoreTrials(graph.repos(), indexExecutor(3), new ScriptedScorer(), {
      log: (l) => lines.push(l),
    });
    expect(again.trialsScored).toBe(0);
    expect(graph.writes).toHaveLength(1);
    expect(lines).toEqual([]); // nothing to score: no "0 trials to score" line
    expect(again.vectorIndex).toEqual({ dimensions: 3, recreated: false });
  });

  it("shard i/n: each worker scores only its own trials, and the n workers together score each once", async () => {
    const all = ids(40);
    const graph = new MemoryGraph(Object.fromEntries(all.map((id) => [id, null])));
    const scored: string[] = [];
    for (let index = 0; index < 3; index++) {
      const before = graph.chunks.flat().length;
      const lines: string[] = [];
      const summary = await scoreTrials(graph.repos(), indexExecutor(3), new ScriptedScorer(), {
        log: (l) => lines.push(l),
        shard: { index, count: 3 },
      });
      const mine = graph.chunks.flat().slice(before);
      expect(lines[0]).toMatch(
        new RegExp(`^\\[score\\] ${mine.length} trials to score .* \\(shard ${index}/3\\)$`),
      );
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.filter((id) => shardOf(id, 3) !== index)).toEqual([]);
      expect(summary.trialsScored).toBe(mine.length);
      scored.push(...mine);
    }
    expect([...scored].sort()).toEqual([...all].sort());
  });

  it("force: every trial, the current version's too", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(6).map((id) => [id, "v2"])));
    const summary = await scoreTrials(graph.repos(), indexExecutor(3), new ScriptedScorer("v2"), {
      ...quiet,
      force: true,
    });
    expect(graph.asked).toEqual(["all"]);
    expect(summary.trialsScored).toBe(6);
    expect(graph.chunks.flat()).toEqual(ids(6));
  });

  it("ids: exactly those, in the given order, without asking the graph which need it", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(6).map((id) => [id, "v2"])));
    const pick = [ids(6)[4]!, ids(6)[1]!];
    const summary = await scoreTrials(graph.repos(), indexExecutor(3), new ScriptedScorer(), {
      ...quiet,
      ids: pick,
      force: true,
    });
    expect(graph.asked).toEqual([]);
    expect(graph.chunks).toEqual([pick]);
    expect(summary.trialsScored).toBe(2);
  });

  it("counts only trials the graph knew (an unknown id is left out, not scored as empty)", async () => {
    const graph = new MemoryGraph({ [ids(1)[0]!]: null });
    const summary = await scoreTrials(graph.repos(), indexExecutor(3), new ScriptedScorer(), {
      ...quiet,
      ids: [ids(1)[0]!, "NCT99999999"],
    });
    expect(summary.trialsScored).toBe(1);
    expect(graph.writes.flat().map((r) => r.nctId)).toEqual([ids(1)[0]]);
  });
});

describe("scoreTrials: chunks and what is written", () => {
  it.each([
    [10, 4, [4, 4, 2]],
    [8, 4, [4, 4]],
    [3, 4, [3]],
    [5, 1, [1, 1, 1, 1, 1]],
    [3, 0, [1, 1, 1]], // a chunk size below 1 is taken as 1, never an endless loop
    [130, undefined, [64, 64, 2]], // the default chunk
  ])("%i trials in chunks of %s: %j", async (n, chunkSize, sizes) => {
    const graph = new MemoryGraph(Object.fromEntries(ids(n).map((id) => [id, null])));
    const scorer = new ScriptedScorer();
    await scoreTrials(graph.repos(), indexExecutor(3), scorer, { ...quiet, chunkSize });
    expect(graph.chunks.map((c) => c.length)).toEqual(sizes);
    expect(graph.writes.map((w) => w.length)).toEqual(sizes); // one write per chunk, after its scores
    expect(graph.chunks.flat()).toEqual(ids(n)); // every trial once, in order
    expect(scorer.calls).toBe(sizes.length);
  });

  it("writes each trial's own probability, embedding, model version and phase model", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(3).map((id) => [id, null])));
    await scoreTrials(graph.repos(), indexExecutor(3), new ScriptedScorer("v7"), { ...quiet, chunkSize: 2 });
    const [a, b, c] = ids(3);
    expect(graph.writes.flat()).toEqual([
      { nctId: a, probability: 0.011, embedding: [11, 1, 0], modelVersion: "v7", phaseModel: "phase 3" },
      { nctId: b, probability: 0.022, embedding: [22, 1, 0], modelVersion: "v7", phaseModel: "phase 1" },
      { nctId: c, probability: 0.011, embedding: [11, 1, 0], modelVersion: "v7", phaseModel: "phase 3" },
    ]);
  });

  it("sums the featurizer fallbacks over every chunk", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(5).map((id) => [id, null])));
    const summary = await scoreTrials(graph.repos(), indexExecutor(3), new ScriptedScorer(), {
      ...quiet,
      chunkSize: 2,
    });
    // chunks [0,1] [2,3] [4]: the second trial of each chunk has an unparsable SMILES
    expect(summary.fallbacks).toEqual({ UNPARSABLE_SMILES: 2 });
  });

  it("reports the run: model, provider, count, rate and the index it made", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(4).map((id) => [id, null])));
    const executor = indexExecutor(null);
    const summary = await scoreTrials(graph.repos(), executor, new ScriptedScorer("v3"), quiet);
    expect(summary).toMatchObject({
      modelVersion: "v3",
      executionProvider: "cpu",
      trialsScored: 4,
      stopped: false,
      vectorIndex: { dimensions: 3, recreated: false },
    });
    expect(summary.seconds).toBeGreaterThan(0);
    expect(summary.trialsPerSecond).toBeCloseTo(4 / summary.seconds, 6);
    expect(executor.writes).toEqual(["CREATE VECTOR INDEX", "CALL db.awaitIndexes(300)"]);
  });

  it("replaces a vector index of another dimension (an older model's)", async () => {
    const graph = new MemoryGraph({ [ids(1)[0]!]: null });
    const executor = indexExecutor(8);
    const summary = await scoreTrials(graph.repos(), executor, new ScriptedScorer(), quiet);
    expect(summary.vectorIndex).toEqual({ dimensions: 3, recreated: true });
    expect(executor.writes[0]).toBe("DROP INDEX trial_embedding");
  });

  it("logs what it will do, then progress with the count, and the last line at the end", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(3).map((id) => [id, null])));
    const lines: string[] = [];
    await scoreTrials(graph.repos(), indexExecutor(3), new ScriptedScorer("v2"), {
      chunkSize: 2,
      log: (l) => lines.push(l),
    });
    expect(lines[0]).toBe("[score] 3 trials to score with v2 on cpu");
    // progress at most every 5 s (so the first chunk's line depends on the clock), the last one always
    expect(lines.slice(1, -1).every((l) => l.startsWith("[score] 2/3 trials ("))).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines.at(-1)).toMatch(/^\[score\] 3\/3 trials \(\d+\.\d\/s, ~0 s left\)$/);
  });
});

describe("scoreTrials: failures half-way and the re-run", () => {
  it("a scorer failure on the second chunk: the first chunk stays written, no index change, the error surfaces", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(10).map((id) => [id, null])));
    const executor = indexExecutor(null);
    await expect(
      scoreTrials(graph.repos(), executor, new ScriptedScorer("v2", 2), { ...quiet, chunkSize: 4 }),
    ).rejects.toThrow("ONNX run failed");
    expect(graph.writes.flat().map((r) => r.nctId)).toEqual(ids(4));
    expect(executor.writes).toEqual([]);

    // the re-run picks up exactly the rest
    const rerun = await scoreTrials(graph.repos(), executor, new ScriptedScorer("v2"), {
      ...quiet,
      chunkSize: 4,
    });
    expect(rerun.trialsScored).toBe(6);
    expect(graph.chunks.slice(2).flat()).toEqual(ids(6, 4));
    expect([...graph.stored.values()].every((s) => s?.modelVersion === "v2")).toBe(true);
    expect(executor.writes).toContain("CREATE VECTOR INDEX");
  });

  it("a Neo4j failure writing the second chunk: nothing of that chunk is kept, the re-run rescores it", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(7).map((id) => [id, null])));
    graph.failWriteAt = 1;
    await expect(
      scoreTrials(graph.repos(), indexExecutor(null), new ScriptedScorer(), { ...quiet, chunkSize: 3 }),
    ).rejects.toThrow("Neo4j went away");
    expect(graph.writes.flat().map((r) => r.nctId)).toEqual(ids(3));
    const rerun = await scoreTrials(graph.repos(), indexExecutor(null), new ScriptedScorer(), {
      ...quiet,
      chunkSize: 3,
    });
    expect(rerun.trialsScored).toBe(4);
    expect(
      graph.writes
        .slice(1)
        .flat()
        .map((r) => r.nctId),
    ).toEqual(ids(4, 3));
  });

  it("an abort before the first chunk scores nothing and says so", async () => {
    const graph = new MemoryGraph(Object.fromEntries(ids(3).map((id) => [id, null])));
    const stop = new AbortController();
    stop.abort();
    const lines: string[] = [];
    const executor = indexExecutor(null);
    const summary = await scoreTrials(graph.repos(), executor, new ScriptedScorer(), {
      signal: stop.signal,
      log: (l) => lines.push(l),
    });
    expect(summary).toMatchObject({ trialsScored: 0, stopped: true, vectorIndex: { recreated: false } });
    expect(graph.chunks).toEqual([]);
    expect(executor.writes).toEqual([]);
    expect(lines.at(-1)).toBe("[score] stopped after 0/3 trials; the next run scores the rest");
  });
});

describe("scoreTrials: progress and rate on a controlled clock", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** performance.now() reads `clock.t`; each scoreMany call takes the next of `durations` (ms). */
  function controlledClock(durations: number[]) {
    const clock = { t: 100_000 };
    vi.spyOn(performance, "now").mockImplementation(() => clock.t);
    const scorer = new ScriptedScorer();
    const scoreMany = scorer.scoreMany.bind(scorer);
    scorer.scoreMany = async (inputs) => {
      clock.t += durations.shift() ?? 0;
      return scoreMany(inputs);
    };
    return { clock, scorer };
  }

  it("logs a chunk when more than 5 s passed since the last line, and the last chunk always, with rate and time left", async () => {
    const { scorer } = controlledClock([2000, 5000, 1, 1000]);
    const graph = new MemoryGraph(Object.fromEntries(ids(16).map((id) => [id, null])));
    const lines: string[] = [];
    const summary = await scoreTrials(graph.repos(), indexExecutor(3), scorer, {
      chunkSize: 4,
      log: (l) => lines.push(l),
    });
    expect(lines).toEqual([
      "[score] 16 trials to score with v2 on cpu",
      "[score] 4/16 trials (2.0/s, ~6 s left)", // the first line: 4 trials in 2 s
      // 4 more after exactly 5 s: no line yet
      "[score] 12/16 trials (1.7/s, ~2 s left)", // 5.001 s after the last line: 12 in 7.001 s
      "[score] 16/16 trials (2.0/s, ~0 s left)",
    ]);
    expect(summary.seconds).toBeCloseTo(8.001, 9);
    expect(summary.trialsPerSecond).toBeCloseTo(16 / 8.001, 9);
  });

  it("a chunk of only unknown trials reports a rate of 0 and no time left, not infinity", async () => {
    const { scorer } = controlledClock([1000, 1000]);
    const graph = new MemoryGraph({});
    const lines: string[] = [];
    await scoreTrials(graph.repos(), indexExecutor(3), scorer, {
      ids: ["NCT99999998", "NCT99999999"],
      chunkSize: 1,
      log: (l) => lines.push(l),
    });
    expect(lines[1]).toBe("[score] 0/2 trials (0.0/s, ~0 s left)");
  });

  it("a run that took no measurable time reports 0 trials per second, not infinity", async () => {
    const { scorer } = controlledClock([]);
    const graph = new MemoryGraph(Object.fromEntries(ids(2).map((id) => [id, null])));
    const summary = await scoreTrials(graph.repos(), indexExecutor(3), scorer, quiet);
    expect(summary.seconds).toBe(0);
    expect(summary.trialsPerSecond).toBe(0);
  });

  it("logs to stderr when no log function is given", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const graph = new MemoryGraph({ [ids(1)[0]!]: null });
    await scoreTrials(graph.repos(), indexExecutor(3), new ScriptedScorer());
    expect(err).toHaveBeenCalledWith("[score] 1 trials to score with v2 on cpu");
  });
});

describe("scoreTrials: the analytics views after a run", () => {
  function withAnalytics(graph: MemoryGraph) {
    const refreshed: number[] = [];
    const repos = {
      ...graph.repos(),
      analytics: { refresh: async () => void refreshed.push(1) },
    } as unknown as Pick<Repositories, "scores" | "analytics">;
    return { repos, refreshed };
  }

  it("are refreshed once when a run wrote scores", async () => {
    const { repos, refreshed } = withAnalytics(new MemoryGraph({ [ids(1)[0]!]: null }));
    await scoreTrials(repos, indexExecutor(3), new ScriptedScorer(), quiet);
    expect(refreshed).toHaveLength(1);
  });

  it("are left alone when nothing was scored, or the run was stopped", async () => {
    const none = withAnalytics(new MemoryGraph({ [ids(1)[0]!]: "v2" }));
    await scoreTrials(none.repos, indexExecutor(3), new ScriptedScorer("v2"), quiet);
    expect(none.refreshed).toHaveLength(0);
    const stop = new AbortController();
    const graph = new MemoryGraph(Object.fromEntries(ids(4).map((id) => [id, null])));
    const stopped = withAnalytics(graph);
    graph.failWriteAt = null;
    const repos = stopped.repos as unknown as {
      scores: { writeScores: (r: TrialScoreRow[]) => Promise<number> };
    };
    const write = repos.scores.writeScores;
    repos.scores.writeScores = async (rows) => {
      stop.abort(); // Ctrl-C during the first chunk's write
      return write(rows);
    };
    const summary = await scoreTrials(stopped.repos, indexExecutor(3), new ScriptedScorer(), {
      ...quiet,
      chunkSize: 2,
      signal: stop.signal,
    });
    expect(summary).toMatchObject({ stopped: true, trialsScored: 2 });
    expect(stopped.refreshed).toHaveLength(0);
  });
});
