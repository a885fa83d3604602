// RELEVANCE pages from the full-text index's top hits: which searches take that path, the query
// for one window, the settling rule, and (against an in-memory stand-in for Lucene that breaks
// score ties by document id, not by nctId) that growing windows page through every hit once, in
// the API's score-then-nctId order. test/integration/relevance-pages.test.ts runs it on Neo4j.
import { describe, expect, it } from "vitest";
import {
  firstWindow,
  MAX_WINDOW,
  nextWindow,
  pageSettled,
  relevanceOnlyQuery,
  relevanceWindowQuery,
  settledRelevancePage,
  WINDOW_GROWTH,
  WINDOW_SLACK,
  type RelevanceWindowResult,
} from "../../../src/graph/relevance-page.js";
import type { TrialKey } from "../../../src/graph/trial-filter.js";

describe("which searches read only the top hits", () => {
  it("a text search with no other condition, as its Lucene query", () => {
    expect(relevanceOnlyQuery({ text: " metastatic  cancer " })).toBe('"metastatic" AND "cancer"');
    // GraphQL inputs carry absent fields as null or undefined: not conditions.
    expect(relevanceOnlyQuery({ text: "glioma", phase: null, drug: undefined })).toBe('"glioma"');
  });

  it("nothing else: no text, only punctuation, or another condition with the text", () => {
    expect(relevanceOnlyQuery(null)).toBeNull();
    expect(relevanceOnlyQuery({ phase: "phase 2" })).toBeNull();
    expect(relevanceOnlyQuery({ text: "  " })).toBeNull();
    expect(relevanceOnlyQuery({ text: "-- ;" })).toBeNull();
    expect(relevanceOnlyQuery({ text: "glioma", phase: "phase 2" })).toBeNull();
    expect(relevanceOnlyQuery({ text: "glioma", outcome: 0 })).toBeNull();
    expect(relevanceOnlyQuery({ text: "glioma", statusIn: [] })).toBeNull();
  });
});

describe("window sizes", () => {
  it("asks for the rows before the page, the page and some spare; grows; gives up past the cap", () => {
    expect(firstWindow(0, 21)).toBe(21 + WINDOW_SLACK);
    expect(firstWindow(400, 21)).toBe(421 + WINDOW_SLACK);
    expect(nextWindow(121)).toBe(121 * WINDOW_GROWTH);
    expect(firstWindow(MAX_WINDOW, 21)).toBeNull();
    expect(nextWindow(MAX_WINDOW)).toBeNull();
    // A forged cursor rank never sizes Lucene's queue beyond the cap.
    expect(firstWindow(Number.MAX_SAFE_INTEGER, 21)).toBeNull();
  });
});

describe("settling rule", () => {
  const result = (hitCount: number, floor: number | null, scores: number[]): RelevanceWindowResult => ({
    hitCount,
    floor,
    scores,
  });

  it("settled when Lucene returned every hit (fewer than asked) or when asked for all", () => {
    expect(pageSettled(100, 3, result(99, 0.1, [0.1, 0.1, 0.1]))).toBe(true);
    expect(pageSettled(100, 3, result(0, null, []))).toBe(true);
    expect(pageSettled(null, 3, result(5000, 0.1, [0.1]))).toBe(true);
  });

  it("with a full window, settled only when the page ends above the floor", () => {
    expect(pageSettled(100, 3, result(100, 0.2, [0.9, 0.5, 0.3]))).toBe(true);
    // The last row ties with the floor: a hit left out may score the same and sort before it.
    expect(pageSettled(100, 3, result(100, 0.3, [0.9, 0.5, 0.3]))).toBe(false);
    // A short page from a full window: the rest of the page is past the window.
    expect(pageSettled(100, 3, result(100, 0.2, [0.9, 0.5]))).toBe(false);
  });
});

describe("one window's query", () => {
  it("passes the window as the procedure's limit and every value as a parameter", () => {
    const after: TrialKey = { nctId: "NCT00000042", value: 1.5, rank: 20 };
    const q = relevanceWindowQuery('"x\' OR 1=1"', 121, after, 0, 21);
    expect(q.cypher).toContain("db.index.fulltext.queryNodes($ftIndex, $ftQuery, $ftOptions)");
    expect(q.cypher).not.toContain("1=1");
    expect(q.cypher).toContain("(score < $afterValue OR (score = $afterValue AND t.nctId > $afterId))");
    expect(q.cypher).toContain("ORDER BY score DESC, t.nctId SKIP $skip LIMIT $limit");
    expect(q.params).toMatchObject({ ftIndex: "trial_criteria", afterId: "NCT00000042", afterValue: 1.5 });
    const ints = q.params as { ftOptions: { limit: unknown }; skip: unknown; limit: unknown };
    // Cypher wants integers for limits (a JS number travels as a float).
    expect(String(ints.ftOptions.limit)).toBe("121");
    expect(String(ints.skip)).toBe("0");
    expect(String(ints.limit)).toBe("21");
  });

  it("without a window asks for every hit; without a cursor has no keyset condition", () => {
    const q = relevanceWindowQuery('"x"', null, null, 40, 20);
    expect(q.params.ftOptions).toEqual({});
    expect(q.cypher).not.toContain("$afterValue");
    expect(q.params).not.toHaveProperty("afterId");
    expect(String(q.params.skip)).toBe("40");
  });
});

/** Lucene in memory: hits ranked by score, ties by document id (not nctId), cut at the window. */
function fakeIndex(hits: { nctId: string; score: number; doc: number }[]) {
  const ranked = [...hits].sort((a, b) => b.score - a.score || a.doc - b.doc);
  const apiOrder = (a: { nctId: string; score: number }, b: { nctId: string; score: number }) =>
    b.score - a.score || a.nctId.localeCompare(b.nctId);
  let calls = 0;
  const readPage = (after: TrialKey | null, skip: number, limit: number) => {
    return (window: number | null) => {
      calls += 1;
      const top = window === null ? ranked : ranked.slice(0, window);
      const rows = top
        .filter((h) => !after || h.score < after.value! || (h.score === after.value && h.nctId > after.nctId))
        .sort(apiOrder)
        .slice(skip, skip + limit);
      return Promise.resolve({
        hitCount: top.length,
        floor: top.length ? Math.min(...top.map((h) => h.score)) : null,
        scores: rows.map((r) => r.score),
        rows,
      });
    };
  };
  return { expected: [...hits].sort(apiOrder).map((h) => h.nctId), readPage, calls: () => calls };
}

/** Hits with heavy ties (few distinct scores) and document ids shuffled against nctId order. */
function tiedHits(n: number, distinctScores: number, seed: number) {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) => ({
    nctId: `NCT${String(i).padStart(8, "0")}`,
    score: 1 + Math.floor(rand() * distinctScores) / 4,
    doc: Math.floor(rand() * 1e9),
  }));
}

async function pageThrough(index: ReturnType<typeof fakeIndex>, size: number): Promise<string[]> {
  const seen: string[] = [];
  let after: TrialKey | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const before: number = after?.rank ?? 0;
    const rows: { nctId: string; score: number }[] = await settledRelevancePage(
      before,
      size,
      index.readPage(after, 0, size),
    );
    seen.push(...rows.map((r) => r.nctId));
    if (rows.length < size) return seen;
    const last: { nctId: string; score: number } = rows[rows.length - 1]!;
    after = { nctId: last.nctId, value: last.score, rank: before + rows.length };
  }
  throw new Error("paging did not end");
}

describe("paging through growing windows", () => {
  it.each([
    [1000, 500, 20],
    [1000, 3, 20],
    [700, 1, 7],
    [2500, 10, 101],
  ])(
    "%i hits, %i distinct scores, pages of %i: every hit once, in score-then-nctId order",
    async (n, distinct, size) => {
      const index = fakeIndex(tiedHits(n, distinct, n + distinct));
      expect(await pageThrough(index, size)).toEqual(index.expected);
    },
  );

  it("a cursor without a rank (or a stale one) still gives the right page, with more windows", async () => {
    const index = fakeIndex(tiedHits(3000, 1000, 7));
    const size = 20;
    const at = 1500;
    const prev = index.expected[at - 1]!;
    const score = tiedHits(3000, 1000, 7).find((h) => h.nctId === prev)!.score;
    const rows = await settledRelevancePage(0, size, index.readPage({ nctId: prev, value: score }, 0, size));
    expect(rows.map((r) => r.nctId)).toEqual(index.expected.slice(at, at + size));
    expect(index.calls()).toBeGreaterThan(1);
  });

  it("an offset page (trialList) reads the same rows as the full order", async () => {
    const index = fakeIndex(tiedHits(800, 5, 3));
    const rows = await settledRelevancePage(300, 50, index.readPage(null, 300, 50));
    expect(rows.map((r) => r.nctId)).toEqual(index.expected.slice(300, 350));
  });

  it("a first page with distinct scores settles in one query", async () => {
    const index = fakeIndex(tiedHits(5000, 1e9, 11));
    await settledRelevancePage(0, 21, index.readPage(null, 0, 21));
    expect(index.calls()).toBe(1);
  });
});
