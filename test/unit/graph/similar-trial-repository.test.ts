// Nearest trials through the vector index on a recording executor: no lookup for k <= 0; one
// lookup without filters; with filters the lookup widens until k rows survive them (and stops
// there); the parameters the query filters on; shared names de-duplicated and sorted; a missing
// index reported as VectorIndexMissingError, any other failure passed on.
import { describe, expect, it } from "vitest";
import { VectorIndexMissingError } from "../../../src/graph/graph-errors.js";
import {
  fetchSizes,
  MAX_FETCH,
  SimilarTrialRepository,
} from "../../../src/graph/similar-trial-repository.js";
import { intParam, oneLine, recordingExecutor } from "./recording-executor.js";

const hit = (i: number) => ({
  trial: { nctId: `NCT${i}` },
  score: 1 - i / 10,
  sharedDrugs: ["b", "a", "b"],
  sharedDiseases: ["z", "y", "z"],
});

/** Answers a lookup of `fetch` candidates with `survivors(fetch)` rows. */
function index(survivors: (fetch: number) => number) {
  return recordingExecutor((_cypher, params) =>
    Array.from({ length: survivors(intParam(params.fetch)) }, (_, i) => hit(i)),
  );
}

describe("fetchSizes", () => {
  it("widenings that the cap makes equal are asked once", () => {
    expect(fetchSizes(1_000, true)).toEqual([8_001, MAX_FETCH]);
    expect(fetchSizes(5_000, true)).toEqual([MAX_FETCH]);
  });
});

describe("SimilarTrialRepository.nearest", () => {
  it("k of 0 or less asks nothing", async () => {
    const { executor, calls } = index(() => 5);
    expect(await new SimilarTrialRepository(executor).nearest({ vector: [1], k: 0 })).toEqual([]);
    expect(await new SimilarTrialRepository(executor).nearest({ vector: [1], k: -1 })).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("unfiltered: one lookup, the rows as they come, shared names once each and sorted", async () => {
    const { executor, calls } = index(() => 2);
    const rows = await new SimilarTrialRepository(executor).nearest({ vector: [1, 0], k: 3 });
    expect(calls).toHaveLength(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ score: 1, sharedDrugs: ["a", "b"], sharedDiseases: ["y", "z"] });
    expect(rows[1]!.trial).toMatchObject({ nctId: "NCT1", source: [] });
    expect(calls[0]!.params).toMatchObject({
      index: "trial_embedding",
      vector: [1, 0],
      exclude: null,
      successfulOnly: false,
      phase: null,
      drugNames: [],
      diseaseNames: [],
    });
    expect(intParam(calls[0]!.params.fetch)).toBe(fetchSizes(3, false)[0]);
    expect(intParam(calls[0]!.params.k)).toBe(3);
  });

  it.each([
    ["successful only", { successfulOnly: true }],
    ["one phase", { phase: "phase 2" }],
  ])("filtered (%s): widens while fewer than k survive, stops once k do", async (_name, filter) => {
    const sizes = fetchSizes(5, true);
    const { executor, calls } = index((fetch) => (fetch >= sizes[1]! ? 5 : 2));
    const rows = await new SimilarTrialRepository(executor).nearest({ vector: [1], k: 5, ...filter });
    expect(rows).toHaveLength(5);
    expect(calls.map((c) => intParam(c.params.fetch))).toEqual(sizes.slice(0, 2));
  });

  it("filtered and never k: every widening tried, the last answer kept", async () => {
    const { executor, calls } = index((fetch) => (fetch > 1000 ? 3 : 1));
    const rows = await new SimilarTrialRepository(executor).nearest({ vector: [1], k: 10, phase: "phase 1" });
    expect(calls.map((c) => intParam(c.params.fetch))).toEqual(fetchSizes(10, true));
    expect(rows).toHaveLength(3);
  });

  it("passes the anchor to leave out, the filters and the names to report as parameters the query uses", async () => {
    const { executor, calls } = index(() => 1);
    await new SimilarTrialRepository(executor).nearest({
      vector: [0, 1],
      k: 1,
      excludeNctId: "NCT9",
      successfulOnly: true,
      phase: "phase 3",
      drugNames: ["aspirin"],
      diseaseNames: ["glioma"],
    });
    expect(calls[0]!.params).toMatchObject({
      exclude: "NCT9",
      successfulOnly: true,
      phase: "phase 3",
      drugNames: ["aspirin"],
      diseaseNames: ["glioma"],
    });
    const q = oneLine(calls[0]!.cypher);
    expect(q).toContain("CALL db.index.vector.queryNodes($index, $fetch, $vector) YIELD node AS s, score");
    expect(q).toContain("WHERE s:Trial AND ($exclude IS NULL OR s.nctId <> $exclude)");
    expect(q).toContain("AND (NOT $successfulOnly OR s.outcome = 1)");
    expect(q).toContain("AND ($phase IS NULL OR s.phase = $phase)");
    expect(q).toContain("WITH s, score ORDER BY score DESC, s.nctId LIMIT $k");
    expect(q).toContain("RETURN s { .nctId, .phase");
    expect(q).toContain(
      "[(s)-[:TESTS]->(d:Drug) WHERE toLower(d.name) IN $drugNames | d.name] AS sharedDrugs",
    );
    expect(q).toContain(
      "[(s)-[:STUDIES]->(x:Disease) WHERE toLower(x.name) IN $diseaseNames | x.name] AS sharedDiseases",
    );
  });

  it("Neo4j's missing-index error becomes VectorIndexMissingError; other errors pass unchanged", async () => {
    const failing = (error: unknown) =>
      recordingExecutor(() => {
        throw error;
      }).executor;
    const missing = new Error("There is no such vector schema index: trial_embedding");
    await expect(
      new SimilarTrialRepository(failing(missing)).nearest({ vector: [1], k: 1 }),
    ).rejects.toBeInstanceOf(VectorIndexMissingError);
    const upper = new Error("NO SUCH VECTOR SCHEMA INDEX");
    await expect(
      new SimilarTrialRepository(failing(upper)).nearest({ vector: [1], k: 1 }),
    ).rejects.toBeInstanceOf(VectorIndexMissingError);
    const other = new Error("connection reset");
    await expect(new SimilarTrialRepository(failing(other)).nearest({ vector: [1], k: 1 })).rejects.toBe(
      other,
    );
    const notError = { message: "no such vector schema index" };
    await expect(new SimilarTrialRepository(failing(notError)).nearest({ vector: [1], k: 1 })).rejects.toBe(
      notError,
    );
  });
});
