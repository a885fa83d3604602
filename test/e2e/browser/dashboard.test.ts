// The dashboard in a real headless Chromium against the real server, Neo4j and model: every view's
// numbers equal what the API returns for the same query, search finds a known trial, a trial page
// lists its similar trials, the what-if form gives the API's probability and shows the API's error
// next to an invalid SMILES, and the console stays free of errors. Screenshots: .cache/screenshots/.
import { readdirSync, readFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseState, toFilter } from "../../../src/http/web/dashboard/explorer-state.js";
import { TOP_DRUGS } from "../../../src/http/web/dashboard/overview.js";
import {
  OVERVIEW_QUERY,
  TRIAL_QUERY,
  TRIALS_QUERY,
  WHAT_IF_QUERY,
  type GroupRate,
  type OverviewData,
  type TrialData,
  type TrialsData,
  type WhatIfData,
} from "../../../src/http/web/dashboard/queries.js";
import { SIMILAR_K } from "../../../src/http/web/dashboard/trial-page.js";
import { NEAREST } from "../../../src/http/web/dashboard/what-if.js";
import { consoleErrors, missingChromium, screenshot } from "../../support/chromium.js";
import { missingModel } from "../support/e2e-platform.js";
import { FEATURED_DRUG, startBrowserPlatform, type BrowserPlatform } from "./browser-platform.js";

const skip = missingChromium ?? missingModel;
const str = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v));

/** Each body row of a table: its data-key (or data-nct-id) and the data-value of its cells. */
function tableValues(page: Page, selector: string): Promise<{ key: string; values: string[] }[]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((r) => ({
      key: (r as HTMLElement).dataset.key ?? (r as HTMLElement).dataset.nctId ?? "",
      values: [...r.querySelectorAll<HTMLElement>("td[data-value]")].map((td) => td.dataset.value ?? ""),
    })),
  );
}

function groupValues(rows: GroupRate[]): { key: string; values: string[] }[] {
  return rows.map((r) => ({
    key: r.key,
    values: [r.trialCount, r.withOutcome, r.observedSuccessRate, r.scoredCount, r.predictedMean].map(str),
  }));
}

describe.skipIf(skip !== null)(`dashboard in Chromium${skip ? ` (SKIPPED: ${skip})` : ""}`, () => {
  let platform: BrowserPlatform;
  let page: Page;
  let errors: string[];
  let base: string;

  beforeAll(async () => {
    platform = await startBrowserPlatform();
    base = `${platform.server.url}dashboard`;
  });

  afterAll(async () => {
    await platform?.close();
  });

  async function open(hash: string, view: string): Promise<void> {
    page = await platform.browser.newPage();
    errors = consoleErrors(page);
    await page.goto(`${base}#${hash}`);
    await page.waitForSelector(`body[data-view="${view}"]`, { timeout: 60_000 });
  }

  afterEach(async () => {
    expect(errors, "browser console errors").toEqual([]);
    await page?.close();
  });

  it("overview: charts' numbers and the model card equal the analytics API's answer", async () => {
    await open("/overview", "overview");
    const api = (await platform.api<OverviewData>(OVERVIEW_QUERY, { topDrugs: TOP_DRUGS })).analytics;
    expect(api.byPhase.length).toBeGreaterThan(3);
    expect(await tableValues(page, "#by-phase")).toEqual(groupValues(api.byPhase));
    expect(await tableValues(page, "#by-drug")).toEqual(groupValues(api.byDrug));
    expect(await tableValues(page, "#by-icd")).toEqual(groupValues(api.byIcdChapter));
    expect(await page.$eval("#card-version", (el) => el.textContent)).toBe(api.modelCard.modelVersion ?? "—");
    expect(await page.$eval("#provider", (el) => el.textContent)).toBe(api.modelCard.executionProvider);
    const rocCells = await page.$$eval('#model-metrics td[data-metric="CLaDMoP:roc_auc"]', (tds) =>
      tds.map((td) => (td as HTMLElement).dataset.value),
    );
    const apiRoc = api.modelCard.metrics.filter((m) => m.method === "CLaDMoP" && m.metric === "roc_auc");
    expect(rocCells).toEqual(apiRoc.map((m) => String(m.mean)));
    expect(api.calibration.length).toBeGreaterThan(0);
    expect(await tableValues(page, "#calibration")).toEqual(
      api.calibration.map((b) => ({
        key: String(b.lower),
        values: [b.trialCount, b.meanPredicted, b.observedSuccessRate].map(str),
      })),
    );
    expect(await page.$$eval("svg.chart", (svgs) => svgs.length)).toBe(4);
    await screenshot(page, "dashboard-overview");
  });

  it("explorer: search by NCT id finds the trial; filtered, sorted pages equal the connection's", async () => {
    const featured = platform.scoredIds[0]!;
    await open(`/trials?text=${featured}`, "trials");
    expect((await tableValues(page, "#trial-table")).map((r) => r.key)).toEqual([featured]);

    const hash = `/trials?drug=${FEATURED_DRUG}&sort=PROBABILITY_DESC&size=10`;
    await open(hash, "trials");
    const state = parseState(new URLSearchParams(hash.split("?")[1]));
    const vars = { filter: toFilter(state), first: 10, orderBy: "PROBABILITY_DESC" };
    const first = (await platform.api<TrialsData>(TRIALS_QUERY, { ...vars, after: null })).trials;
    const rowsOf = (t: TrialsData["trials"]) =>
      t.edges.map((e) => ({
        key: e.node.nctId,
        values: [str(e.node.outcome), str(e.node.successProbability)],
      }));
    expect(first.totalCount).toBeGreaterThan(10);
    expect(await tableValues(page, "#trial-table")).toEqual(rowsOf(first));
    expect(await page.$eval("#trial-count", (el) => (el as HTMLElement).dataset.total)).toBe(
      String(first.totalCount),
    );
    await screenshot(page, "dashboard-explorer");

    // Keyboard: arrow down moves from row to row.
    await page.focus("#trial-table tbody tr");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.nctId)).toBe(
      first.edges[1]!.node.nctId,
    );

    // Next page through the connection's cursor.
    const second = (
      await platform.api<TrialsData>(TRIALS_QUERY, { ...vars, after: first.pageInfo.endCursor })
    ).trials;
    await page.click("#next-page");
    await page.waitForFunction(
      (id: string) => document.querySelector<HTMLElement>("#trial-table tbody tr")?.dataset.nctId === id,
      {},
      second.edges[0]!.node.nctId,
    );
    expect(await tableValues(page, "#trial-table")).toEqual(rowsOf(second));
    expect(await page.$eval("#trial-count", (el) => el.textContent)).toBe(
      `Trials 11–${10 + second.edges.length} of ${first.totalCount}`,
    );

    // CSV export of the rows shown (page 2), then back to page 1.
    const dir = mkdtempSync(path.join(os.tmpdir(), "trialgraph-csv-"));
    const cdp = await page.createCDPSession();
    await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir });
    await page.click("#export-csv");
    const deadline = Date.now() + 10_000;
    while (!readdirSync(dir).some((f) => f.endsWith(".csv")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const csv = readFileSync(
      path.join(
        dir,
        readdirSync(dir).find((f) => f.endsWith(".csv"))!,
      ),
      "utf8",
    );
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "nctId,phase,status,drugs,diseases,observedOutcome,successProbability,modelVersion",
    );
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(second.edges.map((e) => e.node.nctId));
    await page.click("#prev-page");
    await page.waitForFunction(
      (id: string) => document.querySelector<HTMLElement>("#trial-table tbody tr")?.dataset.nctId === id,
      {},
      first.edges[0]!.node.nctId,
    );
    expect(await tableValues(page, "#trial-table")).toEqual(rowsOf(first));
  });

  it("explorer: the form's search and filters reach the URL and the table", async () => {
    await open("/trials", "trials");
    await page.type("#f-drug", FEATURED_DRUG);
    await page.select("#f-outcome", "success");
    await page.click('#explorer-form button[type="submit"]');
    await page.waitForFunction(() => location.hash.includes("outcome=success"));
    await page.waitForSelector('body[data-view="trials"]');
    await page.waitForSelector("#trial-table");
    const api = (
      await platform.api<TrialsData>(TRIALS_QUERY, {
        filter: { drug: FEATURED_DRUG, outcome: 1 },
        first: 25,
        after: null,
        orderBy: "NCT_ID_ASC",
      })
    ).trials;
    const shown = await tableValues(page, "#trial-table");
    expect(shown.map((r) => r.key)).toEqual(api.edges.map((e) => e.node.nctId));
    expect(shown.every((r) => r.values[0] === "1")).toBe(true);
  });

  it("trial page: prediction and similar trials equal the API's, the neighbourhood is drawn", async () => {
    const featured = platform.scoredIds[0]!;
    await open(`/trial/${featured}`, "trial");
    const vars = { nctId: featured, k: SIMILAR_K, successfulOnly: false, samePhase: false };
    const api = (await platform.api<TrialData>(TRIAL_QUERY, vars)).trial!;
    const p = api.outcomePrediction;
    expect(await page.$eval("#prediction-probability", (el) => (el as HTMLElement).dataset.value)).toBe(
      String(p.probability),
    );
    expect(await page.$eval("#prediction-model-version", (el) => el.textContent)).toBe(p.modelVersion);
    expect(await page.$eval("#prediction-provider", (el) => el.textContent)).toMatch(/\S/);
    expect(api.similarTrials.length).toBeGreaterThan(0);
    const similar = await tableValues(page, "#similar");
    expect(similar.map((r) => r.key)).toEqual(api.similarTrials.map((s) => s.trial.nctId));
    expect(similar.map((r) => r.values[0])).toEqual(api.similarTrials.map((s) => String(s.score)));
    const codes = new Set(api.diseases.flatMap((d) => d.icdCodes.map((c) => c.code)));
    const drugs = new Set(api.drugs.map((d) => d.name));
    const diseases = new Set(api.diseases.map((d) => d.name));
    expect(await page.$$eval("#neighbourhood g.node", (g) => g.length)).toBe(
      1 + drugs.size + diseases.size + codes.size,
    );
    await screenshot(page, "dashboard-trial");

    const onlySuccess = (
      await platform.api<TrialData>(TRIAL_QUERY, { ...vars, successfulOnly: true })
    ).trial!.similarTrials.map((s) => s.trial.nctId);
    await page.click("#similar-successful");
    await page.waitForFunction(
      (ids: string[]) =>
        [...document.querySelectorAll<HTMLElement>("#similar tbody tr")]
          .map((r) => r.dataset.nctId)
          .join() === ids.join(),
      { timeout: 60_000 },
      onlySuccess,
    );
    const outcomes = (await tableValues(page, "#similar")).map((r) => r.values[1]);
    expect(outcomes.every((o) => o === "1")).toBe(true);
  });

  it("what-if: the form's probability equals predictOutcome's; an invalid SMILES shows the API's error at its field", async () => {
    await open("/what-if", "what-if");
    await page.click('#what-if-form button[type="submit"]');
    await page.waitForSelector("#what-if-probability", { timeout: 60_000 });
    const input = {
      phase: "phase 2",
      inclusionCriteria: "Histologically confirmed glioblastoma\nKarnofsky performance status >= 70",
      exclusionCriteria: "Prior treatment with bevacizumab\nPregnancy",
      drugs: [{ name: "temozolomide" }, { name: "bevacizumab" }],
      diseases: [{ name: "glioblastoma", icdCodes: ["C71.9"] }],
    };
    const api = (await platform.api<WhatIfData>(WHAT_IF_QUERY, { input, nearest: NEAREST })).predictOutcome;
    expect(await page.$eval("#what-if-probability", (el) => (el as HTMLElement).dataset.value)).toBe(
      String(api.probability),
    );
    expect((await tableValues(page, "#what-if-nearest")).map((r) => r.key)).toEqual(
      api.nearestTrials.map((t) => t.trial.nctId),
    );
    await screenshot(page, "dashboard-what-if");

    await page.type("#w-smiles-1", "C1CC(");
    await page.click('#what-if-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector("#w-smiles-1-error")?.textContent !== "", {
      timeout: 60_000,
    });
    const message = await page.$eval("#w-smiles-1-error", (el) => el.textContent);
    expect(message).toMatch(/SMILES/i);
    expect(await page.$eval("#w-smiles-1", (el) => el.getAttribute("aria-invalid"))).toBe("true");
    expect(await page.$("#what-if-probability")).toBeNull();
    await screenshot(page, "dashboard-what-if-error");
  });
});
