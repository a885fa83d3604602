// RELEVANCE pages of a text search read the full-text index's top hits only (src/graph/relevance-page.ts)
// and page on (score, nctId): on a real Neo4j, with many trials tied on their score and created in an
// order unlike nctId's (Lucene breaks ties by its document id), pages in a row give every hit once, in
// the same order as one sort of all hits; the cursor's rank only sizes the request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { clearGraph } from "../../src/graph/clear-graph.js";
import { createExecutor, type Executor } from "../../src/graph/executor.js";
import { TrialRepository } from "../../src/graph/trial-repository.js";
import { trialMatchClause, type TrialKey } from "../../src/graph/trial-filter.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

let executor: Executor;
let trials: TrialRepository;
/** The procedure options of every full-text window read (what each page asked Lucene for). */
const windows: unknown[] = [];
const WORD = "zyxolimab";
const search = { text: WORD };
const HITS = 600;
/** Distinct criteria texts with the word, so HITS / SCORES trials tie on each score. */
const SCORES = 3;

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
  await clearGraph(executor);
  const recording = new Proxy(executor, {
    get(target, prop) {
      if (prop === "read")
        return (cypher: string, params?: Record<string, unknown>, options?: unknown) => {
          if (params && "ftOptions" in params) windows.push(params.ftOptions);
          return target.read(cypher, params, options as never);
        };
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  trials = new TrialRepository(recording);
  // 600 hits on three criteria texts (three scores, 200 trials tied on each: more than a window's
  // spare rows, so windows end inside a tie), created in an order unlike nctId's; 50 without the word.
  await executor.write(
    `UNWIND range(1, $hits + 50) AS i
     WITH i ORDER BY (i * 7919) % 997
     CREATE (:Trial {nctId: 'NCT9' + right('0000000' + toString(i), 7), split: 'relevance-test',
       inclusionCriteria: CASE WHEN i > $hits THEN 'adults with glioma'
         ELSE reduce(s = 'adults treated', k IN range(0, i % $scores) | s + ' ${WORD}') + ' before' END})`,
    { hits: HITS, scores: SCORES },
  );
  await executor.write("CALL db.awaitIndexes(300)");
});

afterAll(async () => {
  await clearGraph(executor);
  await executor.close();
});

/** Every hit in the API's order, from one sort of all hits (the path a filtered search takes). */
async function allHitsInOrder(): Promise<string[]> {
  const m = trialMatchClause(search);
  const rows = await executor.read<{ id: string }>(
    `${m.cypher} RETURN t.nctId AS id ORDER BY score DESC, t.nctId`,
    m.params,
  );
  return rows.map((r) => r.id);
}

async function pageThrough(size: number): Promise<string[]> {
  const seen: string[] = [];
  let after: TrialKey | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const rows = await trials.page(search, "RELEVANCE", after, size);
    seen.push(...rows.map((r) => r.row.nctId));
    if (rows.length < size) return seen;
    after = rows[rows.length - 1]!.key;
  }
  throw new Error("paging did not end");
}

describe("relevance pages from the full-text index's top hits", () => {
  it("the test data ties many hits on one score", async () => {
    const m = trialMatchClause(search);
    const scores = await executor.read<{ distinct: number; hits: number }>(
      `${m.cypher} RETURN count(DISTINCT score) AS distinct, count(*) AS hits`,
      m.params,
    );
    expect(scores[0]).toEqual({ distinct: SCORES, hits: HITS });
  });

  for (const size of [7, 50, 120]) {
    it(`pages of ${size}: every hit once, no gap, in score-then-nctId order`, async () => {
      const expected = await allHitsInOrder();
      const seen = await pageThrough(size);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expected);
    });
  }

  it("asks Lucene for a window of hits, not for all of them, on a first page", async () => {
    windows.length = 0;
    const rows = await trials.page(search, "RELEVANCE", null, 21);
    expect(rows).toHaveLength(21);
    expect(windows.length).toBeGreaterThanOrEqual(1);
    expect(String((windows[0] as { limit: unknown }).limit)).toBe("121");
    // The cursor carries the rank, which sizes the next window.
    expect(rows[20]!.key.rank).toBe(21);
  });

  it("the offset list (trialList) reads the same rows as the full order", async () => {
    const expected = await allHitsInOrder();
    const rows = await trials.list(search, "RELEVANCE", 150, 30);
    expect(rows.map((r) => r.nctId)).toEqual(expected.slice(150, 180));
  });

  it("a cursor's rank only sizes the window: a wrong or missing one gives the same page", async () => {
    const expected = await allHitsInOrder();
    const first = await trials.page(search, "RELEVANCE", null, 250);
    const key = first[first.length - 1]!.key;
    expect(key.rank).toBe(250);
    for (const rank of [undefined, 1, 249, 5000]) {
      windows.length = 0;
      const rows = await trials.page(search, "RELEVANCE", { ...key, rank }, 30);
      expect(rows.map((r) => r.row.nctId)).toEqual(expected.slice(250, 280));
      // Too small a rank costs more windows, never a wrong page.
      if (rank === 1) expect(windows.length).toBeGreaterThan(1);
    }
  });

  it("with another condition, or in another order, the text search stays a sort of all its hits", async () => {
    windows.length = 0;
    const byId = await trials.page(search, "NCT_ID_ASC", null, 10);
    expect(byId.map((r) => r.row.nctId)).toEqual((await allHitsInOrder()).sort().slice(0, 10));
    await trials.page({ ...search, split: "relevance-test" }, "RELEVANCE", null, 10);
    expect(windows).toEqual([]);
  });
});
