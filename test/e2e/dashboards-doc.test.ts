/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON answers are walked generically */
// docs/dashboards.md's flat-table queries run as written against the real server (real Neo4j seeded
// with the bundled data, real model): no errors, and each list they select comes back as rows.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/config.js";
import type { Executor } from "../../src/graph/executor.js";
import { createRepositories } from "../../src/graph/repositories.js";
import { createServer, type RunningServer } from "../../src/http/server.js";
import { scoreTrials } from "../../src/jobs/score-trials.js";
import { createScorer, type ModelScorer } from "../../src/model/create-scorer.js";
import { loadModelCard } from "../../src/model/model-card.js";
import { gql } from "../unit/graphql/fakes.js";
import { e2eConfig, e2eExecutor, ensureSeeded, missingModel } from "./support/e2e-platform.js";

const DOC = readFileSync(path.join(repoRoot, "docs", "dashboards.md"), "utf8");
const QUERIES = [...DOC.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
/** Variables for the documented queries that declare some (as in the page's curl example). */
const VARIABLES = { filter: { phase: "phase 2", hasOutcome: true }, limit: 100, offset: 0 };

/** Every array in the answer (the rows of each flat table). */
function lists(value: any, at = "data", out: [string, any[]][] = []): [string, any[]][] {
  if (Array.isArray(value)) out.push([at, value]);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) if (!Array.isArray(value)) lists(v, `${at}.${k}`, out);
  return out;
}

describe.skipIf(missingModel !== null)(
  `docs/dashboards.md queries${missingModel ? ` (skipped: ${missingModel})` : ""}`,
  () => {
    let executor: Executor;
    let scorer: ModelScorer;
    let server: RunningServer;

    beforeAll(async () => {
      const config = e2eConfig();
      executor = e2eExecutor(config);
      await ensureSeeded(executor);
      scorer = await createScorer(config.model, { log: () => {} });
      const graph = createRepositories(executor);
      // The calibration table reads stored scores of test-split trials: store a few here rather than
      // depend on which suite ran before this one.
      const testIds = (
        await executor.read<{ id: string }>(
          "MATCH (t:Trial {split: 'test'}) WHERE t.outcome IS NOT NULL RETURN t.nctId AS id ORDER BY id LIMIT 12",
        )
      ).map((r) => r.id);
      await scoreTrials(graph, executor, scorer, { ids: testIds, log: () => {} });
      server = await createServer({
        config,
        executor,
        graph,
        scorer,
        modelCard: await loadModelCard(config.model.artifactsDir),
      });
    });

    afterAll(async () => {
      await server?.stop();
      await scorer?.close();
      await executor?.close();
    });

    it("has the documented queries", () => {
      expect(QUERIES.length).toBeGreaterThanOrEqual(5);
    });

    it.each(QUERIES.map((q) => [q.replace(/\s+/g, " ").slice(0, 70), q]))("%s", async (_name, query) => {
      const { status, body } = await gql(server.graphqlUrl, query, query.includes("$") ? VARIABLES : {});
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      expect(status).toBe(200);
      const found = lists(body.data);
      expect(found.length).toBeGreaterThan(0);
      // Every documented table has rows on the bundled data, except running imported trials
      // (none unless a ClinicalTrials.gov import ran first).
      for (const [at, rows] of found) {
        if (query.includes("statusIn")) continue;
        expect(rows.length, at).toBeGreaterThan(0);
        expect(typeof rows[0], at).toBe("object");
      }
    });
  },
);
