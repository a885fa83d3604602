import { describe, expect, it } from "vitest";
import { luceneAllWords, trialMatchClause, trialOrderBy } from "../../../src/graph/trial-filter.js";
import { fetchSizes } from "../../../src/graph/similar-trials.js";

describe("trial filter -> Cypher", () => {
  it("puts every user value in parameters, never in the query text", () => {
    const evil = "x' OR 1=1 //";
    const m = trialMatchClause(
      {
        phase: evil,
        status: evil,
        drug: evil,
        disease: evil,
        icdPrefix: "C71",
        minProbability: 0.2,
        text: evil,
      },
      "trial_criteria",
    );
    expect(m.cypher).not.toContain("OR 1=1");
    expect(m.params.phase).toBe(evil.toLowerCase());
    expect(m.params.drug).toBe(evil.toLowerCase());
    expect(m.params.ftIndex).toBe("trial_criteria");
    expect(m.cypher).toContain("db.index.fulltext.queryNodes($ftIndex, $ftQuery)");
    expect(m.cypher).toContain("t.successProbability >= $minProbability");
  });

  it("matches all trials without a filter", () => {
    expect(trialMatchClause(null, null).cypher).toBe("MATCH (t:Trial) WITH t, 0.0 AS score");
  });

  it("falls back to a substring scan without a full-text index", () => {
    const m = trialMatchClause({ text: "Brain Tumour" }, null);
    expect(m.params.textWords).toEqual(["brain", "tumour"]);
    expect(m.cypher).not.toContain("fulltext");
  });

  it("escapes Lucene syntax and requires every word", () => {
    expect(luceneAllWords('age: 18+ "adult" AND (')).toBe('"age:" AND "18+" AND "\\"adult\\"" AND "AND"');
    expect(luceneAllWords("   ( [ ")).toBe("");
  });

  it("sorts missing probabilities last and breaks ties by nctId", () => {
    expect(trialOrderBy("PROBABILITY_DESC")).toBe(
      "ORDER BY t.successProbability IS NULL, t.successProbability DESC, t.nctId",
    );
  });
});

describe("similar-trial over-fetch", () => {
  it("asks for k+1 without filters (the anchor itself may come back)", () => {
    expect(fetchSizes(10, false, 1000)).toEqual([11]);
  });
  it("over-fetches and widens up to every trial when filtering", () => {
    expect(fetchSizes(10, true, 1000)).toEqual([81, 648, 1000]);
    expect(fetchSizes(10, true, 30)).toEqual([30]);
  });
});
