// The API server as the load benchmark's child process, so its memory (RSS) is its own and the
// load comes from another process over loopback. Prints nothing on stdout; tells the parent its
// port over IPC and stops when the parent says "stop".
import { loadConfig } from "../src/config.js";
import { createExecutor } from "../src/graph/executor.js";
import { createRepositories } from "../src/graph/repositories.js";
import { createScorer } from "../src/model/create-scorer.js";
import { createServer } from "../src/http/server.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const executor = createExecutor(config.neo4j);
  const scorer = await createScorer(config.model, { log: () => undefined });
  const server = await createServer({
    config: { ...config, server: { ...config.server, port: 0 } },
    executor,
    graph: createRepositories(executor),
    scorer,
  });
  process.on("message", (msg) => {
    if (msg !== "stop") return;
    void (async () => {
      await server.stop();
      await scorer.close();
      await executor.close();
      process.exit(0);
    })();
  });
  process.send!({ ready: true, graphqlUrl: server.graphqlUrl, pid: process.pid });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
