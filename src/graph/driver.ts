// The one place a neo4j-driver Driver is built. Integers come back as JS numbers
// (disableLosslessIntegers): every count in this graph is far below 2^53.
import neo4j, { type Driver, type QueryResult, type RecordShape } from "neo4j-driver";
import { loadConfig, type Neo4jConfig } from "../config.js";
import { enableBoltNoDelay } from "./bolt-no-delay.js";

/** Bolt URI from config: NEO4J_URI, or the local Neo4j's port when unset. */
export function boltUri(config: Neo4jConfig): string {
  return config.uri ?? `bolt://127.0.0.1:${config.localBoltPort}`;
}

export function createDriver(config: Neo4jConfig = loadConfig().neo4j): Driver {
  enableBoltNoDelay();
  // Basic auth tokens also work against a server with auth disabled (the local launcher).
  return neo4j.driver(boltUri(config), neo4j.auth.basic(config.user, config.password), {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 20,
    connectionAcquisitionTimeout: 30_000,
  });
}

export type Params = Record<string, unknown>;

/** Runs one read query in a managed read transaction (retried on transient errors). */
export async function readQuery<T extends RecordShape = RecordShape>(
  driver: Driver,
  cypher: string,
  params: Params = {},
  database?: string,
): Promise<T[]> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ, database });
  try {
    const result = await session.executeRead((tx) => tx.run<T>(cypher, params));
    return result.records.map((r) => r.toObject());
  } finally {
    await session.close();
  }
}

/** Runs one write query in its own managed write transaction. */
export async function writeQuery<T extends RecordShape = RecordShape>(
  driver: Driver,
  cypher: string,
  params: Params = {},
  database?: string,
): Promise<QueryResult<T>> {
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE, database });
  try {
    return await session.executeWrite((tx) => tx.run<T>(cypher, params));
  } finally {
    await session.close();
  }
}

/** Closes the driver; safe to call twice. */
export async function closeDriver(driver: Driver | undefined): Promise<void> {
  if (driver) await driver.close();
}
