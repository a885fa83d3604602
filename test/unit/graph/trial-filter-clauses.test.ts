// Every trial filter field on its own: the condition it adds and the parameter value it passes
// (normalised as the seed stores values), so a flipped comparison, a lost normalisation or a swapped
// order fails here without a database. Conditions are looked for inside the clause (the query around
// them is the planner's business and changes); test/integration runs the filters against data.
import { describe, expect, it } from "vitest";
import { trialMatchClause, trialOrderBy, type TrialFilter } from "../../../src/graph/trial-filter.js";

describe("trial filter fields", () => {
  it.each<[string, TrialFilter, string | RegExp, Record<string, unknown>]>([
    ["phase, trimmed and lower-cased", { phase: " Phase 2 " }, "t.phase = $phase", { phase: "phase 2" }],
    ["status as given", { status: "Completed" }, "t.status = $status", { status: "Completed" }],
    [
      "any of several statuses, lower-cased",
      { statusIn: [" Recruiting", "ACTIVE, NOT RECRUITING "] },
      "t.status IN $statusIn",
      { statusIn: ["recruiting", "active, not recruiting"] },
    ],
    ["outcome 1", { outcome: 1 }, "t.outcome = $outcome", { outcome: 1 }],
    ["outcome 0 (falsy, still a filter)", { outcome: 0 }, "t.outcome = $outcome", { outcome: 0 }],
    ["split", { split: "test" }, "t.split = $split", { split: "test" }],
    [
      "drug, case-insensitive",
      { drug: "Aspirin" },
      /toLower\(x?d\.name\) = \$drug[\s\S]*:TESTS|:TESTS[\s\S]*toLower\(x?d\.name\) = \$drug/,
      { drug: "aspirin" },
    ],
    [
      "disease, case-insensitive",
      { disease: "Glioma" },
      /toLower\(x?s\.name\) = \$disease[\s\S]*:STUDIES|:STUDIES[\s\S]*toLower\(x?s\.name\) = \$disease/,
      { disease: "glioma" },
    ],
    [
      "ICD prefix, upper-cased, matched as a prefix of the codes",
      { icdPrefix: "c71" },
      /x?c\.code STARTS WITH \$icdPrefix/,
      { icdPrefix: "C71" },
    ],
    [
      "lowest probability, inclusive",
      { minProbability: 0.25 },
      "t.successProbability >= $minProbability",
      { minProbability: 0.25 },
    ],
    [
      "a lowest probability of 0",
      { minProbability: 0 },
      "t.successProbability >= $minProbability",
      { minProbability: 0 },
    ],
    [
      "highest probability, inclusive",
      { maxProbability: 0.75 },
      "t.successProbability <= $maxProbability",
      { maxProbability: 0.75 },
    ],
  ])("%s", (_name, filter, condition, params) => {
    const m = trialMatchClause(filter);
    if (typeof condition === "string") expect(m.cypher).toContain(condition);
    else expect(m.cypher).toMatch(condition);
    expect(m.params).toEqual(params);
    expect(m.cypher).not.toContain("$ftQuery");
  });

  it.each<[TrialFilter, string]>([
    [{ scorable: true }, "coalesce(t.scorable, true)"],
    [{ scorable: false }, "t.scorable = false"],
    [{ hasOutcome: true }, "t.outcome IS NOT NULL"],
    [{ hasOutcome: false }, "t.outcome IS NULL"],
  ])("%j adds %s and no parameter", (filter, condition) => {
    const m = trialMatchClause(filter);
    expect(m.cypher).toContain(condition);
    expect(m.params).toEqual({});
  });

  it("null and undefined fields add nothing", () => {
    const none: TrialFilter = {
      phase: null,
      status: null,
      statusIn: null,
      scorable: null,
      outcome: null,
      hasOutcome: null,
      split: null,
      drug: null,
      disease: null,
      icdPrefix: null,
      minProbability: null,
      maxProbability: null,
      text: null,
    };
    const plain = trialMatchClause({});
    expect(trialMatchClause(none)).toEqual(plain);
    expect(trialMatchClause(undefined)).toEqual(plain);
    expect(trialMatchClause({ text: "   " })).toEqual(plain); // blank text: no search
    expect(plain.params).toEqual({});
    expect(plain.cypher).toMatch(/^MATCH \(t:Trial\)/);
    expect(plain.cypher).toContain("0.0 AS score");
  });

  it("a probability range is both bounds together (AND), with the other fields", () => {
    const m = trialMatchClause({ minProbability: 0.2, maxProbability: 0.4, phase: "phase 1", outcome: 1 });
    expect(m.cypher).toContain(
      "t.phase = $phase AND t.outcome = $outcome AND t.successProbability >= $minProbability AND t.successProbability <= $maxProbability",
    );
    expect(m.cypher).not.toMatch(/ OR /);
  });

  it("text search starts from the full-text index and keeps only trials", () => {
    const m = trialMatchClause({ text: "  glioma adults ", phase: "phase 2" });
    expect(m.cypher).toMatch(
      /^CALL db\.index\.fulltext\.queryNodes\(\$ftIndex, \$ftQuery\) YIELD node AS t, score/,
    );
    expect(m.cypher).toContain("t:Trial AND t.phase = $phase");
    expect(m.params).toEqual({
      ftIndex: "trial_criteria",
      ftQuery: '"glioma" AND "adults"',
      phase: "phase 2",
    });
  });
});

describe("trial orders", () => {
  it.each([
    ["NCT_ID_ASC", "ORDER BY t.nctId"],
    ["NCT_ID_DESC", "ORDER BY t.nctId DESC"],
    ["PROBABILITY_DESC", "ORDER BY t.successProbability IS NULL, t.successProbability DESC, t.nctId"],
    ["PROBABILITY_ASC", "ORDER BY t.successProbability IS NULL, t.successProbability ASC, t.nctId"],
    ["RELEVANCE", "ORDER BY score DESC, t.nctId"],
  ] as const)("%s: %s", (order, cypher) => {
    expect(trialOrderBy(order)).toBe(cypher);
  });
});
