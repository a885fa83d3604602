// Set-up shared by the browser suites: the real server (real Neo4j seeded with the bundled data,
// real ONNX model) with a handful of trials scored so the views have stored probabilities and the
// vector index has neighbours, one headless Chromium, and GraphQL calls straight to the API to
// compare the views with.
import type { Browser } from "puppeteer-core";
import type { Executor } from "../../../src/graph/executor.js";
import { createRepositories } from "../../../src/graph/repositories.js";
import { createServer, type RunningServer } from "../../../src/http/server.js";
import { scoreTrials } from "../../../src/jobs/score-trials.js";
import { createScorer, type ModelScorer } from "../../../src/model/create-scorer.js";
import { loadModelCard } from "../../../src/model/model-card.js";
import { launchChromium } from "../../support/chromium.js";
import { e2eConfig, e2eExecutor, ensureSeeded } from "../support/e2e-platform.js";

export const FEATURED_DRUG = "temozolomide";

export interface BrowserPlatform {
  server: RunningServer;
  browser: Browser;
  /** Trials of FEATURED_DRUG with criteria, scored by the loaded model; the first is the featured one. */
  scoredIds: string[];
  api<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startBrowserPlatform(): Promise<BrowserPlatform> {
  const config = e2eConfig();
  const executor: Executor = e2eExecutor(config);
  const graph = createRepositories(executor);
  await ensureSeeded(executor);
  const scorer: ModelScorer = await createScorer(config.model, { log: () => {} });
  const scoredIds = (
    await executor.read<{ id: string }>(
      `MATCH (t:Trial)-[:TESTS]->(:Drug {name: $drug}) WHERE size(coalesce(t.inclusionCriteria, '')) > 0
       RETURN DISTINCT t.nctId AS id ORDER BY id LIMIT 40`,
      { drug: FEATURED_DRUG },
    )
  ).map((r) => r.id);
  // Test-split trials with an outcome too, for the overview's reliability curve.
  const testIds = (
    await executor.read<{ id: string }>(
      "MATCH (t:Trial {split: 'test'}) WHERE t.outcome IS NOT NULL RETURN t.nctId AS id ORDER BY id DESC LIMIT 40",
    )
  ).map((r) => r.id);
  await scoreTrials(graph, executor, scorer, {
    ids: [...new Set([...scoredIds, ...testIds])],
    log: () => {},
  });
  const server = await createServer({
    config,
    executor,
    graph,
    scorer,
    modelCard: await loadModelCard(config.model.artifactsDir),
  });
  const browser = await launchChromium();
  return {
    server,
    browser,
    scoredIds,
    async api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const res = await fetch(server.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
      return body.data!;
    },
    async close() {
      await browser.close();
      await server.stop();
      await scorer.close();
      await executor.close();
    },
  };
}
