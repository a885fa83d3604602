// /health answers within a second even when its Neo4j probe waits for a busy connection pool.
import { describe, expect, it } from "vitest";
import type { Executor } from "../../../src/graph/executor.js";
import { neo4jReachable } from "../../../src/http/health.js";

describe("neo4jReachable", () => {
  it("with a time to answer, does not wait for a probe stuck behind a busy pool (regression, issue 14)", async () => {
    const hanging = { timeoutMs: 5_000, read: () => new Promise(() => undefined) } as unknown as Executor;
    const t0 = performance.now();
    const result = await neo4jReachable(hanging, 700);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(result).toMatchObject({ reachable: false, late: true });
  });

  it("reports a probe that fails as unreachable", async () => {
    const down = {
      timeoutMs: 5_000,
      read: async () => {
        throw new Error("connect ECONNREFUSED");
      },
    } as unknown as Executor;
    expect(await neo4jReachable(down)).toMatchObject({ reachable: false, error: "connect ECONNREFUSED" });
  });
});
