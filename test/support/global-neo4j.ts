// vitest globalSetup: one Neo4j for the whole test run.
// With NEO4J_URI set, tests use that server as it is. Otherwise this starts the local Neo4j
// (graph-seed/neo4j-local) on a test port (NEO4J_TEST_BOLT_PORT, default 7697, so a dev instance on
// 7687 is left alone) with a fresh temporary store, and removes both when the run ends.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { portFromEnv, startLocalNeo4j, stopLocalNeo4j } from "../../scripts/neo4j-local-lib.mjs";
import type { Neo4jTestEnv } from "./neo4j-test-env.js";

const DEFAULT_TEST_PORT = 7697;

function publish(project: TestProject, env: Neo4jTestEnv): void {
  project.provide("neo4j", env);
  // Also as env vars: code under test that calls loadConfig() sees the same server. Workers are
  // started after globalSetup and inherit this process's environment.
  process.env.NEO4J_URI = env.uri;
  process.env.NEO4J_USER = env.user;
  process.env.NEO4J_PASSWORD = env.password;
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.NEO4J_URI;
  if (external) {
    publish(project, {
      uri: external,
      user: process.env.NEO4J_USER ?? "neo4j",
      password: process.env.NEO4J_PASSWORD ?? "",
      local: false,
    });
    return undefined;
  }

  const port = portFromEnv(process.env, "NEO4J_TEST_BOLT_PORT", DEFAULT_TEST_PORT);
  const log = (line: string): void => console.log(line);
  // The test port belongs to test runs: an instance left behind by a killed run is stopped, so every
  // run starts from an empty store.
  await stopLocalNeo4j({ port, log });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trialgraph-neo4j-test-"));
  const removeDataDir = (): void => fs.rmSync(dataDir, { recursive: true, force: true });

  let handle;
  try {
    handle = await startLocalNeo4j({
      port,
      dataDir,
      log,
      onProgress: (ms) => {
        if (ms % 10_000 < 1_000) log(`neo4j-local: waiting for Bolt (${Math.round(ms / 1000)} s)`);
      },
    });
  } catch (error) {
    removeDataDir();
    throw error;
  }
  // Auth is disabled on the loopback-only local server; these credentials satisfy the driver API.
  publish(project, { uri: handle.uri, user: "neo4j", password: "trialgraph", local: true });

  const { stop } = handle;
  return async () => {
    await stop();
    removeDataDir();
  };
}
