// A seed stopped after a few batches and then run again must leave exactly the graph of one
// uninterrupted run: same counts and same properties on every node and edge.
import { createHash } from "node:crypto";
import path from "node:path";
import type { Executor } from "../../src/graph/executor.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../src/seed/seed.js";
import { loadConfig, repoRoot } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { clearGraph } from "../../src/graph/clear-graph.js";
import { createExecutor } from "../../src/graph/executor.js";
import { graphCounts, type GraphCounts } from "../../src/graph/graph-counts.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

const dataDir = path.join(repoRoot, "graph-seed", "data");
// Two files sharing 4 phase 1/2 trials, so the merge is part of what must come out the same.
const files = ["phase_I_valid.csv.gz", "phase_II_valid.csv.gz"];
const quiet = () => {};
let executor: Executor;

/**
 * Digest of every data node's label + properties and every edge's endpoints + properties. The
 * bookkeeping nodes are left out: the data-version counter (GraphMeta) counts write batches, and an
 * interrupted run plus its rerun writes more batches than one clean run, by design.
 */
async function fingerprint(): Promise<string> {
  const rows = await executor.read<{ l: string; p: Record<string, unknown> }>(
    "MATCH (n) WHERE NOT n:GraphMeta AND NOT n:AnalyticsView RETURN labels(n)[0] AS l, properties(n) AS p",
  );
  const rels = await executor.read<{
    a: Record<string, unknown>;
    t: string;
    b: Record<string, unknown>;
    p: Record<string, unknown>;
  }>("MATCH (a)-[r]->(b) RETURN properties(a) AS a, type(r) AS t, properties(b) AS b, properties(r) AS p");
  const key = (p: Record<string, unknown>) => String(p.nctId ?? p.name ?? p.code);
  const canon = (v: Record<string, unknown>) =>
    JSON.stringify(Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))));
  const lines = [
    ...rows.map((r) => `${r.l} ${canon(r.p)}`),
    ...rels.map((r) => `${key(r.a)} -${r.t}${canon(r.p)}-> ${key(r.b)}`),
  ].sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
});

afterAll(async () => {
  // Leave no partial graph behind: a later suite's seedIfEmpty() must see an empty graph.
  await clearGraph(executor);
  await executor.close();
});

describe("interrupted seed", () => {
  it("ends, after a rerun, with the same graph as a clean run", async () => {
    await clearGraph(executor);
    await seed(executor, { dataDir, files, batchSize: 50, reportPath: null, log: quiet });
    const cleanCounts: GraphCounts = await graphCounts(executor);
    const clean = await fingerprint();
    expect(cleanCounts.nodes.Trial).toBe(117 + 446 - 4);

    await clearGraph(executor);
    const controller = new AbortController();
    let batches = 0;
    await expect(
      seed(executor, {
        dataDir,
        files,
        batchSize: 50,
        reportPath: null,
        log: quiet,
        signal: controller.signal,
        // Stop in the middle of the Trial nodes: some trials written, no edges yet.
        onBatch: (step) => {
          if (step === "Trial" && ++batches === 4) controller.abort(new Error("killed for the test"));
        },
      }),
    ).rejects.toThrow("killed for the test");
    const partial = await graphCounts(executor);
    expect(partial.nodes.Trial).toBe(200);
    expect(partial.edges.TESTS).toBe(0);

    await seed(executor, { dataDir, files, batchSize: 50, reportPath: null, log: quiet });
    expect(await graphCounts(executor)).toEqual(cleanCounts);
    expect(await fingerprint()).toBe(clean);
  });
});
