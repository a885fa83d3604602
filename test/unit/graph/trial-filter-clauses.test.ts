// Every trial filter field on its own: the condition it adds and the parameter value it passes
// (normalised as the seed stores values), so a flipped comparison, a lost normalisation or a swapped
// order fails here without a database. Conditions are looked for inside the clause (the query around
// them is the planner's business and changes); test/integration runs the filters against data.
import { describe, expect, it } from "vitest";
import {
  keysetCondition,
  trialMatchClause,
  trialOrderBy,
  trialOrderValue,
  type TrialFilter,
} from "../../../src/graph/trial-filter.js";

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

describe("driving matches and the nctId index", () => {
  it("a drug alone is reached from the drug, each trial once, with no WHERE left on the trial", () => {
    expect(trialMatchClause({ drug: "Aspirin" }).cypher).toBe(
      "CALL { MATCH (xd:Drug) WHERE toLower(xd.name) = $drug RETURN xd } MATCH (t:Trial), (xd)<-[:TESTS]-(t) WITH DISTINCT t, 0.0 AS score",
    );
  });

  it("a disease alone is reached from the disease, each trial once", () => {
    expect(trialMatchClause({ disease: "Glioma" }).cypher).toBe(
      "CALL { MATCH (xs:Disease) WHERE toLower(xs.name) = $disease RETURN xs } MATCH (t:Trial), (xs)<-[:STUDIES]-(t) WITH DISTINCT t, 0.0 AS score",
    );
  });

  it("with a text search a disease is a test on the hits (no driving match, no DISTINCT)", () => {
    const m = trialMatchClause({ text: "glioma", disease: "Glioma" });
    expect(m.cypher).toContain(
      "t:Trial AND EXISTS { MATCH (t)-[:STUDIES]->(s:Disease) WHERE toLower(s.name) = $disease }",
    );
    expect(m.cypher).not.toContain("xs:Disease");
    expect(m.cypher).toMatch(/WITH t, score$/);
    expect(m.params.disease).toBe("glioma");
  });

  it("the nctId index condition only for nctId orders over trials read by id, not after driving matches or text", () => {
    const key = { nctId: "NCT00000001", value: 0.5 };
    const has = (m: { cypher: string }) => m.cypher.includes("t.nctId IS NOT NULL");
    expect(has(trialMatchClause({ phase: "phase 1" }))).toBe(true);
    expect(has(trialMatchClause(null, { order: "NCT_ID_DESC", key }))).toBe(true);
    expect(has(trialMatchClause(null, { order: "PROBABILITY_DESC", key }))).toBe(false);
    expect(has(trialMatchClause(null, { order: "PROBABILITY_ASC", key }))).toBe(false);
    expect(has(trialMatchClause({ drug: "x" }))).toBe(false);
    expect(has(trialMatchClause({ text: "glioma" }))).toBe(false);
  });
});

describe("keyset conditions and cursor values", () => {
  it.each([
    ["NCT_ID_ASC", 0.5, "t.nctId > $afterId"],
    ["NCT_ID_DESC", 0.5, "t.nctId < $afterId"],
    [
      "PROBABILITY_DESC",
      0.5,
      "(t.successProbability < $afterValue OR (t.successProbability = $afterValue AND t.nctId > $afterId) OR t.successProbability IS NULL)",
    ],
    [
      "PROBABILITY_ASC",
      0.5,
      "(t.successProbability > $afterValue OR (t.successProbability = $afterValue AND t.nctId > $afterId) OR t.successProbability IS NULL)",
    ],
    // After a row without a probability only such rows remain (they sort last, by nctId).
    ["PROBABILITY_DESC", null, "(t.successProbability IS NULL AND t.nctId > $afterId)"],
    ["PROBABILITY_ASC", null, "(t.successProbability IS NULL AND t.nctId > $afterId)"],
    ["RELEVANCE", 2.5, "(score < $afterValue OR (score = $afterValue AND t.nctId > $afterId))"],
  ] as const)("%s after value %s: %s", (order, value, condition) => {
    expect(keysetCondition(order, value)).toBe(condition);
  });

  it.each([
    ["NCT_ID_ASC", "null"],
    ["NCT_ID_DESC", "null"],
    ["PROBABILITY_DESC", "t.successProbability"],
    ["PROBABILITY_ASC", "t.successProbability"],
    ["RELEVANCE", "score"],
  ] as const)("%s stores %s in its cursor", (order, value) => {
    expect(trialOrderValue(order)).toBe(value);
  });
});
