// `neo4j start|stop|status|build [--force]`: the local Neo4j from the command line (npm run
// neo4j:start, scripts/setup.sh's build step). Port, data folder, heap and start-up wait come from
// Config (NEO4J_LOCAL_BOLT_PORT, NEO4J_LOCAL_DATA_DIR, NEO4J_LOCAL_HEAP, NEO4J_LOCAL_START_TIMEOUT).
import { loadConfig } from "../config.js";
import { buildLocalNeo4j } from "../neo4j-local/build.js";
import { startLocalNeo4j, statusLocalNeo4j, stopLocalNeo4j } from "../neo4j-local/launcher.js";

const USAGE = "usage: tsx src/cli.ts neo4j start|stop|status|build [--force]";

export async function neo4jCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const config = loadConfig().neo4j;
  const port = config.localBoltPort;
  switch (action) {
    case "build": {
      const { built } = buildLocalNeo4j({ force: rest.includes("--force") });
      if (!built) console.error("neo4j-local: jar is up to date");
      return 0;
    }
    case "start": {
      // A dot per second while waiting, and a line every 15 s so CI logs show progress too.
      let dots = 0;
      const handle = await startLocalNeo4j(config, {
        onProgress: (elapsedMs) => {
          process.stderr.write(".");
          dots += 1;
          if (dots % 15 === 0) process.stderr.write(` ${Math.round(elapsedMs / 1000)} s\n`);
        },
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
      const { wasRunning } = await stopLocalNeo4j(port);
      if (!wasRunning) console.error(`neo4j-local: not running on port ${port}`);
      return 0;
    }
    case "status": {
      const status = await statusLocalNeo4j(port);
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
      console.error(USAGE);
      return 2;
  }
}
