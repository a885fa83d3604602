// The one way to run Cypher (the idea of neo4j/graphql's Executor): it owns sessions and access
// mode, the retry policy, the deadline, the integer policy and the error mapping, so every query of
// the service, the seeder and the jobs behaves the same when Neo4j is slow, down or hanging.
//
// - Retries: reads and writes run in managed transactions, which neo4j-driver retries on transient
//   errors; the retries happen inside the deadline (maxTransactionRetryTime = the deadline).
// - Deadline: each call has one (config neo4j.queryTimeoutMs unless the call asks for a longer one,
//   as schema changes and seed batches do). It is sent to the server as the transaction timeout and
//   also enforced here, because a paused or black-holed server never answers to enforce its own.
// - Integers: the driver returns JS numbers (disableLosslessIntegers; every count here is far below
//   2^53); `int()` marks the parameters Cypher needs as integers (SKIP, LIMIT).
// - Errors: anything that means "the database cannot answer now" becomes GraphUnavailableError.
import neo4j, { type Driver, type ManagedTransaction, type Session } from "neo4j-driver";
import type { Neo4jConfig } from "../config.js";
import { enableBoltNoDelay } from "./bolt-no-delay.js";
import { GraphUnavailableError, toGraphError } from "./graph-errors.js";

export type Params = Record<string, unknown>;

/**
 * Deadline of the queries of start-up and jobs (seeding, scoring, benchmarks' set-up), which are
 * not requests: measured on the shared 2-core box, a cold Neo4j took over 5 s (the request
 * deadline) for the scoring job's first reads.
 */
export const JOB_QUERY_TIMEOUT_MS = 120_000;

export interface QueryOptions {
  /** Overrides the configured deadline (ms) for work known to be long: schema, seed batches. */
  timeoutMs?: number;
}

/** Counters of a write, as the seeder reports them. */
export interface WriteCounters {
  nodesCreated: number;
  relationshipsCreated: number;
  propertiesSet: number;
}

export interface WriteResult<T> {
  rows: T[];
  counters: WriteCounters;
}

/** SKIP / LIMIT and other integer-only parameters: a JS number would travel as a float. */
export function int(n: number): ReturnType<typeof neo4j.int> {
  return neo4j.int(Math.trunc(n));
}

/** Bolt URI from config: NEO4J_URI, or the local Neo4j's port when unset. */
export function boltUri(config: Neo4jConfig): string {
  return config.uri ?? `bolt://127.0.0.1:${config.localBoltPort}`;
}

export class Executor {
  readonly database: string | undefined;
  readonly timeoutMs: number;

  constructor(
    readonly driver: Driver,
    options: { database?: string; timeoutMs: number },
  ) {
    this.database = options.database;
    this.timeoutMs = options.timeoutMs;
  }

  /** A read in a managed read transaction; each record as a plain object. */
  async read<T = Record<string, unknown>>(
    cypher: string,
    params: Params = {},
    options?: QueryOptions,
  ): Promise<T[]> {
    const timeoutMs = options?.timeoutMs ?? this.timeoutMs;
    return this.withSession(neo4j.session.READ, timeoutMs, async (session) => {
      const result = await session.executeRead((tx: ManagedTransaction) => tx.run(cypher, params), {
        timeout: timeoutMs,
      });
      return result.records.map((r) => r.toObject() as T);
    });
  }

  /** A write in its own managed write transaction. */
  async write<T = Record<string, unknown>>(
    cypher: string,
    params: Params = {},
    options?: QueryOptions,
  ): Promise<WriteResult<T>> {
    const timeoutMs = options?.timeoutMs ?? this.timeoutMs;
    return this.withSession(neo4j.session.WRITE, timeoutMs, async (session) => {
      const result = await session.executeWrite((tx: ManagedTransaction) => tx.run(cypher, params), {
        timeout: timeoutMs,
      });
      const c = result.summary.counters.updates();
      return {
        rows: result.records.map((r) => r.toObject() as T),
        counters: {
          nodesCreated: c.nodesCreated,
          relationshipsCreated: c.relationshipsCreated,
          propertiesSet: c.propertiesSet,
        },
      };
    });
  }

  /**
   * An auto-commit write, for the statements Neo4j refuses inside a transaction function
   * (`CALL { … } IN TRANSACTIONS`). Not retried: such a statement commits as it goes.
   */
  async autoCommit(cypher: string, params: Params = {}, options?: QueryOptions): Promise<void> {
    const timeoutMs = options?.timeoutMs ?? this.timeoutMs;
    await this.withSession(neo4j.session.WRITE, timeoutMs, (session) =>
      session.run(cypher, params, { timeout: timeoutMs }),
    );
  }

  /**
   * The same driver with another default deadline: long-running work (seeding, the scoring job)
   * is not a request, and a cold database takes seconds to plan its first queries.
   */
  withTimeout(timeoutMs: number): Executor {
    return new Executor(this.driver, { database: this.database, timeoutMs });
  }

  /** Closes the driver; safe to call twice. */
  async close(): Promise<void> {
    await this.driver.close();
  }

  private async withSession<R>(
    mode: typeof neo4j.session.READ | typeof neo4j.session.WRITE,
    timeoutMs: number,
    work: (session: Session) => Promise<R>,
  ): Promise<R> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: mode });
    const running = work(session);
    // The session is closed when its work settles, even after the deadline has given up on it: a
    // paused server answers once resumed, and only then can the connection go back to the pool.
    void running.then(
      () => session.close(),
      () => session.close(),
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new GraphUnavailableError(`Neo4j did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([running, deadline]);
    } catch (error) {
      throw toGraphError(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The one place a neo4j-driver Driver is built; the executor that wraps it is the only user. */
export function createExecutor(config: Neo4jConfig): Executor {
  enableBoltNoDelay();
  const timeoutMs = config.queryTimeoutMs;
  // Basic auth tokens also work against a server with auth disabled (the local launcher).
  const driver = neo4j.driver(boltUri(config), neo4j.auth.basic(config.user, config.password), {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 20,
    // Waiting longer than a query may take is pointless: the deadline fires first.
    connectionAcquisitionTimeout: timeoutMs,
    connectionTimeout: timeoutMs,
    maxTransactionRetryTime: timeoutMs,
  });
  return new Executor(driver, { database: config.database, timeoutMs });
}
