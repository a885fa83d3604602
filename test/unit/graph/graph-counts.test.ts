// Counts per node label and edge type (seed summary, tests, benchmarks), each from its own query.
import { describe, expect, it } from "vitest";
import { EDGE_TYPES, graphCounts, NODE_LABELS, trialCount } from "../../../src/graph/graph-counts.js";
import { recordingExecutor } from "./recording-executor.js";

describe("graph counts", () => {
  it("one count per label and per edge type, each put under its own name", async () => {
    const { executor } = recordingExecutor((cypher) => {
      const label = /MATCH \(n:(\w+)\) RETURN count\(n\) AS n/.exec(cypher)?.[1];
      const type = /MATCH \(\)-\[r:(\w+)\]->\(\) RETURN count\(r\) AS n/.exec(cypher)?.[1];
      const name = label ?? type;
      return name ? [{ n: name.length }] : [];
    });
    const counts = await graphCounts(executor);
    expect(counts.nodes).toEqual(Object.fromEntries(NODE_LABELS.map((l) => [l, l.length])));
    expect(counts.edges).toEqual(Object.fromEntries(EDGE_TYPES.map((t) => [t, t.length])));
  });

  it("trialCount counts Trial nodes", async () => {
    const { executor, calls } = recordingExecutor([{ n: 11 }]);
    expect(await trialCount(executor)).toBe(11);
    expect(calls[0]!.cypher).toBe("MATCH (t:Trial) RETURN count(t) AS n");
  });
});
