// analytics.calibration's repository on the real Neo4j: equal-width bins over the scored trials
// with an outcome of one split, probability 1 in the last bin, trials without an outcome or a score
// left out, empty bins not listed. Its own trials (split 'calibration-test', NCT98…) are removed after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { CalibrationRepository } from "../../src/graph/calibration-repository.js";
import { createExecutor, type Executor } from "../../src/graph/executor.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

const SPLIT = "calibration-test";
const ROWS: { p: number | null; outcome: number | null }[] = [
  { p: 0.05, outcome: 0 },
  { p: 0.15, outcome: 1 },
  { p: 0.15, outcome: 0 },
  { p: 0.55, outcome: 1 },
  { p: 1.0, outcome: 1 },
  { p: 0.999, outcome: 0 },
  { p: 0.35, outcome: null },
  { p: null, outcome: 1 },
];

let executor: Executor;

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
  await executor.write(
    `UNWIND range(0, size($rows) - 1) AS i
     CREATE (:Trial {nctId: 'NCT98' + right('000000' + toString(i), 6), split: $split,
       successProbability: $rows[i].p, outcome: $rows[i].outcome})`,
    { rows: ROWS, split: SPLIT },
  );
});

afterAll(async () => {
  await executor.write("MATCH (t:Trial {split: $split}) DETACH DELETE t", { split: SPLIT });
  await executor.close();
});

describe("calibration bins", () => {
  it("bins the split's scored trials with an outcome", async () => {
    const bins = await new CalibrationRepository(executor).bins(10, SPLIT);
    expect(bins.map((b) => [b.lower, b.upper, b.trialCount])).toEqual([
      [0, 0.1, 1],
      [0.1, 0.2, 2],
      [0.5, 0.6, 1],
      [0.9, 1, 2],
    ]);
    expect(bins.map((b) => b.observedSuccessRate)).toEqual([0, 0.5, 1, 0.5]);
    const means = bins.map((b) => b.meanPredicted);
    [0.05, 0.15, 0.55, 0.9995].forEach((m, i) => expect(means[i]).toBeCloseTo(m, 12));
  });

  it("counts the same trials in fewer bins", async () => {
    const bins = await new CalibrationRepository(executor).bins(2, SPLIT);
    expect(bins.map((b) => [b.lower, b.trialCount, b.observedSuccessRate])).toEqual([
      [0, 3, 1 / 3],
      [0.5, 3, 2 / 3],
    ]);
  });
});
