import { describe, expect, it } from "vitest";
import { luceneAllWords, trialMatchClause, trialOrderBy } from "../../../src/graph/trial-filter.js";
import { fetchSizes, MAX_FETCH } from "../../../src/graph/similar-trial-repository.js";

describe("trial filter -> Cypher", () => {
  it("puts every user value in parameters, never in the query text", () => {
    const evil = "x' OR 1=1 //";
    const m = trialMatchClause({
      phase: evil,
      status: evil,
      drug: evil,
      disease: evil,
      icdPrefix: "C71",
      minProbability: 0.2,
      text: evil,
    });
    expect(m.cypher).not.toContain("OR 1=1");
    expect(m.params.phase).toBe(evil.toLowerCase());
    expect(m.params.drug).toBe(evil.toLowerCase());
    expect(m.params.ftIndex).toBe("trial_criteria");
    expect(m.cypher).toContain("db.index.fulltext.queryNodes($ftIndex, $ftQuery)");
    expect(m.cypher).toContain("t.successProbability >= $minProbability");
  });

  it("matches all trials without a filter", () => {
    expect(trialMatchClause(null).cypher).toBe("MATCH (t:Trial) WITH t, 0.0 AS score");
  });

  it("text without any word matches nothing (there is nothing to look up in the index)", () => {
    const m = trialMatchClause({ text: " ( [ " });
    expect(m.cypher).toContain("WHERE false");
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
    expect(fetchSizes(10, false)).toEqual([11]);
  });
  it("over-fetches and widens by 8x twice when filtering, capped, without counting the trials", () => {
    expect(fetchSizes(10, true)).toEqual([81, 648, 5184]);
    expect(fetchSizes(50, true)).toEqual([401, 3208, MAX_FETCH]);
  });
});
