// Reliability bins from the stored scores: the bin count and split travel as parameters, each row's
// bounds come from its bin index, the success rate is successes over the bin's trials.
import { describe, expect, it } from "vitest";
import { CalibrationRepository } from "../../../src/graph/calibration-repository.js";
import { intParam, oneLine, recordingExecutor } from "./recording-executor.js";

describe("CalibrationRepository.bins", () => {
  it("maps bins to bounds, counts and rates", async () => {
    const { executor, calls } = recordingExecutor([
      { bin: 0, trialCount: 4, meanPredicted: 0.1, successes: 1 },
      { bin: 3, trialCount: 2, meanPredicted: 0.9, successes: 2 },
    ]);
    const bins = await new CalibrationRepository(executor).bins(4, "test");
    expect(bins).toEqual([
      { lower: 0, upper: 0.25, trialCount: 4, meanPredicted: 0.1, observedSuccessRate: 0.25 },
      { lower: 0.75, upper: 1, trialCount: 2, meanPredicted: 0.9, observedSuccessRate: 1 },
    ]);
    expect(intParam(calls[0]!.params.bins)).toBe(4);
    expect(calls[0]!.params.split).toBe("test");
  });

  it("only trials with both a probability and an outcome, of the split or all; probability 1 in the last bin", async () => {
    const { executor, calls } = recordingExecutor([]);
    expect(await new CalibrationRepository(executor).bins(10, null)).toEqual([]);
    const q = oneLine(calls[0]!.cypher);
    expect(calls[0]!.params.split).toBeNull();
    expect(q).toContain(
      "WHERE t.successProbability IS NOT NULL AND t.outcome IS NOT NULL AND ($split IS NULL OR t.split = $split)",
    );
    expect(q).toContain("CASE WHEN t.successProbability >= 1.0 THEN $bins - 1");
    expect(q).toContain("ELSE toInteger(floor(t.successProbability * $bins)) END AS bin");
    expect(q).toContain("sum(CASE WHEN t.outcome = 1 THEN 1 ELSE 0 END) AS successes");
    expect(q).toMatch(/ORDER BY bin$/);
  });
});
