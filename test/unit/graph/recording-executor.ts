// An Executor that records each call (Cypher, parameters, deadline) and answers reads with rows a
// test chooses, so a repository's query contract (which parameters, which clauses, how rows are
// mapped back) is checked without a database. test/integration runs the same queries on Neo4j.
import type { Executor } from "../../../src/graph/executor.js";

export interface RecordedCall {
  kind: "read" | "write" | "autoCommit";
  cypher: string;
  params: Record<string, unknown>;
  timeoutMs: number | undefined;
}

export type Answer = (cypher: string, params: Record<string, unknown>) => Record<string, unknown>[];

export function recordingExecutor(answer: Answer | Record<string, unknown>[] = []) {
  const calls: RecordedCall[] = [];
  const rowsFor: Answer = typeof answer === "function" ? answer : () => answer;
  const record = (
    kind: RecordedCall["kind"],
    cypher: string,
    params: Record<string, unknown> = {},
    o?: { timeoutMs?: number },
  ) => calls.push({ kind, cypher, params, timeoutMs: o?.timeoutMs });
  const executor = {
    read: async (cypher: string, params?: Record<string, unknown>, o?: { timeoutMs?: number }) => {
      record("read", cypher, params, o);
      return rowsFor(cypher, params ?? {});
    },
    write: async (cypher: string, params?: Record<string, unknown>, o?: { timeoutMs?: number }) => {
      record("write", cypher, params, o);
      return {
        rows: rowsFor(cypher, params ?? {}),
        counters: { nodesCreated: 0, relationshipsCreated: 0, propertiesSet: 0 },
      };
    },
    autoCommit: async (cypher: string, params?: Record<string, unknown>, o?: { timeoutMs?: number }) => {
      record("autoCommit", cypher, params, o);
    },
  } as unknown as Executor;
  return {
    executor,
    calls,
    reads: () => calls.filter((c) => c.kind === "read"),
    writes: () => calls.filter((c) => c.kind === "write"),
  };
}

/** The Cypher with runs of white space made one space, for `toContain` checks across lines. */
export function oneLine(cypher: string): string {
  return cypher.replace(/\s+/g, " ").trim();
}

/** A neo4j Integer parameter (SKIP, LIMIT, …) as a JS number. */
export function intParam(value: unknown): number {
  const v = value as { toNumber?: () => number };
  if (typeof v?.toNumber !== "function") throw new Error(`not a neo4j Integer: ${String(value)}`);
  return v.toNumber();
}
