// Trial reads on a recording executor: the filter clause and order go into the query, paging values
// travel as integers, keyset pages return each row's sort key, and per-trial lists come back for
// every id asked (empty when the trial has none), in the graph's order.
import { describe, expect, it } from "vitest";
import { trialMatchClause } from "../../../src/graph/trial-filter.js";
import { TrialRepository } from "../../../src/graph/trial-repository.js";
import { intParam, oneLine, recordingExecutor } from "./recording-executor.js";

describe("TrialRepository", () => {
  it("byIds: trials keyed by their nctId", async () => {
    const { executor, calls } = recordingExecutor([{ trial: { nctId: "NCT2", phase: "phase 1" } }]);
    const byId = await new TrialRepository(executor).byIds(["NCT2", "NCT9"]);
    expect([...byId.keys()]).toEqual(["NCT2"]);
    expect(byId.get("NCT2")).toMatchObject({ nctId: "NCT2", phase: "phase 1", source: [] });
    expect(calls[0]!.params).toEqual({ ids: ["NCT2", "NCT9"] });
    expect(oneLine(calls[0]!.cypher)).toMatch(
      /^UNWIND \$ids AS id MATCH \(t:Trial \{nctId: id\}\) RETURN t \{ \.nctId/,
    );
  });

  it("list: the filter clause, the order, SKIP and LIMIT as integers", async () => {
    const { executor, calls } = recordingExecutor([
      { trial: { nctId: "NCT1" } },
      { trial: { nctId: "NCT0" } },
    ]);
    const filter = { phase: "Phase 2" };
    const rows = await new TrialRepository(executor).list(filter, "NCT_ID_DESC", 40, 20);
    expect(rows.map((r) => r.nctId)).toEqual(["NCT1", "NCT0"]);
    const match = trialMatchClause(filter);
    expect(calls[0]!.cypher.startsWith(match.cypher)).toBe(true);
    expect(calls[0]!.cypher).toMatch(/AS trial, score ORDER BY t\.nctId DESC SKIP \$offset LIMIT \$limit$/);
    expect(calls[0]!.cypher).toContain("RETURN t { .nctId, .phase");
    expect(calls[0]!.params).toMatchObject(match.params);
    expect(intParam(calls[0]!.params.offset)).toBe(40);
    expect(intParam(calls[0]!.params.limit)).toBe(20);
  });

  it("page: after a key, each row with its sort key; a missing value is null", async () => {
    const { executor, calls } = recordingExecutor([
      { trial: { nctId: "NCT5" }, value: 0.4 },
      { trial: { nctId: "NCT6" } },
    ]);
    const after = { nctId: "NCT4", value: 0.5 };
    const page = await new TrialRepository(executor).page(null, "PROBABILITY_DESC", after, 2);
    expect(page.map((p) => p.key)).toEqual([
      { nctId: "NCT5", value: 0.4 },
      { nctId: "NCT6", value: null },
    ]);
    expect(page[0]!.row.nctId).toBe("NCT5");
    const q = oneLine(calls[0]!.cypher);
    const match = trialMatchClause(null, { order: "PROBABILITY_DESC", key: after });
    expect(q.startsWith(oneLine(match.cypher))).toBe(true);
    expect(q).toContain(
      "WITH t, score ORDER BY t.successProbability IS NULL, t.successProbability DESC, t.nctId LIMIT $limit",
    );
    expect(q).toMatch(/RETURN t \{ \.nctId, \.phase.* \} AS trial, t\.successProbability AS value$/);
    expect(calls[0]!.params).toMatchObject({ afterId: "NCT4", afterValue: 0.5 });
    expect(intParam(calls[0]!.params.limit)).toBe(2);
  });

  it("page from the start: no keyset condition", async () => {
    const { executor, calls } = recordingExecutor([]);
    expect(await new TrialRepository(executor).page({ split: "test" }, "NCT_ID_ASC", null, 5)).toEqual([]);
    expect(calls[0]!.params.afterId).toBeUndefined();
    expect(calls[0]!.cypher.startsWith(trialMatchClause({ split: "test" }).cypher)).toBe(true);
    expect(oneLine(calls[0]!.cypher)).toMatch(/AS trial, null AS value$/);
  });

  it("count: the filter's trials counted; no row counts 0", async () => {
    const { executor, calls } = recordingExecutor([{ n: 12 }]);
    expect(await new TrialRepository(executor).count({ outcome: 1 })).toBe(12);
    const match = trialMatchClause({ outcome: 1 });
    expect(calls[0]!.cypher).toBe(`${match.cypher} RETURN count(t) AS n`);
    expect(calls[0]!.params).toEqual(match.params);
    expect(await new TrialRepository(recordingExecutor([]).executor).count(null)).toBe(0);
  });

  it("drugsOf: every id present (empty list when none), drugs in position order, missing SMILES null", async () => {
    const { executor, calls } = recordingExecutor([
      { id: "NCT1", drug: { name: "b", smiles: "CC", canonicalSmiles: "CC" } },
      { id: "NCT1", drug: { name: "a" } },
      { id: "NCT7", drug: { name: "stray" } },
    ]);
    const byId = await new TrialRepository(executor).drugsOf(["NCT1", "NCT2"]);
    expect([...byId]).toEqual([
      [
        "NCT1",
        [
          { name: "b", smiles: "CC", canonicalSmiles: "CC" },
          { name: "a", smiles: null, canonicalSmiles: null },
        ],
      ],
      ["NCT2", []],
    ]);
    const q = oneLine(calls[0]!.cypher);
    expect(q).toContain("UNWIND $ids AS id MATCH (:Trial {nctId: id})-[r:TESTS]->(d:Drug)");
    expect(q).toContain("WITH id, r, d ORDER BY r.position");
    expect(calls[0]!.params).toEqual({ ids: ["NCT1", "NCT2"] });
  });

  it("diseasesOf: every id present, diseases in position order with their codes, missing description null", async () => {
    const { executor, calls } = recordingExecutor([
      { id: "NCT1", name: "glioma", codes: [{ code: "C71", description: "brain" }, { code: "C71.9" }] },
      { id: "NCT1", name: "other", codes: [] },
    ]);
    const byId = await new TrialRepository(executor).diseasesOf(["NCT1", "NCT3"]);
    expect([...byId]).toEqual([
      [
        "NCT1",
        [
          {
            name: "glioma",
            icdCodes: [
              { code: "C71", description: "brain" },
              { code: "C71.9", description: null },
            ],
          },
          { name: "other", icdCodes: [] },
        ],
      ],
      ["NCT3", []],
    ]);
    const q = oneLine(calls[0]!.cypher);
    expect(q).toContain("UNWIND $ids AS id MATCH (:Trial {nctId: id})-[r:STUDIES]->(s:Disease)");
    expect(q).toContain("WITH id, r, s ORDER BY r.position");
    expect(q).toContain("MATCH (s)-[:CODED_AS]->(c:IcdCode)");
    expect(calls[0]!.params).toEqual({ ids: ["NCT1", "NCT3"] });
  });

  it("storedEmbeddings: only trials with one, with the model version that wrote it", async () => {
    const { executor, calls } = recordingExecutor([{ id: "NCT1", embedding: [1, 0], modelVersion: "v1" }]);
    const byId = await new TrialRepository(executor).storedEmbeddings(["NCT1", "NCT2"]);
    expect([...byId]).toEqual([["NCT1", { embedding: [1, 0], modelVersion: "v1" }]]);
    expect(oneLine(calls[0]!.cypher)).toContain("MATCH (t:Trial {nctId: id}) WHERE t.embedding IS NOT NULL");
    expect(calls[0]!.params).toEqual({ ids: ["NCT1", "NCT2"] });
  });

  it("drugSmilesByNames: names looked up lower-case, keyed lower-case, missing SMILES null", async () => {
    const { executor, calls } = recordingExecutor([{ key: "aspirin", smiles: "CC" }, { key: "x" }]);
    const byName = await new TrialRepository(executor).drugSmilesByNames(["Aspirin", "X"]);
    expect([...byName]).toEqual([
      ["aspirin", "CC"],
      ["x", null],
    ]);
    expect(calls[0]!.params).toEqual({ names: ["aspirin", "x"] });
    expect(oneLine(calls[0]!.cypher)).toContain("MATCH (d:Drug) WHERE toLower(d.name) = key");
  });
});
