// The data version counter: the bump appended to a write runs once per statement (after an
// aggregation of its rows), the reader treats a graph without the counter as version 0.
import { describe, expect, it } from "vitest";
import {
  BUMP_DATA_VERSION,
  bumpDataVersion,
  dataVersion,
  withDataVersionBump,
} from "../../../src/graph/data-version.js";
import { recordingExecutor } from "./recording-executor.js";

describe("data version", () => {
  it("the bump follows the write after aggregating its rows to one", () => {
    expect(withDataVersionBump("MATCH (t:Trial) SET t.x = 1")).toBe(
      `MATCH (t:Trial) SET t.x = 1\nWITH count(*) AS _rows\n${BUMP_DATA_VERSION}`,
    );
  });

  it("reads the counter of the data meta node; none yet is version 0", async () => {
    const stored = recordingExecutor([{ v: 7 }]);
    expect(await dataVersion(stored.executor)).toBe(7);
    expect(stored.calls[0]!.cypher).toContain("(m:GraphMeta {key: 'data'})");
    expect(stored.calls[0]!.cypher).toContain("m.version AS v");
    expect(await dataVersion(recordingExecutor([{ v: null }]).executor)).toBe(0);
    expect(await dataVersion(recordingExecutor([]).executor)).toBe(0);
  });

  it("bumpDataVersion writes the bump on its own", async () => {
    const { executor, calls } = recordingExecutor();
    await bumpDataVersion(executor);
    expect(calls.map((c) => [c.kind, c.cypher])).toEqual([["write", BUMP_DATA_VERSION]]);
  });
});
