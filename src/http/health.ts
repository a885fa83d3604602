// /health (everything an operator wants to see) and /health/ready (for a load balancer: 503 while
// Neo4j does not answer). The probe has its own short deadline, shorter than a query's.
import type { Executor } from "../graph/executor.js";
import type { Scorer } from "../model/types.js";

const PROBE_TIMEOUT_MS = 3_000;

export async function neo4jReachable(executor: Executor): Promise<{ reachable: boolean; error?: string }> {
  try {
    await executor.read("RETURN 1 AS ok", {}, { timeoutMs: Math.min(PROBE_TIMEOUT_MS, executor.timeoutMs) });
    return { reachable: true };
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function healthBody(executor: Executor, scorer: Scorer): Promise<unknown> {
  const neo4j = await neo4jReachable(executor);
  return {
    status: neo4j.reachable ? "ok" : "degraded",
    neo4j,
    model: {
      modelVersion: scorer.modelVersion,
      executionProvider: scorer.executionProvider,
      embeddingDim: scorer.embeddingDim,
    },
    scorer: scorer.stats(),
    uptimeSeconds: Math.round(process.uptime()),
  };
}

export async function readyBody(executor: Executor): Promise<{ status: number; body: unknown }> {
  const neo4j = await neo4jReachable(executor);
  return { status: neo4j.reachable ? 200 : 503, body: { ready: neo4j.reachable, neo4j } };
}
