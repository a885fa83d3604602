// `serve`: the whole platform in one process — Neo4j (local unless NEO4J_URI), schema, seed if
// empty, scores for trials that lack the loaded model version's, then GraphQL. Ctrl-C / SIGTERM
// stop the scoring (between chunks) or the server, then the model and the local Neo4j this process
// started.
import { parseArgs } from "node:util";
import { startPlatform, untilStopSignal } from "./platform.js";
import { scoreTrials } from "../jobs/score-trials.js";
import { createServer } from "../http/server.js";

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { "skip-scoring": { type: "boolean", default: false } },
    strict: true,
  });
  const stop = new AbortController();
  const signal = untilStopSignal();
  void signal.promise.then(() => stop.abort());
  try {
    const platform = await startPlatform();
    try {
      if (!values["skip-scoring"]) {
        const summary = await scoreTrials(platform.jobGraph, platform.jobExecutor, platform.scorer, {
          signal: stop.signal,
        });
        if (summary.stopped) return 130;
        if (summary.trialsScored) {
          console.error(
            `[score] ${summary.trialsScored} trials in ${summary.seconds.toFixed(1)} s (${summary.trialsPerSecond.toFixed(1)}/s)`,
          );
        } else {
          console.error(`[score] every trial already has a ${summary.modelVersion} score`);
        }
      }
      if (stop.signal.aborted) return 130;
      const server = await createServer({
        config: platform.config,
        executor: platform.executor,
        graph: platform.graph,
        scorer: platform.scorer,
        modelCard: platform.artifacts.card,
      });
      console.error(`[serve] GraphQL at ${server.graphqlUrl} — IDE at ${server.url}`);
      await signal.promise;
      console.error("[serve] stopping");
      await server.stop();
      return 0;
    } finally {
      await platform.close();
    }
  } finally {
    signal.dispose();
  }
}
