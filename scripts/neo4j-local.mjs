#!/usr/bin/env node
// Command line for the local Neo4j: `node scripts/neo4j-local.mjs start|stop|status|build [--force]`.
// Port and data folder come from NEO4J_LOCAL_BOLT_PORT (default 7687) and NEO4J_LOCAL_DATA_DIR
// (default .neo4j/data); NEO4J_LOCAL_START_TIMEOUT (seconds, default 120) bounds the wait for Bolt and
// NEO4J_LOCAL_HEAP (default 2g) sets the JVM heap. The work itself is in neo4j-local-lib.mjs.
import {
  DEFAULT_START_TIMEOUT_MS,
  buildLocalNeo4j,
  defaultDataDir,
  portFromEnv,
  startLocalNeo4j,
  statusLocalNeo4j,
  stopLocalNeo4j,
} from "./neo4j-local-lib.mjs";

const usage = "usage: node scripts/neo4j-local.mjs start|stop|status|build [--force]";

function startTimeoutMs() {
  const raw = process.env.NEO4J_LOCAL_START_TIMEOUT;
  if (!raw) return DEFAULT_START_TIMEOUT_MS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`NEO4J_LOCAL_START_TIMEOUT must be a positive number of seconds, got ${raw}`);
  }
  return seconds * 1000;
}

async function main(argv) {
  const [command, ...rest] = argv;
  const port = portFromEnv();
  switch (command) {
    case "build": {
      const { built } = buildLocalNeo4j({ force: rest.includes("--force") });
      if (!built) console.error("neo4j-local: jar is up to date");
      return 0;
    }
    case "start": {
      // A dot per second while waiting, and a line every 15 s so CI logs show progress too.
      let dots = 0;
      const onProgress = (elapsedMs) => {
        process.stderr.write(".");
        dots += 1;
        if (dots % 15 === 0) process.stderr.write(` ${Math.round(elapsedMs / 1000)} s\n`);
      };
      const handle = await startLocalNeo4j({
        port,
        dataDir: defaultDataDir(),
        timeoutMs: startTimeoutMs(),
        onProgress,
        log: (line) => {
          if (dots % 15 !== 0) process.stderr.write("\n");
          dots = 0;
          console.error(line);
        },
      });
      // stdout carries only the URI so scripts can capture it.
      console.log(handle.uri);
      return 0;
    }
    case "stop": {
      const { wasRunning } = await stopLocalNeo4j({ port });
      if (!wasRunning) console.error(`neo4j-local: not running on port ${port}`);
      return 0;
    }
    case "status": {
      const status = await statusLocalNeo4j({ port });
      if (status.running) {
        console.log(
          `running: pid ${status.pid}, ${status.uri} (${status.boltAnswers ? "Bolt answers" : "Bolt not answering yet"}), data ${status.dataDir}`,
        );
        return 0;
      }
      console.log(`not running on port ${port}`);
      return 3; // the LSB status code for "not running"
    }
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
