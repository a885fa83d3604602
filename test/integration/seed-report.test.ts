// A fixture with deliberately broken rows: each is skipped and listed in the JSON report with
// file, line and reason; the good rows are written; an unparsable SMILES keeps its Drug.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Executor } from "../../src/graph/executor.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, seedIfEmpty, type SeedSummary } from "../../src/seed/seed.js";
import { loadConfig, repoRoot } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { clearGraph } from "../../src/graph/clear-graph.js";
import { createExecutor } from "../../src/graph/executor.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

const fixture = path.join(repoRoot, "test", "fixtures", "graph-seed", "broken-rows.csv");
let executor: Executor;
let summary: SeedSummary;
let report: {
  rejected: { file: string; line: number; nctId?: string; reason: string }[];
  unparsableSmiles: { drug: string; smiles: string; trials: string[] }[];
};

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
  await clearGraph(executor);
  const reportPath = path.join(mkdtempSync(path.join(os.tmpdir(), "seed-report-")), "nested", "report.json");
  summary = await seed(executor, {
    files: [fixture],
    dataDir: path.join(repoRoot, "graph-seed", "data"),
    reportPath,
    log: () => {},
  });
  report = JSON.parse(readFileSync(reportPath, "utf8"));
});

afterAll(async () => {
  // Leave no partial graph behind: a later suite's seedIfEmpty() must see an empty graph.
  await clearGraph(executor);
  await executor.close();
});

describe("seed report", () => {
  it("lists every broken row with file, line and reason", () => {
    const got = report.rejected.map((r) => [
      r.file,
      r.line,
      r.reason.split(" (")[0].split(" ").slice(0, 2).join(" "),
    ]);
    expect(got).toEqual([
      ["broken-rows.csv", 6, "missing nctid"],
      ["broken-rows.csv", 7, "bad label"],
      ["broken-rows.csv", 8, "unparsable diseases"],
      ["broken-rows.csv", 10, "bad nctid"],
      ["broken-rows.csv", 11, "missing phase"],
      ["broken-rows.csv", 12, "unparsable icdcodes"],
      ["broken-rows.csv", 14, "has 6"],
    ]);
    expect(summary).toMatchObject({ rowsRead: 10, rowsAccepted: 3, rowsRejected: 7, trials: 3 });
  });

  it("writes the good rows, and keeps a drug whose SMILES RDKit cannot parse", async () => {
    const trials = await executor.read<{ id: string }>("MATCH (t:Trial) RETURN t.nctId AS id ORDER BY id");
    expect(trials.map((t) => t.id)).toEqual(["NCT90000001", "NCT90000004", "NCT90000007"]);
    expect(report.unparsableSmiles).toEqual([
      expect.objectContaining({ drug: "drug b", smiles: "not a smiles", trials: ["NCT90000004"] }),
    ]);
    const drugs = await executor.read<{
      name: string;
      smiles: string | null;
      raw: string | null;
      canonical: string | null;
    }>(
      "MATCH (d:Drug) RETURN d.name AS name, d.smiles AS smiles, d.rawSmiles AS raw, d.canonicalSmiles AS canonical ORDER BY name",
    );
    expect(drugs).toEqual([
      { name: "drug a", smiles: "CCO", raw: "CCO", canonical: "CCO" },
      { name: "drug b", smiles: null, raw: "not a smiles", canonical: null },
      // '' is a missing SMILES, not an empty molecule.
      { name: "drug c", smiles: null, raw: null, canonical: null },
    ]);
    const [t] = await executor.read<{ inc: string; exc: string; disease: string }>(
      "MATCH (t:Trial {nctId: 'NCT90000004'})-[:STUDIES]->(d:Disease) RETURN t.inclusionCriteria AS inc, t.exclusionCriteria AS exc, d.name AS disease",
    );
    expect(t).toEqual({ inc: "adults only", exc: "", disease: "parkinson's disease" });
  });

  it("seedIfEmpty seeds an empty graph and leaves a seeded one alone", async () => {
    await clearGraph(executor);
    const options = {
      files: [fixture],
      dataDir: path.join(repoRoot, "graph-seed", "data"),
      reportPath: null,
      log: () => {},
    };
    expect(await seedIfEmpty(executor, options)).toMatchObject({ trials: 3 });
    expect(await seedIfEmpty(executor, options)).toBeNull();
  });
});
