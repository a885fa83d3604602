// Deletes every node and edge in batches (tests and benchmarks start from an empty graph).
// Schema (constraints, indexes) is kept. CALL {…} IN TRANSACTIONS needs an auto-commit query.
import type { Executor } from "./executor.js";

export async function clearGraph(executor: Executor): Promise<void> {
  await executor.autoCommit(
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
    {},
    {
      timeoutMs: 600_000,
    },
  );
}
