// First view of the dashboard and the IDE in a real headless Chromium (Debian's `chromium`, driven
// by puppeteer-core) against the real server, Neo4j and model: for each view, the time from the
// start of navigation until the view has rendered its data (`body[data-view=…]`, set by the
// dashboard once its requests have answered and the DOM is built; for the IDE, GraphiQL's editor
// mounted), in a new tab with the browser cache off (a first visit), and the overview again as a
// second visit with the cache on. Bar of issue 10: usable in under 1 s.
//   tsx bench/dashboard-first-view.ts [--smoke] [--runs 15]
import { parseArgs } from "node:util";
import type { Browser } from "puppeteer-core";
import { loadConfig } from "../src/config.js";
import { createExecutor, JOB_QUERY_TIMEOUT_MS } from "../src/graph/executor.js";
import { createRepositories } from "../src/graph/repositories.js";
import { createServer } from "../src/http/server.js";
import { createScorer } from "../src/model/create-scorer.js";
import { loadModelCard } from "../src/model/model-card.js";
import { launchChromium, missingChromium } from "../test/support/chromium.js";
import { ensureScored, ensureSeeded } from "./lib/bench-graph.js";
import { benchNeo4j } from "./lib/bench-neo4j.js";
import { finishMachine, machineInfo, mdTable, median, percentile, writeResult } from "./lib/common.js";

const { values } = parseArgs({
  options: { smoke: { type: "boolean", default: false }, runs: { type: "string" } },
});
const smoke = values.smoke!;
const runs = Number(values.runs ?? (smoke ? 2 : 15));
const BAR_MS = 1000;

interface View {
  name: string;
  path: string;
  /** Selector present once the view is usable. */
  ready: string;
}

interface Sample {
  ms: number;
  firstContentfulPaintMs: number | null;
  requests: number;
  graphqlRequests: number;
  bytes: number;
}

/**
 * One visit in a new tab: navigation start to `ready`, from the page's own clock (performance.now()).
 * Cold: the browser cache is off for the tab (a first visit: every script and style fetched and
 * parsed); warm: a second visit with the cache on.
 */
async function visit(browser: Browser, url: string, view: View, warm = false): Promise<Sample> {
  const page = await browser.newPage();
  try {
    await page.setCacheEnabled(warm);
    if (warm) {
      await page.goto(url);
      await page.waitForSelector(view.ready, { timeout: 60_000 });
      await page.goto("about:blank");
    }
    await page.goto(url);
    await page.waitForSelector(view.ready, { timeout: 60_000 });
    return await page.evaluate(() => {
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceResourceTiming | undefined;
      return {
        ms: performance.now(),
        firstContentfulPaintMs: fcp ? fcp.startTime : null,
        requests: resources.length + 1,
        graphqlRequests: resources.filter((r) => r.name.includes("/graphql")).length,
        bytes: resources.reduce((sum, r) => sum + r.transferSize, nav?.transferSize ?? 0),
      };
    });
  } finally {
    await page.close();
  }
}

function summary(samples: Sample[]) {
  const ms = samples.map((s) => s.ms);
  return {
    medianMs: median(ms),
    p90Ms: percentile(ms, 90),
    maxMs: Math.max(...ms),
    medianFcpMs: median(samples.map((s) => s.firstContentfulPaintMs ?? NaN).filter(Number.isFinite)),
    requests: samples[0]!.requests,
    graphqlRequests: samples[0]!.graphqlRequests,
    kiB: samples[0]!.bytes / 1024,
    underBar: ms.filter((m) => m < BAR_MS).length / ms.length,
  };
}

async function main(): Promise<void> {
  if (missingChromium) {
    console.error(`\n!!!!! bench dashboard-first-view SKIPPED: ${missingChromium} !!!!!\n`);
    return;
  }
  const machine = machineInfo();
  const neo = await benchNeo4j();
  const config = loadConfig();
  const executor = createExecutor(config.neo4j).withTimeout(JOB_QUERY_TIMEOUT_MS);
  const serverExecutor = createExecutor(config.neo4j);
  const scorer = await createScorer(config.model, { log: () => undefined });
  let browser: Browser | undefined;
  const server = await (async () => {
    await ensureSeeded(executor, smoke);
    // The views read stored scores; a full run after seed-score has them all, alone it scores a few.
    const scored = await ensureScored(executor, scorer, smoke ? 20 : 200);
    console.error(`[bench dashboard-first-view] ${scored} trials scored`);
    return createServer({
      config: { ...config, server: { ...config.server, port: 0 } },
      executor: serverExecutor,
      graph: createRepositories(serverExecutor),
      scorer,
      modelCard: await loadModelCard(config.model.artifactsDir),
    });
  })();
  try {
    const [featured] = await executor.read<{ id: string }>(
      "MATCH (t:Trial) WHERE t.modelVersion = $v RETURN t.nctId AS id ORDER BY id LIMIT 1",
      { v: scorer.modelVersion },
    );
    const views: View[] = [
      { name: "overview", path: "dashboard", ready: 'body[data-view="overview"]' },
      { name: "trial explorer", path: "dashboard#/trials", ready: 'body[data-view="trials"]' },
      { name: "trial page", path: `dashboard#/trial/${featured!.id}`, ready: 'body[data-view="trial"]' },
      { name: "what-if form", path: "dashboard#/what-if", ready: 'body[data-view="what-if"]' },
      {
        name: "GraphQL IDE",
        path: "",
        ready: ".graphiql-container",
      },
    ];
    browser = await launchChromium();
    // The first visit after start-up (materialised analytics computed if stale), apart.
    const afterStart = await visit(browser, `${server.url}dashboard`, views[0]!);
    const cold: Record<string, ReturnType<typeof summary>> = {};
    for (const view of views) {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await visit(browser, `${server.url}${view.path}`, view));
      cold[view.name] = summary(samples);
      console.error(
        `[bench dashboard-first-view] ${view.name}: median ${cold[view.name]!.medianMs.toFixed(0)} ms`,
      );
    }
    const warmSamples: Sample[] = [];
    for (let i = 0; i < runs; i++)
      warmSamples.push(await visit(browser, `${server.url}dashboard`, views[0]!, true));
    const warm = summary(warmSamples);
    const row = (name: string, s: ReturnType<typeof summary>): (string | number)[] => [
      name,
      s.medianMs,
      s.p90Ms,
      s.medianFcpMs,
      s.requests,
      s.graphqlRequests,
      s.kiB,
      `${Math.round(s.underBar * 100)}%`,
    ];
    const table = mdTable(
      [
        "view (first visit: new tab, cache off)",
        "median ms",
        "p90 ms",
        "first paint ms",
        "requests",
        "GraphQL",
        "KiB",
        "< 1 s",
      ],
      [
        ...Object.entries(cold).map(([name, s]) => row(name, s)),
        row("overview, second visit (cache on)", warm),
      ],
    );
    await writeResult({
      name: "dashboard-first-view",
      machine: finishMachine(machine),
      date: new Date().toISOString(),
      smoke,
      config: { runs, barMs: BAR_MS, browser: (await browser.version()) || "chromium", viewport: "1280x900" },
      medians: {
        ...Object.fromEntries(Object.entries(cold).map(([k, v]) => [k, v.medianMs])),
        warmOverview: warm.medianMs,
      },
      baseline: { barMs: BAR_MS },
      ratio: Object.fromEntries(Object.entries(cold).map(([k, v]) => [k, v.medianMs / BAR_MS])),
      views: cold,
      warmOverview: warm,
      firstVisitAfterStartMs: afterStart.ms,
      table,
      notes: [
        "time = navigation start to the view rendered with its data (the page's performance.now() when body[data-view] is set after the view's GraphQL answers are in the DOM); the IDE: GraphiQL mounted",
        `first visit after server start (materialised analytics, esbuild bundle already built at start): ${afterStart.ms.toFixed(0)} ms`,
      ],
    });
  } finally {
    await browser?.close();
    await server.stop();
    await scorer.close();
    await executor.close();
    await serverExecutor.close();
    await neo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
