// import-ctgov against the real Neo4j, on hand-made records (test/support/ctgov-records.ts): a
// bulk zip with good, malformed, incomplete and duplicate records; a benchmark trial from a TOP
// fixture that keeps its label; re-import, older and newer versions; API v2 JSON (hand-made from
// the registry's documented structure: no real v2 record is available here).
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, repoRoot } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { clearGraph } from "../../src/graph/clear-graph.js";
import { createExecutor, type Executor } from "../../src/graph/executor.js";
import { graphCounts } from "../../src/graph/graph-counts.js";
import { createRepositories } from "../../src/graph/repositories.js";
import { importRegistry, type RegistryImportSummary } from "../../src/seed/ctgov/import-registry.js";
import { seed } from "../../src/seed/seed.js";
import { v2Study, xmlRecord } from "../support/ctgov-records.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";
import { writeStoredZip } from "../support/zip-writer.js";

const dataDir = path.join(repoRoot, "graph-seed", "data");
const dir = mkdtempSync(path.join(os.tmpdir(), "ctgov-import-"));
let executor: Executor;

interface Report {
  records: { file: string; nctId?: string; outcome: string; reason: string }[];
  unresolvedDrugs: { name: string; trials: number }[];
  unmappedConditions: { name: string; trials: number }[];
  summary: RegistryImportSummary;
}

async function runImport(inputs: string[], updateBenchmark = false): Promise<Report> {
  const reportPath = path.join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  await importRegistry(executor, {
    inputs,
    dataDir,
    reportPath,
    updateBenchmark,
    batchSize: 3,
    log: () => {},
  });
  return JSON.parse(readFileSync(reportPath, "utf8")) as Report;
}

async function trial(nctId: string): Promise<Record<string, unknown>> {
  const [row] = await executor.read<{ t: Record<string, unknown> }>(
    "MATCH (t:Trial {nctId: $nctId}) RETURN properties(t) AS t",
    { nctId },
  );
  return row.t;
}

const zip = path.join(dir, "AllPublicXML.zip");
let first: Report;

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
  await clearGraph(executor);
  // A TOP-format file: NCT90000001 is a labelled benchmark trial (glioma, C71.9).
  await seed(executor, {
    files: [path.join(repoRoot, "test", "fixtures", "graph-seed", "broken-rows.csv")],
    dataDir,
    reportPath: null,
    log: () => {},
  });
  writeStoredZip(zip, [
    { name: "AllPublicXML/", data: "" },
    {
      name: "AllPublicXML/NCT0100xxxx/NCT01000001.xml",
      data: xmlRecord({
        nctId: "NCT01000001",
        lastUpdate: "March 1, 2023",
        conditions: ["Glioma", "Zzyzx syndrome"],
        interventions: [
          ["Drug", "Metformin"],
          ["Biological", "Zz-antibody 42"],
          ["Procedure", "Surgery"],
        ],
      }),
    },
    {
      name: "AllPublicXML/NCT0100xxxx/NCT01000002.xml",
      data: xmlRecord({
        nctId: "NCT01000002",
        lastUpdate: "March 1, 2023",
        studyType: "Observational",
        phase: null,
      }),
    },
    { name: "AllPublicXML/NCT0100xxxx/NCT01000003.xml", data: "<clinical_study><id_info>" },
    { name: "AllPublicXML/NCT0100xxxx/NCT01000004.xml", data: xmlRecord({ lastUpdate: "March 1, 2023" }) },
    {
      name: "AllPublicXML/NCT0100xxxx/NCT01000005.xml",
      data: xmlRecord({ nctId: "NCT01000005", phase: "Phase 3" }),
    },
    {
      name: "AllPublicXML/NCT9000xxxx/NCT90000001.xml",
      data: xmlRecord({
        nctId: "NCT90000001",
        lastUpdate: "June 1, 2023",
        status: "Recruiting",
        phase: "Phase 1",
      }),
    },
    // The same record again under another folder: a duplicate nctId (in a later batch of 3).
    {
      name: "AllPublicXML/copy/NCT01000001.xml",
      data: xmlRecord({ nctId: "NCT01000001", lastUpdate: "March 1, 2023" }),
    },
  ]);
  first = await runImport([zip]);
});

afterAll(async () => {
  await clearGraph(executor);
  await executor.close();
});

describe("import-ctgov", () => {
  it("imports the good records and reports every other one with file, nctId and reason", () => {
    expect(first.summary).toMatchObject({ read: 7, created: 2, rejected: 3, skipped: 2 });
    const got = first.records.map((r) => [
      path.basename(r.file),
      r.nctId ?? null,
      r.outcome,
      r.reason.split(":")[0],
    ]);
    expect(got).toEqual(
      expect.arrayContaining([
        ["NCT01000003.xml", "NCT01000003", "rejected", "malformed XML"],
        ["NCT01000004.xml", null, "rejected", "missing nct_id"],
        [
          "NCT01000005.xml",
          "NCT01000005",
          "rejected",
          "missing last update date (needed to tell a newer version from an older one)",
        ],
        [
          "NCT90000001.xml",
          "NCT90000001",
          "skipped",
          expect.stringMatching(/^in the graph from broken-rows\.csv/),
        ],
        ["NCT01000001.xml", "NCT01000001", "skipped", "duplicate nctId"],
      ]),
    );
    expect(first.records).toHaveLength(5);
  });

  it("maps the registry record with TOP's rules and flags what the model cannot score", async () => {
    expect(await trial("NCT01000001")).toMatchObject({
      phase: "phase 2",
      status: "recruiting",
      inclusionCriteria: "Adults",
      exclusionCriteria: "Pregnancy",
      scorable: true,
      registryLastUpdate: "2023-03-01",
      source: ["clinicaltrials.gov"],
      icdCodes: ["C71.9"],
    });
    expect((await trial("NCT01000001")).outcome).toBeUndefined();
    expect(await trial("NCT01000002")).toMatchObject({
      phase: "n/a",
      scorable: false,
      notScorableReason: expect.stringMatching(/^observational study/),
    });
    const edges = await executor.read(
      `MATCH (t:Trial {nctId: 'NCT01000001'})-[r:TESTS]->(d:Drug)
       RETURN d.name AS name, r.interventionType AS type, d.smilesSource AS source ORDER BY r.position`,
    );
    expect(edges).toEqual([
      { name: "metformin", type: "drug", source: "drugbank" },
      { name: "zz-antibody 42", type: "biological", source: null },
    ]);
    const studies = await executor.read(
      `MATCH (t:Trial {nctId: 'NCT01000001'})-[r:STUDIES]->(d:Disease)
       RETURN d.name AS name, r.icdMethod AS method ORDER BY r.position`,
    );
    expect(studies).toEqual([
      { name: "glioma", method: "top-exact" },
      { name: "zzyzx syndrome", method: null },
    ]);
    expect(first.unresolvedDrugs).toEqual([{ name: "zz-antibody 42", trials: 1 }]);
    expect(first.unmappedConditions).toEqual([{ name: "zzyzx syndrome", trials: 1 }]);
  });

  it("lets the API filter running trials without an observed outcome, and the scoring job skip the unscorable", async () => {
    const graph = createRepositories(executor);
    const running = await graph.trials.list(
      { statusIn: ["Recruiting", "Active, not recruiting"], hasOutcome: false, scorable: true },
      "NCT_ID_ASC",
      0,
      10,
    );
    expect(running.map((t) => [t.nctId, t.scorable, t.registryLastUpdate])).toEqual([
      ["NCT01000001", true, "2023-03-01"],
    ]);
    const unscorable = await graph.trials.list({ scorable: false }, "NCT_ID_ASC", 0, 10);
    expect(unscorable.map((t) => [t.nctId, t.notScorableReason?.split(":")[0]])).toEqual([
      ["NCT01000002", "observational study"],
    ]);
    const toScore = await graph.scores.unscoredTrialIds("any-model");
    expect(toScore).toContain("NCT01000001");
    expect(toScore).not.toContain("NCT01000002");
  });

  it("never touches a benchmark trial's label or split, and its other fields only with consent", async () => {
    const before = await trial("NCT90000001");
    expect(before).toMatchObject({ outcome: 1, status: "completed", phase: "phase 1" });
    const consented = await runImport([zip], true);
    expect(consented.summary.benchmarkUpdated).toBe(1);
    const after = await trial("NCT90000001");
    expect(after).toMatchObject({
      outcome: 1,
      status: "recruiting",
      phase: "phase 1",
    });
    expect(after.split).toEqual(before.split);
    expect(after.source).toEqual(["broken-rows.csv", "clinicaltrials.gov"]);
  });

  it("re-importing changes nothing", async () => {
    const counts = await graphCounts(executor);
    const again = await runImport([zip]);
    expect(again.summary).toMatchObject({
      created: 0,
      updated: 0,
      benchmarkUpdated: 0,
      skipped: 4,
      rejected: 3,
    });
    // Both copies of NCT01000001 now meet the version an earlier run wrote: unchanged, not duplicate.
    expect(again.records.filter((r) => r.reason.startsWith("unchanged"))).toHaveLength(4);
    expect(await graphCounts(executor)).toEqual(counts);
  });

  it("a newer version replaces an older one, never the other way round", async () => {
    const newer = path.join(dir, "newer");
    const older = path.join(dir, "older");
    mkdirSync(newer);
    mkdirSync(older);
    writeFileSync(
      path.join(newer, "NCT01000001.xml"),
      xmlRecord({
        nctId: "NCT01000001",
        lastUpdate: "April 2, 2023",
        status: "Active, not recruiting",
        interventions: [["Drug", "Metformin"]],
      }),
    );
    writeFileSync(
      path.join(older, "NCT01000001.xml"),
      xmlRecord({ nctId: "NCT01000001", lastUpdate: "January 5, 2023", status: "Not yet recruiting" }),
    );
    await executor.write(
      "MATCH (t:Trial {nctId: 'NCT01000001'}) SET t.successProbability = 0.5, t.modelVersion = 'm'",
    );
    expect((await runImport([newer])).summary.updated).toBe(1);
    const t = await trial("NCT01000001");
    expect(t).toMatchObject({ status: "active, not recruiting", registryLastUpdate: "2023-04-02" });
    expect(t.successProbability).toBeUndefined(); // a stale score goes; the scoring job redoes it
    const drugs = await executor.read(
      "MATCH (:Trial {nctId: 'NCT01000001'})-[:TESTS]->(d) RETURN d.name AS name",
    );
    expect(drugs).toEqual([{ name: "metformin" }]);
    const skipped = await runImport([older]);
    expect(skipped.records[0].reason).toMatch(
      /^older version \(last update 2023-01-05\) than the graph's \(2023-04-02\)/,
    );
    expect((await trial("NCT01000001")).status).toBe("active, not recruiting");
  });

  it("reads API v2 JSON: a page, a single study, and NDJSON with a malformed line", async () => {
    const page = path.join(dir, "page.json");
    writeFileSync(
      page,
      JSON.stringify({ studies: [v2Study("NCT05000001"), v2Study("NCT05000002", { phases: ["NA"] })] }),
    );
    const single = path.join(dir, "one.json");
    writeFileSync(single, JSON.stringify(v2Study("NCT05000003", { status: "NOT_YET_RECRUITING" })));
    const ndjson = path.join(dir, "studies.ndjson");
    writeFileSync(
      ndjson,
      `${JSON.stringify(v2Study("NCT05000004"))}\n{"protocolSection": \n${JSON.stringify({})}\n`,
    );
    const r = await runImport([page, single, ndjson]);
    expect(r.summary).toMatchObject({ read: 6, created: 4, rejected: 2 });
    expect(r.records.map((x) => [x.file, x.reason.split(":")[0]])).toEqual([
      ["studies.ndjson:2", "malformed JSON"],
      ["studies.ndjson:3", "no protocolSection"],
    ]);
    expect(await trial("NCT05000001")).toMatchObject({
      phase: "phase 1/phase 2",
      status: "recruiting",
      scorable: true,
    });
    expect(await trial("NCT05000002")).toMatchObject({ phase: "n/a", scorable: false });
    expect(await trial("NCT05000003")).toMatchObject({ status: "not yet recruiting" });
    const types = await executor.read(
      "MATCH (:Trial {nctId: 'NCT05000004'})-[r:TESTS]->(d) RETURN d.name AS name, r.interventionType AS type ORDER BY r.position",
    );
    expect(types).toEqual([
      { name: "metformin", type: "drug" },
      { name: "insulin glargine", type: "biological" },
    ]);
  });
});
