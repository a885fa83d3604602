// Materialised analytics: a view is computed once and then read from its (:AnalyticsView) node;
// every write path that can change an aggregate (scores written or cleared, seed batches) raises
// the data version, and the next read recomputes. A second repository (another API process) reads
// the same stored view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { AnalyticsRepository } from "../../src/graph/analytics-repository.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { clearGraph } from "../../src/graph/clear-graph.js";
import { dataVersion } from "../../src/graph/data-version.js";
import { createExecutor, type Executor } from "../../src/graph/executor.js";
import { createRepositories, type Repositories } from "../../src/graph/repositories.js";
import { writeGraph, type WriteStep } from "../../src/seed/write-graph.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

let executor: Executor;
let graph: Repositories;

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
  await clearGraph(executor);
  graph = createRepositories(executor);
  await executor.write(
    `UNWIND range(1, 10) AS i
     CREATE (:Trial {nctId: 'NCT9' + right('0000000' + toString(i), 7), phase: CASE WHEN i <= 6 THEN 'phase 1' ELSE 'phase 2' END,
       outcome: i % 2, successProbability: 0.5})`,
  );
});

afterAll(async () => {
  await clearGraph(executor);
  await executor.close();
});

const phase1 = async (repo: Pick<AnalyticsRepository, "byPhase"> = graph.analytics) =>
  (await repo.byPhase()).find((g) => g.key === "phase 1")!;

describe("materialised analytics", () => {
  it("computes a view once and serves the stored rows until the data changes", async () => {
    expect((await phase1()).predictedMean).toBeCloseTo(0.5);
    const [view] = await executor.read<{ n: number }>(
      "MATCH (v:AnalyticsView {name: 'byPhase'}) RETURN count(v) AS n",
    );
    expect(view!.n).toBe(1);
    // A change that bypasses the write paths (no version raised) is not seen: the view is stored.
    await executor.write("MATCH (t:Trial {nctId: 'NCT90000001'}) SET t.successProbability = 0.9");
    expect((await phase1()).predictedMean).toBeCloseTo(0.5);
  });

  it("new scores raise the data version and the next read recomputes", async () => {
    const before = await dataVersion(executor);
    await graph.scores.writeScores([
      { nctId: "NCT90000002", probability: 0.8, embedding: [1, 0], modelVersion: "m", phaseModel: "phase 1" },
    ]);
    expect(await dataVersion(executor)).toBeGreaterThan(before);
    // 0.9 (the bypassing write, now seen too) + 0.8 + four times 0.5, over six trials.
    expect((await phase1()).predictedMean).toBeCloseTo((0.9 + 0.8 + 4 * 0.5) / 6);
  });

  it("another process's repository reads the same stored view; cleared scores refresh it", async () => {
    const other = new AnalyticsRepository(executor);
    expect((await phase1(other)).predictedMean).toBeCloseTo((0.9 + 0.8 + 4 * 0.5) / 6);
    await graph.scores.clearScores(["NCT90000002"]);
    expect((await phase1(other)).scoredCount).toBe(5);
  });

  it("a seed batch raises the version: new trials show in the next read", async () => {
    const step: WriteStep = {
      name: "Trial",
      kind: "node",
      rows: [{ nctId: "NCT90000011", phase: "phase 1", outcome: 1 }],
      cypher: "UNWIND $rows AS row MERGE (t:Trial {nctId: row.nctId}) SET t += row",
    };
    await writeGraph(executor, [step], { batchSize: 10 });
    const g = await phase1();
    expect(g.trialCount).toBe(7);
    expect(g.successes).toBe(4);
  });

  it("concurrent first reads share one computation in a process", async () => {
    await executor.write("MATCH (v:AnalyticsView) DELETE v");
    const repo = new AnalyticsRepository(executor);
    const [a, b] = await Promise.all([repo.byIcdChapter(), repo.byIcdChapter()]);
    expect(a).toBe(b);
  });

  it("refresh() stores every view at the current version (the scoring job's last step)", async () => {
    await graph.analytics.refresh();
    const rows = await executor.read<{ name: string; version: number }>(
      "MATCH (v:AnalyticsView) RETURN v.name AS name, v.version AS version ORDER BY name",
    );
    const current = await dataVersion(executor);
    expect(rows).toEqual(["byDrug", "byIcdChapter", "byPhase"].map((name) => ({ name, version: current })));
  });
});
