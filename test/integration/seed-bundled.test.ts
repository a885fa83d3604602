// Seeds all bundled files once into the real Neo4j and checks the graph against counts that a
// separate Python oracle (csv + ast.literal_eval) derives from the same CSVs; then checks that a
// second run changes nothing.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Executor } from "../../src/graph/executor.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, type SeedSummary } from "../../src/seed/seed.js";
import { defaultSeedFiles } from "../../src/seed/source-files.js";
import { loadConfig, repoRoot } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { clearGraph } from "../../src/graph/clear-graph.js";
import { createExecutor } from "../../src/graph/executor.js";
import { graphCounts } from "../../src/graph/graph-counts.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

const dataDir = path.join(repoRoot, "graph-seed", "data");
const python = [path.join(repoRoot, ".venv", "bin", "python"), "python3"].find(
  (p) => p === "python3" || existsSync(p),
)!;

interface Expected {
  nodes: Record<string, number>;
  edges: Record<string, number>;
  outcome: Record<string, number>;
  hintPredictions: number;
  rowsRead: number;
  trialsWithoutCriteria: number;
}

let executor: Executor;
let first: SeedSummary;
let expected: Expected;
const quiet = () => {};

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
  await clearGraph(executor);
  const files = await defaultSeedFiles(dataDir);
  expected = JSON.parse(
    execFileSync(python, [path.join(repoRoot, "test/fixtures/graph-seed/expected_counts.py"), ...files], {
      encoding: "utf8",
    }),
  ) as Expected;
  const report = path.join(mkdtempSync(path.join(os.tmpdir(), "seed-report-")), "report.json");
  first = await seed(executor, { dataDir, reportPath: report, log: quiet });
});

afterAll(async () => {
  await executor.close();
});

describe("seed of the bundled TOP files", () => {
  it("writes the node and edge counts the CSVs imply", async () => {
    const counts = await graphCounts(executor);
    expect(counts.nodes).toEqual(expected.nodes);
    expect(counts.edges).toEqual(expected.edges);
    expect(first.rowsRead).toBe(expected.rowsRead);
    expect(first.rowsRejected).toBe(0);
    // the rebuilt files lack criteria for most rows: counted and reported, never rejected
    expect(first.trialsWithoutCriteria).toBe(expected.trialsWithoutCriteria);
    expect(first.trialsWithoutCriteria).toBeGreaterThan(5000);
  });

  it("stores outcomes, HINT predictions and one merged Trial per nctId", async () => {
    const [o] = await executor.read<{ ones: number; zeros: number; preds: number }>(
      "MATCH (t:Trial) RETURN sum(CASE t.outcome WHEN 1 THEN 1 ELSE 0 END) AS ones, sum(CASE t.outcome WHEN 0 THEN 1 ELSE 0 END) AS zeros, count(t.hintPrediction) AS preds",
    );
    expect({ "1": o.ones, "0": o.zeros }).toEqual(expected.outcome);
    expect(o.preds).toBe(expected.hintPredictions);
    // A phase 1/2 trial listed in phase_I_train and phase_II_valid: one node, both sources,
    // split = the more protective "valid".
    const merged = await executor.read<{ source: string[]; splits: string[]; split: string }>(
      "MATCH (t:Trial) WHERE size(t.source) = 2 AND 'phase_I_train.csv' IN t.source AND 'phase_II_valid.csv' IN t.source RETURN t.source AS source, t.splits AS splits, t.split AS split",
    );
    expect(merged).toHaveLength(32);
    expect(merged.every((m) => m.split === "valid" && m.splits.includes("train"))).toBe(true);
  });

  it("links ICD codes up to the chapter with descriptions, and canonical SMILES on drugs", async () => {
    const [chain] = await executor.read<{
      codes: string[];
      descriptions: (string | null)[];
      levels: number[];
    }>(
      "MATCH p = (c:IcdCode {code: 'C71.9'})-[:IS_A*]->(top:IcdCode) WHERE NOT (top)-[:IS_A]->() RETURN [n IN nodes(p) | n.code] AS codes, [n IN nodes(p) | n.description] AS descriptions, [n IN nodes(p) | n.level] AS levels",
    );
    expect(chain.codes).toEqual(["C71.9", "C71", "C"]);
    expect(chain.levels).toEqual([2, 1, 0]);
    // icd_10_direct_mapping.csv lists C71 but not C71.9: a missing description stays null.
    expect(chain.descriptions).toEqual([null, "Malignant neoplasm of brain", "Neoplasms (C00-D49)"]);
    const [deep] = await executor.read<{ codes: string[] }>(
      "MATCH p = (:IcdCode {code: 'O88.211'})-[:IS_A*]->(:IcdCode {code: 'O'}) RETURN [n IN nodes(p) | n.code] AS codes",
    );
    expect(deep.codes).toEqual(["O88.211", "O88.21", "O88.2", "O88", "O"]);
    const [drug] = await executor.read<{ smiles: string; canonical: string; source: string }>(
      "MATCH (:Trial {nctId: 'NCT00087451'})-[:TESTS]->(d:Drug {name: 'ap23573'}) RETURN d.smiles AS smiles, d.canonicalSmiles AS canonical, d.smilesSource AS source",
    );
    expect(drug.source).toBe("trial");
    expect(drug.smiles.startsWith("CO[C@@H]1C[C@H]")).toBe(true);
    expect(drug.canonical).toMatch(/P\(C\)\(C\)=O/);
    const [t] = await executor.read<{ inc: string; exc: string; phase: string }>(
      "MATCH (t:Trial {nctId: 'NCT00087451'})-[:IN_PHASE]->(p:Phase) RETURN t.inclusionCriteria AS inc, t.exclusionCriteria AS exc, p.name AS phase",
    );
    expect(t.phase).toBe("phase 1");
    expect(t.inc.startsWith("(Patients must meet each of the following criteria")).toBe(true);
    expect(t.exc.length).toBeGreaterThan(0);
  });

  it("changes nothing when run a second time", async () => {
    const before = await graphCounts(executor);
    const second = await seed(executor, { dataDir, reportPath: null, log: quiet });
    expect(second.write.nodesCreated).toBe(0);
    expect(second.write.relationshipsCreated).toBe(0);
    expect(await graphCounts(executor)).toEqual(before);
  });
});
