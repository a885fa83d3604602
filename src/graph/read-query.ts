// One place that runs read-only Cypher and turns Neo4j values into plain JS.
// Every query in the read-side modules goes through here, always with parameters.
import neo4j, { type Driver } from "neo4j-driver";

/** What the read-side modules need to reach the graph. */
export interface GraphHandle {
  driver: Driver;
  /** Undefined means the server's default database. */
  database?: string;
}

/** Runs a parameterised read query and returns each record as a plain object. */
export async function readRows<T = Record<string, unknown>>(
  graph: GraphHandle,
  cypher: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  // An auto-commit query, not executeQuery: executeQuery retries an unreachable server for
  // 30 s, and a request should fail fast with SERVICE_UNAVAILABLE instead.
  const session = graph.driver.session({ database: graph.database, defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(cypher, params);
    return result.records.map((record) => toPlain(record.toObject()) as T);
  } finally {
    await session.close();
  }
}

/** Runs a parameterised write query (used only by the score writer). */
export async function writeRows(
  graph: GraphHandle,
  cypher: string,
  params: Record<string, unknown>,
): Promise<void> {
  await graph.driver.executeQuery(cypher, params, {
    database: graph.database,
    routing: neo4j.routing.WRITE,
  });
}

/** Neo4j integers become JS numbers (the graph's counts fit easily); lists and maps recurse. */
export function toPlain(value: unknown): unknown {
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

/** SKIP / LIMIT need Neo4j integers, not JS floats. */
export function cypherInt(n: number): ReturnType<typeof neo4j.int> {
  return neo4j.int(Math.trunc(n));
}

/** True when the error means the database cannot be reached right now (not a bad query). */
export function isGraphUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === neo4j.error.SERVICE_UNAVAILABLE ||
    code === neo4j.error.SESSION_EXPIRED ||
    code === "Neo.TransientError.General.DatabaseUnavailable" ||
    (error instanceof Error &&
      /ECONNREFUSED|Connection was closed|Could not perform discovery/i.test(error.message))
  );
}
