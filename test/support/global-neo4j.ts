// vitest globalSetup: one Neo4j for the whole test run.
// With NEO4J_URI set, tests use that server as it is. Otherwise this starts the local Neo4j
// (graph-seed/neo4j-local) on a test port (NEO4J_TEST_BOLT_PORT, default 7697, so a dev instance on
// 7687 is left alone) with a fresh temporary store, and removes both when the run ends.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { loadConfig, port as portFrom } from "../../src/config.js";
import {
  PORT_BUSY,
  startLocalNeo4j,
  statusLocalNeo4j,
  stopLocalNeo4j,
  type LocalNeo4jHandle,
} from "../../src/neo4j-local/launcher.js";
import type { Neo4jTestEnv } from "./neo4j-test-env.js";

const DEFAULT_TEST_PORT = 7697;
/** Test runs that overlap (several checkouts or agents on one machine) move up to this many ports on. */
const PORTS_TO_TRY = 10;
const TAG = "vitest";

function publish(project: TestProject, env: Neo4jTestEnv): void {
  project.provide("neo4j", env);
  // Also as env vars: code under test that calls loadConfig() sees the same server. Workers are
  // started after globalSetup and inherit this process's environment (checked by neo4j-local.test.ts).
  process.env.NEO4J_URI = env.uri;
  process.env.NEO4J_USER = env.user;
  process.env.NEO4J_PASSWORD = env.password;
}

export const TEMP_PREFIX = path.join(os.tmpdir(), "trialgraph-neo4j-test-");

/** Deletes a store only if it is one of ours under the temp folder (a leftover's pid file says where). */
export function removeTempStore(dir: string | undefined): void {
  if (dir && dir.startsWith(TEMP_PREFIX)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts a local Neo4j with a store in `dataDir` on the first free port from `basePort` on (also
 * used by suites that need a throw-away instance of their own, e.g. the hanging-Neo4j test).
 */
export async function startOnFreePort(
  basePort: number,
  dataDir: string,
  options: { tag?: string; heap?: string; log?: (line: string) => void } = {},
): Promise<LocalNeo4jHandle> {
  const tag = options.tag ?? TAG;
  const log = options.log ?? ((line: string) => console.log(line));
  const settings = { ...loadConfig().neo4j, ...(options.heap ? { localHeap: options.heap } : {}) };
  for (let port = basePort; port < basePort + PORTS_TO_TRY; port++) {
    const status = await statusLocalNeo4j(port);
    if (status.running || status.starting) {
      // A test instance whose run was killed (owner gone) is a leftover: stop it and take the port.
      // One owned by a live run, or started by hand, is someone else's: leave it and move on.
      if (status.running && status.tag === tag && !status.ownerAlive) {
        await stopLocalNeo4j(port, { log });
        removeTempStore(status.dataDir);
      } else continue;
    }
    try {
      const handle = await startLocalNeo4j(
        { ...settings, localBoltPort: port, localDataDir: dataDir },
        {
          tag,
          log,
          onProgress: (ms) => {
            if (ms % 10_000 < 1_000)
              log(`neo4j-local: waiting for Bolt on port ${port} (${Math.round(ms / 1000)} s)`);
          },
        },
      );
      if (!handle.alreadyRunning) return handle;
      // Someone else's instance appeared on this port meanwhile: never share a store with it.
    } catch (error) {
      if ((error as { code?: unknown }).code !== PORT_BUSY) throw error;
      log(`neo4j-local: port ${port} is busy, trying ${port + 1}`);
    }
  }
  throw new Error(
    `no free test port in ${basePort}-${basePort + PORTS_TO_TRY - 1}; set NEO4J_TEST_BOLT_PORT or NEO4J_URI`,
  );
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

  const basePort = portFrom(process.env, "NEO4J_TEST_BOLT_PORT", DEFAULT_TEST_PORT);
  const dataDir = fs.mkdtempSync(TEMP_PREFIX);
  const removeDataDir = (): void => removeTempStore(dataDir);
  let handle: LocalNeo4jHandle;
  try {
    handle = await startOnFreePort(basePort, dataDir);
  } catch (error) {
    removeDataDir();
    throw error;
  }
  // Auth is disabled on the loopback-only local server; these credentials only satisfy the driver API.
  publish(project, { uri: handle.uri, user: "neo4j", password: "trialgraph", local: true });

  return async () => {
    await handle.stop();
    removeDataDir();
  };
}
