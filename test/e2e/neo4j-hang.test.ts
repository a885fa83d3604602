// A hanging Neo4j (the process paused with SIGSTOP, as a black-holed network looks to the driver):
// every request answers SERVICE_UNAVAILABLE within the configured query deadline + 1 s instead of
// hanging, /health/ready says false, and the next request after SIGCONT succeeds. It pauses a
// throw-away Neo4j of its own (never the run's shared one), and resumes it in `finally` whatever
// the assertions did.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, port } from "../../src/config.js";
import { createExecutor, type Executor } from "../../src/graph/executor.js";
import { createRepositories } from "../../src/graph/repositories.js";
import { createServer, type RunningServer } from "../../src/http/server.js";
import type { LocalNeo4jHandle } from "../../src/neo4j-local/launcher.js";
import { removeTempStore, startOnFreePort, TEMP_PREFIX } from "../support/global-neo4j.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";
import { FakeScorer, gql } from "../unit/graphql/fakes.js";

const QUERY_TIMEOUT_MS = 2_000;
/** Far from the shared test instance's ports (7697 and up). */
const BASE_PORT = port(process.env, "NEO4J_HANG_TEST_BOLT_PORT", 7737);

function signal(pid: number, name: "SIGSTOP" | "SIGCONT"): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone: nothing to pause or resume
  }
}

describe.skipIf(!neo4jTestEnv().local)("a hanging Neo4j (paused with SIGSTOP)", () => {
  let handle: LocalNeo4jHandle | undefined;
  let dataDir: string | undefined;
  let executor: Executor;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(TEMP_PREFIX);
    handle = await startOnFreePort(BASE_PORT, dataDir, { tag: "vitest-hang", heap: "512m" });
    const config = loadConfig({
      ...process.env,
      NEO4J_URI: handle.uri,
      NEO4J_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    });
    config.server = { ...config.server, host: "127.0.0.1", port: 0 };
    executor = createExecutor(config.neo4j);
    server = await createServer({
      config,
      executor,
      graph: createRepositories(executor),
      scorer: new FakeScorer(),
    });
  });

  afterAll(async () => {
    if (handle) signal(handle.pid, "SIGCONT");
    await server?.stop();
    await executor?.close();
    await handle?.stop();
    removeTempStore(dataDir);
  });

  const trialList = `{ trialList(limit: 1) { nctId } }`;
  const byPhase = `{ analytics { byPhase { key trialCount } } }`;

  it("answers SERVICE_UNAVAILABLE within the deadline + 1 s, and recovers once Neo4j does", async () => {
    // On a cold instance the first connection and each query's first planning take seconds (2 s
    // and 1.3 s measured on the shared 2-core box): warm every query used below until it answers.
    for (const query of [trialList, byPhase]) {
      let errors: unknown;
      for (let attempt = 0; attempt < 20; attempt++) {
        errors = (await gql(server.graphqlUrl, query)).body.errors;
        if (!errors) break;
      }
      expect(errors, query).toBeUndefined();
    }

    const pid = handle!.pid;
    signal(pid, "SIGSTOP");
    try {
      const started = performance.now();
      const answers = await Promise.all(
        [trialList, byPhase].map(async (query) => {
          const r = await gql(server.graphqlUrl, query);
          return { ...r, ms: performance.now() - started };
        }),
      );
      for (const a of answers) {
        console.log(`[hang] answered in ${a.ms.toFixed(0)} ms (deadline ${QUERY_TIMEOUT_MS} ms)`);
        expect(a.body.errors?.[0]?.extensions).toMatchObject({
          code: "SERVICE_UNAVAILABLE",
          service: "neo4j",
        });
        expect(a.ms).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
      }
      const readyStarted = performance.now();
      const ready = await fetch(`${server.url}health/ready`);
      expect(ready.status).toBe(503);
      expect(performance.now() - readyStarted).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
    } finally {
      signal(pid, "SIGCONT");
    }

    const after = await gql(server.graphqlUrl, trialList);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data).toEqual({ trialList: [] });
  });
});
