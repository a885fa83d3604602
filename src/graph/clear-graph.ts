// Deletes every node and edge in batches (tests and benchmarks start from an empty graph).
// Schema (constraints, indexes) is kept. CALL {…} IN TRANSACTIONS needs an auto-commit query.
import type { Driver } from "neo4j-driver";

export async function clearGraph(driver: Driver, database?: string): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS");
  } finally {
    await session.close();
  }
}
