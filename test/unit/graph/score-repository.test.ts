// The scoring job's repository on a recording executor: which trials count as unscored (an older
// model version's score does), score writes split into transactions of 500 rows, model inputs only
// for trials the graph has.
import { describe, expect, it } from "vitest";
import neo4j from "neo4j-driver";
import type { Executor } from "../../../src/graph/executor.js";
import { ScoreRepository, type TrialScoreRow } from "../../../src/graph/score-repository.js";
import { fakeTrial } from "../graphql/fakes.js";

interface Recorded {
  cypher: string;
  params: Record<string, unknown>;
  timeoutMs: number | undefined;
}

function recordingExecutor(readRows: Record<string, unknown>[] = []) {
  const reads: Recorded[] = [];
  const writes: Recorded[] = [];
  const executor = {
    read: async (cypher: string, params: Record<string, unknown> = {}, o?: { timeoutMs?: number }) => {
      reads.push({ cypher, params, timeoutMs: o?.timeoutMs });
      return readRows;
    },
    write: async (cypher: string, params: Record<string, unknown> = {}, o?: { timeoutMs?: number }) => {
      writes.push({ cypher, params, timeoutMs: o?.timeoutMs });
      return { rows: [], counters: { nodesCreated: 0, relationshipsCreated: 0, propertiesSet: 0 } };
    },
  } as unknown as Executor;
  return { executor, reads, writes };
}

const noTrials = {
  byIds: async () => new Map(),
  drugsOf: async () => new Map(),
  diseasesOf: async () => new Map(),
};

const row = (i: number): TrialScoreRow => ({
  nctId: `NCT${i}`,
  probability: i / 10_000,
  embedding: [1, 0],
  modelVersion: "v2",
  phaseModel: "phase 2",
});

describe("ScoreRepository", () => {
  it("unscored trials: none stored, another model version's, or no embedding; scorable only; in id order", async () => {
    const { executor, reads } = recordingExecutor([{ id: "NCT1" }, { id: "NCT2" }]);
    const repo = new ScoreRepository(executor, noTrials);
    expect(await repo.unscoredTrialIds("cladmop-v2")).toEqual(["NCT1", "NCT2"]);
    const q = reads[0]!;
    const where = q.cypher.replace(/\s+/g, " ");
    expect(where).toContain(
      "WHERE coalesce(t.scorable, true) AND (t.modelVersion IS NULL OR t.modelVersion <> $modelVersion OR t.embedding IS NULL)",
    );
    expect(where).toContain("RETURN t.nctId AS id ORDER BY id");
    expect(where).not.toContain("LIMIT");
    expect(q.cypher.endsWith("ORDER BY id")).toBe(true);
    expect(q.params).toEqual({ modelVersion: "cladmop-v2", limit: null });
  });

  it("unscored trials with a limit pass it as an integer", async () => {
    const { executor, reads } = recordingExecutor();
    await new ScoreRepository(executor, noTrials).unscoredTrialIds("v", 25.7);
    expect(reads[0]!.cypher).toMatch(/ORDER BY id LIMIT \$limit$/);
    const limit = reads[0]!.params.limit;
    expect(neo4j.isInt(limit)).toBe(true);
    expect((limit as ReturnType<typeof neo4j.int>).toNumber()).toBe(25);
  });

  it("all trial ids: the scorable ones, in id order", async () => {
    const { executor, reads } = recordingExecutor([{ id: "NCT3" }]);
    expect(await new ScoreRepository(executor, noTrials).allTrialIds()).toEqual(["NCT3"]);
    expect(reads[0]!.cypher).toBe(
      "MATCH (t:Trial) WHERE coalesce(t.scorable, true) RETURN t.nctId AS id ORDER BY id",
    );
  });

  it.each([
    [0, []],
    [1, [1]],
    [500, [500]],
    [501, [500, 1]],
    [1201, [500, 500, 201]],
  ])("writes %i rows in transactions of %j, each with a minute's deadline", async (n, sizes) => {
    const { executor, writes } = recordingExecutor();
    const rows = Array.from({ length: n }, (_, i) => row(i));
    expect(await new ScoreRepository(executor, noTrials).writeScores(rows)).toBe(n);
    expect(writes.map((w) => (w.params.rows as unknown[]).length)).toEqual(sizes);
    expect(writes.flatMap((w) => w.params.rows as TrialScoreRow[])).toEqual(rows);
    for (const w of writes) {
      expect(w.timeoutMs).toBe(60_000);
      const c = w.cypher.replace(/\s+/g, " ");
      expect(c).toContain("UNWIND $rows AS row MATCH (t:Trial {nctId: row.nctId})");
      expect(c).toContain(
        "SET t.successProbability = row.probability, t.embedding = row.embedding, t.modelVersion = row.modelVersion, t.phaseModel = row.phaseModel",
      );
    }
  });

  it("clears the four model outputs of the given trials", async () => {
    const { executor, writes } = recordingExecutor();
    await new ScoreRepository(executor, noTrials).clearScores(["NCT1", "NCT2"]);
    expect(writes[0]!.params).toEqual({ ids: ["NCT1", "NCT2"] });
    expect(writes[0]!.cypher.replace(/\s+/g, " ")).toContain(
      "UNWIND $ids AS id MATCH (t:Trial {nctId: id}) REMOVE t.successProbability, t.embedding, t.modelVersion, t.phaseModel",
    );
    expect(writes[0]!.timeoutMs).toBe(60_000);
  });

  it("model inputs: in the order asked, unknown ids left out, each trial with its own drugs and diseases", async () => {
    const { executor } = recordingExecutor();
    // no seeded lists: the inputs come from the edges the repository loaded per trial
    const a = fakeTrial(1, { phase: "phase 3", drugSmiles: null, icdCodes: null });
    const b = fakeTrial(2, { drugSmiles: null, icdCodes: null });
    const asked: string[][] = [];
    const trials = {
      byIds: async (ids: readonly string[]) => {
        asked.push([...ids]);
        return new Map([
          [a.nctId, a],
          [b.nctId, b],
        ]);
      },
      drugsOf: async () => new Map([[b.nctId, [{ name: "ethanol", smiles: "CCO", canonicalSmiles: "CCO" }]]]),
      diseasesOf: async () =>
        new Map([[a.nctId, [{ name: "glioma", icdCodes: [{ code: "C71.9", description: null }] }]]]),
    };
    const inputs = await new ScoreRepository(executor, trials).modelInputs([b.nctId, "NCT404", a.nctId]);
    expect(asked).toEqual([[b.nctId, "NCT404", a.nctId]]);
    expect(inputs.map((i) => i.nctId)).toEqual([b.nctId, a.nctId]);
    expect(inputs[0]!.drugs).toEqual([{ name: "ethanol", smiles: "CCO" }]);
    expect(inputs[0]!.icdCodes).toEqual([]);
    expect(inputs[1]!.drugs).toEqual([]);
    expect(inputs[1]!.icdCodes).toEqual(["C71.9"]);
    expect(inputs[1]!.phase).toBe("phase 3");
  });
});
