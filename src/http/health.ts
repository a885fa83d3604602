// /health (everything an operator wants to see) and /health/ready (for a load balancer: 503 while
// Neo4j does not answer). The probe has its own short deadline, shorter than a query's, and the
// answer never waits longer than ANSWER_WITHIN_MS for it: the probe shares the driver's connection
// pool with the requests, so under load it may wait for a connection, and a health check that
// answers in seconds is itself an outage signal (issue 14: < 1 s under load).
import type { Executor } from "../graph/executor.js";
import type { Scorer } from "../model/types.js";

const PROBE_TIMEOUT_MS = 3_000;
const ANSWER_WITHIN_MS = 700;

type Reachability = { reachable: boolean; error?: string; busy?: boolean };

export async function neo4jReachable(executor: Executor): Promise<Reachability> {
  const probe = executor
    .read("RETURN 1 AS ok", {}, { timeoutMs: Math.min(PROBE_TIMEOUT_MS, executor.timeoutMs) })
    .then(
      (): Reachability => ({ reachable: true }),
      (error: unknown): Reachability => ({
        reachable: false,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Reachability>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          reachable: true,
          busy: true,
          error: `no answer within ${ANSWER_WITHIN_MS} ms: the connection pool is busy`,
        }),
      ANSWER_WITHIN_MS,
    );
  });
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function healthBody(executor: Executor, scorer: Scorer, admission?: unknown): Promise<unknown> {
  const neo4j = await neo4jReachable(executor);
  return {
    status: !neo4j.reachable ? "degraded" : neo4j.busy ? "busy" : "ok",
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
