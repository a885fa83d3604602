// Emptying the graph (tests, benchmarks): batched, so a large graph does not need one huge transaction.
import { describe, expect, it } from "vitest";
import { clearGraph } from "../../../src/graph/clear-graph.js";
import { recordingExecutor } from "./recording-executor.js";

describe("clearGraph", () => {
  it("deletes every node with its edges in batched auto-commit transactions, with a long deadline", async () => {
    const { executor, calls } = recordingExecutor();
    await clearGraph(executor);
    expect(calls).toEqual([
      {
        kind: "autoCommit",
        cypher: "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
        params: {},
        timeoutMs: 600_000,
      },
    ]);
  });
});
