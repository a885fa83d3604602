// `serve`: the whole platform in one process — Neo4j (local unless NEO4J_URI), schema, seed if
// empty, then GraphQL, while the scoring job stores scores for trials that lack the loaded model
// version's in the background. Until it is done, a trial without a current score is scored on demand
// (same model, same numbers) and similarTrials only finds already-scored neighbours: with the whole
// TOP benchmark and the whole criteria that job takes minutes on a laptop CPU, and nobody should wait
// for it before the first query. Ctrl-C / SIGTERM stop the scoring (between chunks) and the server,
// then the model and the local Neo4j this process started.
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
      if (stop.signal.aborted) return 130;
      const server = await createServer({
        config: platform.config,
        executor: platform.executor,
        graph: platform.graph,
        scorer: platform.scorer,
        modelCard: platform.artifacts.card,
      });
      console.error(`[serve] GraphQL at ${server.graphqlUrl} — IDE at ${server.url}`);
      const scoring = values["skip-scoring"]
        ? Promise.resolve()
        : scoreTrials(platform.jobGraph, platform.jobExecutor, platform.scorer, { signal: stop.signal }).then(
            (summary) => {
              if (summary.stopped) return;
              console.error(
                summary.trialsScored
                  ? `[score] ${summary.trialsScored} trials in ${summary.seconds.toFixed(1)} s (${summary.trialsPerSecond.toFixed(1)}/s)`
                  : `[score] every trial already has a ${summary.modelVersion} score`,
              );
            },
            // The service keeps answering (trials without a stored score are scored on demand); the next
            // start retries the job.
            (err: unknown) =>
              console.error(
                `[score] background scoring failed: ${err instanceof Error ? err.message : String(err)}`,
              ),
          );
      await signal.promise;
      console.error("[serve] stopping");
      await scoring;
      await server.stop();
      return 0;
    } finally {
      await platform.close();
    }
  } finally {
    signal.dispose();
  }
}
