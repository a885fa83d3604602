// `serve`: the whole platform in one process — Neo4j (local unless NEO4J_URI), schema, seed if
// empty, scores for trials that lack the loaded model version's, then GraphQL. Ctrl-C / SIGTERM
// stop the server, the model and the local Neo4j this process started.
import { parseArgs } from "node:util";
import { startPlatform } from "./platform.js";
import { scoreTrials } from "../jobs/score-trials.js";
import { createServer } from "../server.js";

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { "skip-scoring": { type: "boolean", default: false } },
    strict: true,
  });
  const platform = await startPlatform();
  try {
    if (!values["skip-scoring"]) {
      const summary = await scoreTrials(platform.driver, platform.scorer, {
        database: platform.config.neo4j.database,
      });
      if (summary.trialsScored) {
        console.error(
          `[score] ${summary.trialsScored} trials in ${summary.seconds.toFixed(1)} s (${summary.trialsPerSecond.toFixed(1)}/s)`,
        );
      } else {
        console.error(`[score] every trial already has a ${summary.modelVersion} score`);
      }
    }
    const server = await createServer({
      config: platform.config,
      driver: platform.driver,
      scorer: platform.scorer,
    });
    console.error(`[serve] GraphQL at ${server.graphqlUrl} — IDE at ${server.url}`);
    await new Promise<void>((resolve) => {
      // `on`, not `once`: npx and tsx forward the signal too, and a second SIGTERM arriving after a
      // `once` handler is gone would kill the process before the local Neo4j is stopped.
      const stop = () => resolve();
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    console.error("[serve] stopping");
    await server.stop();
    return 0;
  } finally {
    await platform.close();
  }
}
