// Catalog lookups on a recording executor: the node each lookup anchors on and the path to its
// trials (an ICD code's trials include the codes below it), exact spelling before a case-insensitive
// match, paging parameters as integers, and the rows mapped back with their success rates.
import { describe, expect, it } from "vitest";
import { CatalogRepository, type CatalogKind } from "../../../src/graph/catalog-repository.js";
import { intParam, oneLine, recordingExecutor } from "./recording-executor.js";

const stats = { trialCount: 4, withOutcome: 2, successes: 1, scoredCount: 1, predictedMean: 0.3 };
const PATHS: Record<CatalogKind, string> = {
  drug: "(x)<-[:TESTS]-(t:Trial)",
  disease: "(x)<-[:STUDIES]-(t:Trial)",
  icd: "(x)<-[:IS_A*0..]-(:IcdCode)<-[:CODED_AS]-(:Disease)<-[:STUDIES]-(t:Trial)",
};
const ANCHORS: Record<CatalogKind, string> = {
  drug: "(x:Drug {name: $key})",
  disease: "(x:Disease {name: $key})",
  icd: "(x:IcdCode {code: $key})",
};

describe("CatalogRepository", () => {
  it("findDrug: exact spelling preferred over a case-insensitive match; stats with the rate", async () => {
    const { executor, calls } = recordingExecutor([
      { name: "Aspirin", smiles: "C", canonicalSmiles: null, ...stats },
    ]);
    const drug = await new CatalogRepository(executor).findDrug("aspirin");
    expect(drug).toEqual({
      name: "Aspirin",
      smiles: "C",
      canonicalSmiles: null,
      ...stats,
      observedSuccessRate: 0.5,
    });
    const q = oneLine(calls[0]!.cypher);
    expect(q).toContain("WHERE x.name = $name OR toLower(x.name) = toLower($name)");
    expect(q).toContain("ORDER BY x.name = $name DESC LIMIT 1");
    expect(q).toContain(`OPTIONAL MATCH ${PATHS.drug}`);
    expect(calls[0]!.params).toEqual({ name: "aspirin" });
  });

  it("find* return null when nothing matches", async () => {
    const repo = new CatalogRepository(recordingExecutor([]).executor);
    expect(await repo.findDrug("x")).toBeNull();
    expect(await repo.findDisease("x")).toBeNull();
    expect(await repo.findIcdCode("x")).toBeNull();
  });

  it("findDisease and findIcdCode: their node, their trials' path", async () => {
    const disease = recordingExecutor([{ name: "Glioma", ...stats }]);
    expect(await new CatalogRepository(disease.executor).findDisease("glioma")).toEqual({
      name: "Glioma",
      ...stats,
      observedSuccessRate: 0.5,
    });
    const dq = oneLine(disease.calls[0]!.cypher);
    expect(dq).toContain("MATCH (x:Disease) WHERE x.name = $name OR toLower(x.name) = toLower($name)");
    expect(dq).toContain("ORDER BY x.name = $name DESC LIMIT 1");
    expect(dq).toContain(`OPTIONAL MATCH ${PATHS.disease}`);
    expect(disease.calls[0]!.params).toEqual({ name: "glioma" });

    const icd = recordingExecutor([{ code: "C71", description: "brain", ...stats }]);
    expect(await new CatalogRepository(icd.executor).findIcdCode("C71")).toMatchObject({
      code: "C71",
      observedSuccessRate: 0.5,
    });
    const iq = oneLine(icd.calls[0]!.cypher);
    expect(iq).toContain("MATCH (x:IcdCode {code: $code})");
    expect(iq).toContain(`OPTIONAL MATCH ${PATHS.icd}`);
    expect(icd.calls[0]!.params).toEqual({ code: "C71" });
  });

  it.each([
    ["listDrugs", "(x:Drug)", PATHS.drug],
    ["listDiseases", "(x:Disease)", PATHS.disease],
  ] as const)(
    "%s: optional case-insensitive search, most trials first, SKIP/LIMIT as integers",
    async (method, node, path) => {
      const { executor, calls } = recordingExecutor([
        { name: "a", ...stats },
        { name: "b", ...stats, withOutcome: 0, successes: 0 },
      ]);
      const rows = await new CatalogRepository(executor)[method]("Asp", 20, 10);
      expect(rows.map((r) => r.observedSuccessRate)).toEqual([0.5, null]);
      const q = oneLine(calls[0]!.cypher);
      expect(q).toContain(`MATCH ${node} WHERE $search IS NULL OR toLower(x.name) CONTAINS toLower($search)`);
      expect(q).toContain(`OPTIONAL MATCH ${path}`);
      expect(q).toContain("ORDER BY trialCount DESC, name SKIP $offset LIMIT $limit");
      expect(calls[0]!.params.search).toBe("Asp");
      expect(intParam(calls[0]!.params.offset)).toBe(20);
      expect(intParam(calls[0]!.params.limit)).toBe(10);
    },
  );

  it.each([
    ["parents", "(:IcdCode {code: $code})-[:IS_A]->(x:IcdCode)"],
    ["children", "(:IcdCode {code: $code})<-[:IS_A]-(x:IcdCode)"],
  ] as const)("icdNeighbours %s: one IS_A step that way, in code order", async (direction, step) => {
    const { executor, calls } = recordingExecutor([{ code: "C71.9", description: null, ...stats }]);
    const rows = await new CatalogRepository(executor).icdNeighbours("C71", direction);
    expect(rows).toEqual([{ code: "C71.9", description: null, ...stats, observedSuccessRate: 0.5 }]);
    const q = oneLine(calls[0]!.cypher);
    expect(q).toContain(`MATCH ${step} OPTIONAL MATCH ${PATHS.icd}`);
    expect(q).toMatch(/ORDER BY code$/);
    expect(calls[0]!.params).toEqual({ code: "C71" });
  });

  it("icdCodesByDiseaseNames: codes per disease name, in code order", async () => {
    const codes = [{ code: "C71", description: "brain" }];
    const { executor, calls } = recordingExecutor([{ name: "glioma", codes }]);
    const names = ["glioma", "none"] as const;
    const byName = await new CatalogRepository(executor).icdCodesByDiseaseNames(names);
    expect([...byName]).toEqual([["glioma", codes]]);
    expect(calls[0]!.params).toEqual({ names: ["glioma", "none"] });
    const q = oneLine(calls[0]!.cypher);
    expect(q).toContain("UNWIND $names AS name MATCH (:Disease {name: name})-[:CODED_AS]->(c:IcdCode)");
    expect(q).toContain("WITH name, c ORDER BY c.code");
  });

  it.each(["drug", "disease", "icd"] as const)(
    "trialsOf %s: from its node along its path, each trial once, nctId order, paged",
    async (kind) => {
      const { executor, calls } = recordingExecutor([{ trial: { nctId: "NCT2", outcome: 1 } }]);
      const rows = await new CatalogRepository(executor).trialsOf(kind, "k", 5, 3);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ nctId: "NCT2", outcome: 1, phase: null, source: [] });
      const q = oneLine(calls[0]!.cypher);
      expect(q).toContain(`MATCH ${ANCHORS[kind]} MATCH ${PATHS[kind]}`);
      expect(q).toContain("WITH DISTINCT t ORDER BY t.nctId SKIP $offset LIMIT $limit");
      expect(q).toContain("RETURN t { .nctId");
      expect(calls[0]!.params.key).toBe("k");
      expect(intParam(calls[0]!.params.offset)).toBe(5);
      expect(intParam(calls[0]!.params.limit)).toBe(3);
    },
  );

  it.each(["drug", "disease", "icd"] as const)(
    "statsByKeys %s: one row per key found, keyed",
    async (kind) => {
      const { executor, calls } = recordingExecutor([{ key: "a", ...stats }]);
      const byKey = await new CatalogRepository(executor).statsByKeys(kind, ["a", "b"]);
      expect([...byKey]).toEqual([["a", { key: "a", ...stats, observedSuccessRate: 0.5 }]]);
      const q = oneLine(calls[0]!.cypher);
      expect(q).toContain(`UNWIND $keys AS key MATCH ${ANCHORS[kind].replace("$key", "key")}`);
      expect(q).toContain(`OPTIONAL MATCH ${PATHS[kind]}`);
      expect(calls[0]!.params).toEqual({ keys: ["a", "b"] });
    },
  );
});
