import { describe, expect, it } from "vitest";
import {
  effectiveTrialOrder,
  luceneAllWords,
  trialMatchClause,
  trialOrderBy,
} from "../../../src/graph/trial-filter.js";
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

  it("matches all trials without a filter, from the nctId index (a page stops after its rows)", () => {
    expect(trialMatchClause(null).cypher).toBe(
      "MATCH (t:Trial) WHERE t.nctId IS NOT NULL WITH t, 0.0 AS score",
    );
  });

  it("keeps conditions inside the MATCH (no projection between them and the planner) and drives drug / disease / ICD category filters from those nodes", () => {
    const m = trialMatchClause({ phase: "phase 2", drug: "Cisplatin", icdPrefix: "c71" });
    expect(m.cypher).toMatch(/^CALL \{ MATCH \(xd:Drug\)/);
    expect(m.cypher).toContain(
      "MATCH (t:Trial), (xd)<-[:TESTS]-(t), (xc)<-[:CODED_AS]-(:Disease)<-[:STUDIES]-(t) WHERE t.phase = $phase",
    );
    expect(m.cypher).toMatch(/WITH DISTINCT t, 0\.0 AS score$/);
    // A chapter is broad: an EXISTS test on trials read in nctId order instead.
    expect(trialMatchClause({ icdPrefix: "C" }).cypher).toContain("EXISTS { MATCH (t)-[:STUDIES]");
    // With a text search the full-text index drives, and the other filters are tests on its rows.
    expect(trialMatchClause({ text: "glioma", drug: "x" }).cypher).toContain("EXISTS { MATCH (t)-[:TESTS]");
  });

  it("puts the keyset condition inside the MATCH, or after the WITH for relevance (the score)", () => {
    const key = { nctId: "NCT00000001", value: 0.5 };
    expect(trialMatchClause(null, { order: "NCT_ID_ASC", key }).cypher).toContain(
      "WHERE t.nctId > $afterId AND t.nctId IS NOT NULL WITH",
    );
    expect(trialMatchClause({ text: "glioma" }, { order: "RELEVANCE", key }).cypher).toMatch(
      /WITH t, score WHERE \(score < \$afterValue OR/,
    );
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

describe("the order of a trial list", () => {
  it("defaults to relevance for a text search and to nctId otherwise", () => {
    expect(effectiveTrialOrder(null, { text: "metastatic" })).toBe("RELEVANCE");
    expect(effectiveTrialOrder(undefined, { text: "metastatic", phase: "phase 2" })).toBe("RELEVANCE");
    expect(effectiveTrialOrder(null, null)).toBe("NCT_ID_ASC");
    expect(effectiveTrialOrder(null, { phase: "phase 2" })).toBe("NCT_ID_ASC");
    // Text with no word the index can match is no search.
    expect(effectiveTrialOrder(null, { text: " -- " })).toBe("NCT_ID_ASC");
  });

  it("keeps an asked order; RELEVANCE without a search is nctId order (so the nctId index drives it)", () => {
    expect(effectiveTrialOrder("PROBABILITY_DESC", { text: "metastatic" })).toBe("PROBABILITY_DESC");
    expect(effectiveTrialOrder("NCT_ID_ASC", { text: "metastatic" })).toBe("NCT_ID_ASC");
    expect(effectiveTrialOrder("RELEVANCE", { text: "glioma" })).toBe("RELEVANCE");
    expect(effectiveTrialOrder("RELEVANCE", { phase: "phase 1" })).toBe("NCT_ID_ASC");
    expect(effectiveTrialOrder("RELEVANCE", { text: "  " })).toBe("NCT_ID_ASC");
  });
});

describe("similar-trial over-fetch", () => {
  it("asks the index for max(8k, 50) + 1 candidates without filters (its search width; recall)", () => {
    expect(fetchSizes(10, false)).toEqual([81]);
    expect(fetchSizes(3, false)).toEqual([51]);
    expect(fetchSizes(5_000, false)).toEqual([MAX_FETCH]);
  });
  it("over-fetches and widens by 8x twice when filtering, capped, without counting the trials", () => {
    expect(fetchSizes(10, true)).toEqual([81, 648, 5184]);
    expect(fetchSizes(50, true)).toEqual([401, 3208, MAX_FETCH]);
  });
});
