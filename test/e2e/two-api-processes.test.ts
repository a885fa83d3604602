// The API is stateless: two `serve` processes behind one round-robin address, on the same Neo4j,
// answer a dashboard load with no failure and the same data from either; a keyset cursor from one
// process continues on the other, and analytics computed by one are the stored view the other reads.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, repoRoot } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { clearGraph } from "../../src/graph/clear-graph.js";
import { createExecutor, type Executor } from "../../src/graph/executor.js";
import { neo4jEnvVars, neo4jTestEnv } from "../support/neo4j-test-env.js";
import { RoundRobinProxy } from "./support/round-robin-proxy.js";

const tinyModel = path.join(repoRoot, "test", "fixtures", "model", "tiny-artifacts");
const TRIALS = 60;
let executor: Executor;
const apis: { child: ChildProcess; url: URL }[] = [];
let proxy: RoundRobinProxy;

function startApi(): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve", "--skip-scoring"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      ...neo4jEnvVars(),
      TRIALGRAPH_MODEL_DIR: tinyModel,
      TRIALGRAPH_EXECUTION_PROVIDER: "cpu",
      PORT: "0",
    },
  });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (b: Buffer) => {
      err += b.toString();
      const m = /GraphQL at (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, url: new URL(m[1]!) });
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: unknown[] } }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
  await clearGraph(executor);
  await executor.write(
    `UNWIND range(1, $n) AS i
     CREATE (t:Trial {nctId: 'NCT9' + right('0000000' + toString(i), 7), phase: CASE WHEN i % 2 = 0 THEN 'phase 1' ELSE 'phase 2' END,
       outcome: i % 3 % 2, successProbability: toFloat(i) / $n})`,
    { n: TRIALS },
  );
  apis.push(...(await Promise.all([startApi(), startApi()])));
  proxy = new RoundRobinProxy(apis.map((a) => a.url));
  await proxy.start();
});

afterAll(async () => {
  await proxy?.stop();
  for (const { child } of apis) child.kill("SIGTERM");
  await Promise.all(
    apis.map(({ child }) => new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)))),
  );
  await clearGraph(executor);
  await executor.close();
});

const PAGE = `query($after: String) { trials(first: 7, after: $after, orderBy: PROBABILITY_DESC) {
  pageInfo { hasNextPage endCursor } edges { node { nctId successProbability } } } }`;

describe("two API processes behind one round-robin address", () => {
  it("serve a concurrent dashboard load with no failure, split between both", async () => {
    const url = `${proxy.url}${apis[0]!.url.pathname}`;
    const queries = [
      (i: number) =>
        post(url, "query($id: String!) { trial(nctId: $id) { nctId phase } }", {
          id: `NCT9${String((i % TRIALS) + 1).padStart(7, "0")}`,
        }),
      () => post(url, '{ trials(first: 5, filter: { phase: "phase 1" }) { edges { node { nctId } } } }'),
      () => post(url, "{ analytics { byPhase { key trialCount successes predictedMean } } }"),
    ];
    const REQUESTS = 300;
    const CONCURRENCY = 8;
    let sent = 0;
    const failures: unknown[] = [];
    const analytics = new Set<string>();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < REQUESTS) {
          const i = sent++;
          const r = await queries[i % queries.length]!(i);
          if (r.status !== 200 || r.body.errors) failures.push(r);
          if (i % queries.length === 2) analytics.add(JSON.stringify(r.body.data));
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(proxy.served.reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    expect(Math.min(...proxy.served)).toBeGreaterThanOrEqual(REQUESTS / 2 - 1);
    // Both processes gave the same analytics (the one stored view).
    expect(analytics.size).toBe(1);
  });

  it("a cursor from one process continues on the other (keyset cursors hold no server state)", async () => {
    const [a, b] = apis.map((api) => api.url.href);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const r = await post(page % 2 === 0 ? a! : b!, PAGE, { after });
      expect(r.body.errors).toBeUndefined();
      const t = r.body.data.trials;
      seen.push(...t.edges.map((e: { node: { nctId: string } }) => e.node.nctId));
      if (!t.pageInfo.hasNextPage) break;
      after = t.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(TRIALS);
    expect(new Set(seen).size).toBe(TRIALS);
    // Highest probability first: trial 60 (1.0), then 59, ...
    expect(seen.slice(0, 2)).toEqual(["NCT90000060", "NCT90000059"]);
  });
});
