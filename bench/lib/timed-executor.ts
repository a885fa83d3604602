// An Executor wrapper that times every read by the query's first line, so a benchmark can say
// which of the queries behind one call (e.g. a similar-trials lookup) takes the time, without
// repeating any Cypher here.
import type { Executor } from "../../src/graph/executor.js";

export interface QueryTimes {
  /** First line of the query text (trimmed, 70 chars) -> durations in ms. */
  byQuery: Map<string, number[]>;
  reset(): void;
}

export function timedExecutor(executor: Executor): { executor: Executor; times: QueryTimes } {
  const byQuery = new Map<string, number[]>();
  const label = (cypher: unknown) => String(cypher).trim().split("\n")[0]!.trim().slice(0, 70);
  const wrapped = new Proxy(executor, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== "read" || typeof value !== "function")
        return typeof value === "function" ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        const t0 = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          const key = label(args[0]);
          if (!byQuery.has(key)) byQuery.set(key, []);
          byQuery.get(key)!.push(performance.now() - t0);
        }
      };
    },
  });
  return { executor: wrapped, times: { byQuery, reset: () => byQuery.clear() } };
}
