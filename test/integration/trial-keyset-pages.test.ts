// The trials connection pages by keyset (the sort key of the last row, not an offset) on every
// order: pages in a row give the same list as one big ordered read, with ties and missing
// probabilities, and a trial inserted before the cursor shifts no row of the next page (an offset
// cursor would repeat one).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { clearGraph } from "../../src/graph/clear-graph.js";
import { createExecutor, type Executor } from "../../src/graph/executor.js";
import { createRepositories, type Repositories } from "../../src/graph/repositories.js";
import type { TrialKey, TrialOrder } from "../../src/graph/trial-filter.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

let executor: Executor;
let graph: Repositories;
const filter = { split: "keyset-test" };
const id = (i: number) => `NCT9${String(i).padStart(7, "0")}`;

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
  await clearGraph(executor);
  // 37 trials: probabilities with many ties (i % 5 / 4) and every seventh one unscored.
  await executor.write(
    `UNWIND range(1, 37) AS i
     CREATE (:Trial {nctId: 'NCT9' + right('0000000' + toString(i), 7), split: 'keyset-test', phase: 'phase 2',
       successProbability: CASE WHEN i % 7 = 0 THEN null ELSE toFloat(i % 5) / 4 END})`,
  );
  // One trial of another split the filter must leave out.
  await executor.write("CREATE (:Trial {nctId: 'NCT99999999', split: 'other', successProbability: 0.5})");
});

afterAll(async () => {
  await clearGraph(executor);
  await executor.close();
});

async function allPages(order: TrialOrder, size: number): Promise<string[]> {
  const seen: string[] = [];
  let after: TrialKey | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const rows = await graph.trials.page(filter, order, after, size);
    seen.push(...rows.map((r) => r.row.nctId));
    if (rows.length < size) return seen;
    after = rows[rows.length - 1]!.key;
  }
  throw new Error("paging did not end");
}

describe("keyset pages of the trials connection", () => {
  beforeAll(() => {
    graph = createRepositories(executor);
  });

  const orders: TrialOrder[] = [
    "NCT_ID_ASC",
    "NCT_ID_DESC",
    "PROBABILITY_DESC",
    "PROBABILITY_ASC",
    "RELEVANCE",
  ];
  for (const order of orders) {
    it(`${order}: pages of 4 concatenate to the one ordered list`, async () => {
      const expected = (await graph.trials.list(filter, order, 0, 1000)).map((t) => t.nctId);
      expect(expected).toHaveLength(37);
      expect(await allPages(order, 4)).toEqual(expected);
    });
  }

  it("PROBABILITY_DESC: unscored trials come last and are paged through too", async () => {
    const ids = await allPages("PROBABILITY_DESC", 5);
    const unscored = [7, 14, 21, 28, 35].map(id);
    expect(ids.slice(-5)).toEqual(unscored);
  });

  it("a trial inserted before the cursor does not shift the next page", async () => {
    const first = await graph.trials.page(filter, "NCT_ID_ASC", null, 10);
    const cursor = first[first.length - 1]!.key;
    const before = await graph.trials.page(filter, "NCT_ID_ASC", cursor, 5);
    await executor.write("CREATE (:Trial {nctId: 'NCT90000000', split: 'keyset-test'})");
    try {
      const afterInsert = await graph.trials.page(filter, "NCT_ID_ASC", cursor, 5);
      expect(afterInsert.map((r) => r.row.nctId)).toEqual(before.map((r) => r.row.nctId));
      expect(before[0]!.row.nctId).toBe(id(11));
    } finally {
      await executor.write("MATCH (t:Trial {nctId: 'NCT90000000'}) DELETE t");
    }
  });

  it("a deep page reads no more rows than a first page (no SKIP over the rows before it)", async () => {
    const profileRows = async (after: TrialKey | null) => {
      const { trialMatchClause, trialOrderBy } = await import("../../src/graph/trial-filter.js");
      const match = trialMatchClause(filter, after ? { order: "NCT_ID_ASC", key: after } : null);
      const session = executor.driver.session();
      try {
        const res = await session.run(
          `PROFILE ${match.cypher} WITH t ${trialOrderBy("NCT_ID_ASC")} LIMIT 5 RETURN t.nctId`,
          match.params,
        );
        let rows = 0;
        const walk = (p: { rows?: unknown; children?: unknown[] }) => {
          rows += Number(p.rows ?? 0);
          for (const c of p.children ?? []) walk(c as typeof p);
        };
        walk(res.summary.profile as unknown as { rows?: unknown; children?: unknown[] });
        return rows;
      } finally {
        await session.close();
      }
    };
    // Earlier files in the run created and deleted thousands of trials on this shared Neo4j: plan both
    // queries from current statistics, not stale ones (a stale plan failed this once in CI: 74 vs 30).
    await executor.driver.executeQuery("CALL db.prepareForReplanning()");
    const shallow = await profileRows(null);
    const deep = await profileRows({ nctId: id(30), value: null });
    expect(deep).toBeLessThanOrEqual(shallow);
  });
});
