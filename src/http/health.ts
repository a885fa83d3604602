// /health (everything an operator wants to see) and /health/ready (for a load balancer: 503 while
// Neo4j does not answer). The probe has its own short deadline, shorter than a query's, and the
// answer never waits longer than ANSWER_WITHIN_MS for it: the probe shares the driver's connection
// pool with the requests, so under load it may wait for a connection, and a health check that
// answers in seconds is itself an outage signal (issue 14: < 1 s under load).
import type { Executor } from "../graph/executor.js";
import type { Scorer } from "../model/types.js";

const PROBE_TIMEOUT_MS = 3_000;
const ANSWER_WITHIN_MS = 700;

type Reachability = { reachable: boolean; error?: string; late?: boolean };

/**
 * Probes Neo4j. With `answerWithinMs`, a probe still waiting then (for a busy pool's connection,
 * or a hanging server: the two look alike) is reported as not reachable "yet" instead of waited
 * for; /health/ready waits for the probe's own deadline, so a load balancer gets the real answer.
 */
export async function neo4jReachable(executor: Executor, answerWithinMs?: number): Promise<Reachability> {
  const probe = executor
    .read("RETURN 1 AS ok", {}, { timeoutMs: Math.min(PROBE_TIMEOUT_MS, executor.timeoutMs) })
    .then(
      (): Reachability => ({ reachable: true }),
      (error: unknown): Reachability => ({
        reachable: false,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  if (answerWithinMs === undefined) return probe;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Reachability>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          reachable: false,
          late: true,
          error: `no answer within ${answerWithinMs} ms (a busy connection pool or a hanging server)`,
        }),
      answerWithinMs,
    );
  });
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function healthBody(executor: Executor, scorer: Scorer, admission?: unknown): Promise<unknown> {
  const neo4j = await neo4jReachable(executor, ANSWER_WITHIN_MS);
  return {
    status: neo4j.reachable ? "ok" : "degraded",
    neo4j,
    model: {
      modelVersion: scorer.modelVersion,
      executionProvider: scorer.executionProvider,
      embeddingDim: scorer.embeddingDim,
    },
    scorer: scorer.stats(),
    admission,
    uptimeSeconds: Math.round(process.uptime()),
  };
}

export async function readyBody(executor: Executor): Promise<{ status: number; body: unknown }> {
  const neo4j = await neo4jReachable(executor);
  return { status: neo4j.reachable ? 200 : 503, body: { ready: neo4j.reachable, neo4j } };
}
