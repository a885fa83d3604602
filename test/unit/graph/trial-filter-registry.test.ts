// The filters an analyst uses on imported registry trials: any of several statuses (e.g. the
// running ones) and scorable or not.
import { describe, expect, it } from "vitest";
import { trialMatchClause } from "../../../src/graph/trial-filter.js";

describe("trial filter: registry fields", () => {
  it("statusIn matches any of the statuses, lower-cased as stored, as a parameter", () => {
    const m = trialMatchClause({ statusIn: ["Recruiting", " Active, not recruiting "], hasOutcome: false });
    expect(m.cypher).toContain("t.status IN $statusIn");
    expect(m.cypher).toContain("t.outcome IS NULL");
    expect(m.params.statusIn).toEqual(["recruiting", "active, not recruiting"]);
  });

  it("scorable: true keeps TOP trials (no flag) and scorable imports; false only the flagged ones", () => {
    expect(trialMatchClause({ scorable: true }).cypher).toContain("coalesce(t.scorable, true)");
    expect(trialMatchClause({ scorable: false }).cypher).toContain("t.scorable = false");
  });
});
