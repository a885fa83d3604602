// Counts of the graph: used by the seed summary, tests and benchmarks.
import type { Executor } from "./executor.js";

export const NODE_LABELS = ["Trial", "Drug", "Disease", "IcdCode", "Phase"] as const;
export const EDGE_TYPES = ["TESTS", "STUDIES", "CODED_AS", "IS_A", "IN_PHASE"] as const;

export interface GraphCounts {
  nodes: Record<string, number>;
  edges: Record<string, number>;
}

export async function graphCounts(executor: Executor): Promise<GraphCounts> {
  const nodes: Record<string, number> = {};
  const edges: Record<string, number> = {};
  // Label/type counts come from the count store: constant time, no scan.
  for (const label of NODE_LABELS) {
    const [row] = await executor.read<{ n: number }>(`MATCH (n:${label}) RETURN count(n) AS n`);
    nodes[label] = row!.n;
  }
  for (const type of EDGE_TYPES) {
    const [row] = await executor.read<{ n: number }>(`MATCH ()-[r:${type}]->() RETURN count(r) AS n`);
    edges[type] = row!.n;
  }
  return { nodes, edges };
}

export async function trialCount(executor: Executor): Promise<number> {
  const [row] = await executor.read<{ n: number }>("MATCH (t:Trial) RETURN count(t) AS n");
  return row!.n;
}
