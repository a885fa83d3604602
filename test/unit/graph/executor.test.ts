// The executor on a stand-in neo4j-driver: access modes, deadlines, sessions closed whatever
// happens, and which failures become GraphUnavailableError (SERVICE_UNAVAILABLE) or pass through.
import neo4j, { type Driver } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { boltUri, Executor, int } from "../../../src/graph/executor.js";
import {
  GraphQueryTooBroadError,
  GraphUnavailableError,
  toGraphError,
} from "../../../src/graph/graph-errors.js";
import { loadConfig } from "../../../src/config.js";

interface Call {
  kind: "read" | "write" | "run";
  cypher: string;
  params: unknown;
  timeout: number | undefined;
  mode: string;
  database: string | undefined;
}

/** A driver whose sessions run `answer` for every query and record what they were asked. */
function fakeDriver(answer: (call: Call) => Promise<unknown>) {
  const calls: Call[] = [];
  let open = 0;
  let closed = 0;
  const driver = {
    session(config: { database?: string; defaultAccessMode: string }) {
      open++;
      const run = (kind: Call["kind"]) => (cypher: string, params: unknown, timeout: number | undefined) => {
        const call = {
          kind,
          cypher,
          params,
          timeout,
          mode: config.defaultAccessMode,
          database: config.database,
        };
        calls.push(call);
        return answer(call);
      };
      const tx = (kind: "read" | "write") => ({
        run: (cypher: string, params: unknown) => ({ cypher, params, kind }),
      });
      return {
        executeRead: async (
          work: (t: unknown) => { cypher: string; params: unknown },
          o: { timeout: number },
        ) => {
          const q = work(tx("read"));
          return run("read")(q.cypher, q.params, o.timeout);
        },
        executeWrite: async (
          work: (t: unknown) => { cypher: string; params: unknown },
          o: { timeout: number },
        ) => {
          const q = work(tx("write"));
          return run("write")(q.cypher, q.params, o.timeout);
        },
        run: (cypher: string, params: unknown, o: { timeout: number }) =>
          run("run")(cypher, params, o.timeout),
        close: async () => {
          closed++;
        },
      };
    },
    close: async () => undefined,
  } as unknown as Driver;
  return { driver, calls, sessions: () => ({ open, closed }) };
}

const records = (rows: Record<string, unknown>[]) => ({
  records: rows.map((r) => ({ toObject: () => r })),
  summary: { counters: { updates: () => ({ nodesCreated: 2, relationshipsCreated: 3, propertiesSet: 5 }) } },
});

const settle = () => new Promise((r) => setTimeout(r, 5));

describe("Executor", () => {
  it("reads in a READ session with the configured deadline and returns plain rows", async () => {
    const d = fakeDriver(async () => records([{ id: "NCT1" }, { id: "NCT2" }]));
    const ex = new Executor(d.driver, { database: "trials", timeoutMs: 1234 });
    const rows = await ex.read("MATCH (t) RETURN t.nctId AS id", { a: 1 });
    expect(rows).toEqual([{ id: "NCT1" }, { id: "NCT2" }]);
    expect(d.calls).toEqual([
      {
        kind: "read",
        cypher: "MATCH (t) RETURN t.nctId AS id",
        params: { a: 1 },
        timeout: 1234,
        mode: neo4j.session.READ,
        database: "trials",
      },
    ]);
    await settle();
    expect(d.sessions()).toEqual({ open: 1, closed: 1 });
  });

  it("writes in a WRITE session, with a longer deadline when asked, and reports the counters", async () => {
    const d = fakeDriver(async () => records([{ n: 1 }]));
    const ex = new Executor(d.driver, { timeoutMs: 1000 });
    const out = await ex.write("CREATE (n)", { x: 2 }, { timeoutMs: 60_000 });
    expect(out).toEqual({
      rows: [{ n: 1 }],
      counters: { nodesCreated: 2, relationshipsCreated: 3, propertiesSet: 5 },
    });
    expect(d.calls[0]).toMatchObject({ kind: "write", mode: neo4j.session.WRITE, timeout: 60_000 });
    expect(await ex.write("CREATE (m)")).toMatchObject({ rows: [{ n: 1 }] });
    expect(d.calls[1]).toMatchObject({ params: {}, timeout: 1000 });
  });

  it("auto-commit statements run on a WRITE session outside a transaction function", async () => {
    const d = fakeDriver(async () => records([]));
    const ex = new Executor(d.driver, { timeoutMs: 700 });
    await ex.autoCommit("CALL { } IN TRANSACTIONS", { rows: [] });
    expect(d.calls[0]).toMatchObject({
      kind: "run",
      mode: neo4j.session.WRITE,
      timeout: 700,
      params: { rows: [] },
    });
    await ex.autoCommit("X", undefined, { timeoutMs: 9 });
    expect(d.calls[1]).toMatchObject({ timeout: 9, params: {} });
  });

  it("withTimeout keeps the driver and database and changes only the deadline", async () => {
    const d = fakeDriver(async () => records([]));
    const ex = new Executor(d.driver, { database: "db1", timeoutMs: 100 }).withTimeout(5000);
    expect(ex.timeoutMs).toBe(5000);
    expect(ex.database).toBe("db1");
    await ex.read("RETURN 1");
    expect(d.calls[0]).toMatchObject({ timeout: 5000, database: "db1" });
  });

  it("gives up on a hanging server at the deadline with GraphUnavailableError, and closes the session once it answers", async () => {
    let release!: () => void;
    const d = fakeDriver(() => new Promise((resolve) => (release = () => resolve(records([])))));
    const ex = new Executor(d.driver, { timeoutMs: 30 });
    const started = Date.now();
    const err = await ex.read("RETURN 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphUnavailableError);
    expect((err as Error).message).toBe("Neo4j did not answer within 30 ms");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(d.sessions().closed).toBe(0); // still busy on the server: not back in the pool yet
    release();
    await settle();
    expect(d.sessions().closed).toBe(1);
  });

  it("maps a refused connection to GraphUnavailableError and closes the session", async () => {
    const d = fakeDriver(async () => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:7687"), { code: "ServiceUnavailable" });
    });
    const ex = new Executor(d.driver, { timeoutMs: 1000 });
    const err = await ex.write("CREATE ()").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphUnavailableError);
    expect((err as Error).message).toBe("Neo4j is unavailable: connect ECONNREFUSED 127.0.0.1:7687");
    expect((err as GraphUnavailableError).code).toBe("GRAPH_UNAVAILABLE");
    await settle();
    expect(d.sessions()).toEqual({ open: 1, closed: 1 });
  });

  it("passes a bad query's error through unchanged (not retried as unavailable)", async () => {
    const bad = Object.assign(new Error("Invalid input 'X'"), {
      code: "Neo.ClientError.Statement.SyntaxError",
    });
    const d = fakeDriver(async () => {
      throw bad;
    });
    const ex = new Executor(d.driver, { timeoutMs: 1000 });
    await expect(ex.read("X")).rejects.toBe(bad);
  });
});

describe("toGraphError: which failures mean 'cannot answer now'", () => {
  it.each([
    "ServiceUnavailable",
    "SessionExpired",
    "Neo.TransientError.General.DatabaseUnavailable",
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
  ])("the code %s", (code) => {
    const e = Object.assign(new Error("whatever"), { code });
    const mapped = toGraphError(e) as GraphUnavailableError;
    expect(mapped).toBeInstanceOf(GraphUnavailableError);
    expect(mapped.message).toBe("Neo4j is unavailable: whatever");
    expect(mapped.cause).toBe(e);
  });

  it.each([
    "connect ECONNREFUSED 127.0.0.1:7687",
    "read ECONNRESET",
    "Connection was closed by server",
    "Could not perform discovery. No routing servers available.",
    "Connection acquisition timed out in 5000 ms",
    "connection ACQUISITION TIMED OUT", // case does not matter
  ])("the message %j", (message) => {
    expect(toGraphError(new Error(message))).toBeInstanceOf(GraphUnavailableError);
  });

  it.each([
    [
      "a syntax error",
      Object.assign(new Error("Invalid input"), { code: "Neo.ClientError.Statement.SyntaxError" }),
    ],
    [
      "a constraint violation",
      Object.assign(new Error("already exists"), {
        code: "Neo.ClientError.Schema.ConstraintValidationFailed",
      }),
    ],
    [
      "a deadlock (the driver's own retry handles it)",
      Object.assign(new Error("deadlock"), { code: "Neo.TransientError.Transaction.DeadlockDetected" }),
    ],
    ["a non-string code", Object.assign(new Error("odd"), { code: 17 })],
  ])("passes %s through", (_name, e) => {
    expect(toGraphError(e)).toBe(e);
  });

  it("does not wrap what is already GraphUnavailableError, and handles values that are not errors", () => {
    const e = new GraphUnavailableError("Neo4j is unavailable: connect ECONNREFUSED"); // not wrapped twice
    expect(toGraphError(e)).toBe(e);
    expect(new GraphQueryTooBroadError().name).toBe("GraphQueryTooBroadError");
    expect(new GraphUnavailableError("x").name).toBe("GraphUnavailableError");
    expect(toGraphError("plain string")).toBe("plain string");
    expect(toGraphError(null)).toBe(null);
    const coded = toGraphError({ code: "SessionExpired" }) as Error;
    expect(coded).toBeInstanceOf(GraphUnavailableError);
    expect(coded.message).toBe("Neo4j is unavailable: [object Object]");
  });

  it("maps either spelling of Lucene's clause limit to GraphQueryTooBroadError, before any unavailable check", () => {
    expect(toGraphError(new Error("TooManyClauses"))).toBeInstanceOf(GraphQueryTooBroadError);
    const both = Object.assign(new Error("maxClauseCount is set to 1024"), { code: "ServiceUnavailable" });
    const mapped = toGraphError(both) as Error;
    expect(mapped).toBeInstanceOf(GraphQueryTooBroadError);
    expect(mapped.message).toBe("the full-text search has too many terms for the index; use fewer words");
    expect(mapped.cause).toBe(both);
    expect(toGraphError(new Error("toomanyclauses"))).not.toBeInstanceOf(GraphQueryTooBroadError);
  });
});

describe("int and boltUri", () => {
  it("int truncates to a Neo4j integer", () => {
    expect(int(7.9).toNumber()).toBe(7);
    expect(neo4j.isInt(int(3))).toBe(true);
  });
  it("boltUri: NEO4J_URI when set, else the local Neo4j's port", () => {
    const c = loadConfig({}).neo4j;
    expect(boltUri({ ...c, uri: "bolt://db:7687" })).toBe("bolt://db:7687");
    expect(boltUri({ ...c, uri: undefined, localBoltPort: 7699 })).toBe("bolt://127.0.0.1:7699");
  });
});
