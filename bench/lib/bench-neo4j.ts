// The Neo4j a benchmark talks to: the one NEO4J_URI names (run-all starts one and hands it to every
// benchmark), or else a local Neo4j of its own on a free port with a throw-away store.
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config.js";
import { PORT_BUSY, startLocalNeo4j } from "../../src/neo4j-local/launcher.js";

export interface BenchNeo4j {
  uri: string;
  /** Stops the instance this process started (nothing when NEO4J_URI was given). */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a local Neo4j with a fresh temporary store and sets NEO4J_URI so loadConfig() finds it. */
export async function benchNeo4j(log: (line: string) => void = (l) => console.error(l)): Promise<BenchNeo4j> {
  if (process.env.NEO4J_URI) return { uri: process.env.NEO4J_URI, stop: async () => undefined };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "trialgraph-bench-neo4j-"));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    try {
      const handle = await startLocalNeo4j(
        {
          ...loadConfig().neo4j,
          localBoltPort: port,
          localDataDir: dataDir,
          localHeap: process.env.NEO4J_LOCAL_HEAP ?? "1g",
        },
        { tag: "bench", log },
      );
      if (handle.alreadyRunning) continue; // someone else's instance: never share a store
      log(`[bench] local Neo4j at ${handle.uri} (${Math.round((handle.startupMs ?? 0) / 1000)} s to start)`);
      process.env.NEO4J_URI = handle.uri;
      return {
        uri: handle.uri,
        async stop() {
          await handle.stop();
          delete process.env.NEO4J_URI;
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      if ((err as { code?: unknown }).code !== PORT_BUSY) throw err;
    }
  }
  throw new Error("could not start a local Neo4j for the benchmarks");
}
