// The finishing step of every outcome statistic: the observed success rate is successes over
// trials with an outcome (not over all trials), null when none has one; no stored probability
// gives a null mean, never undefined.
import { describe, expect, it } from "vitest";
import { withSuccessRate } from "../../../src/graph/outcome-stats.js";

const raw = { trialCount: 10, withOutcome: 4, successes: 1, scoredCount: 3, predictedMean: 0.5 };

describe("withSuccessRate", () => {
  it("successes over trials with an outcome", () => {
    expect(withSuccessRate(raw)).toEqual({ ...raw, observedSuccessRate: 0.25 });
  });

  it("no trial with an outcome: rate null (not 0, not NaN)", () => {
    expect(withSuccessRate({ ...raw, withOutcome: 0, successes: 0 }).observedSuccessRate).toBeNull();
  });

  it("one trial with an outcome is enough for a rate", () => {
    expect(withSuccessRate({ ...raw, withOutcome: 1, successes: 1 }).observedSuccessRate).toBe(1);
  });

  it("a missing mean becomes null; other columns pass through", () => {
    const row = withSuccessRate({ ...raw, predictedMean: undefined as unknown as null, key: "C" });
    expect(row.predictedMean).toBeNull();
    expect(row.key).toBe("C");
    expect(withSuccessRate({ ...raw, predictedMean: 0 }).predictedMean).toBe(0);
  });
});
