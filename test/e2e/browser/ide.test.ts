// The GraphiQL IDE at `/` in a real headless Chromium against the real server: it loads offline
// (every request stays on this origin), shows the docs for `Trial`, and running the first example
// query shows the same answer the API gives for it.
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES } from "../../../src/http/web/ide/examples.js";
import { consoleErrors, missingChromium, screenshot } from "../../support/chromium.js";
import { missingModel } from "../support/e2e-platform.js";
import { startBrowserPlatform, type BrowserPlatform } from "./browser-platform.js";

const skip = missingChromium ?? missingModel;

describe.skipIf(skip !== null)(`GraphiQL IDE in Chromium${skip ? ` (SKIPPED: ${skip})` : ""}`, () => {
  let platform: BrowserPlatform;
  let page: Page;
  let errors: string[];
  const foreign: string[] = [];

  beforeAll(async () => {
    platform = await startBrowserPlatform();
    page = await platform.browser.newPage();
    errors = consoleErrors(page);
    const origin = new URL(platform.server.url).origin;
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:"))
        foreign.push(r.url());
    });
    await page.goto(platform.server.url, { waitUntil: "networkidle0" });
  });

  afterAll(async () => {
    await platform?.close();
  });

  it("loads GraphiQL with the example tabs, from this origin only", async () => {
    await page.waitForSelector(".graphiql-container");
    const tabs = await page.$$eval(".graphiql-tab", (els) => els.length);
    expect(tabs).toBe(EXAMPLES.length);
    expect(foreign).toEqual([]);
  });

  it("shows the docs for Trial", async () => {
    await page.click('button[aria-label="Show Documentation Explorer"]');
    const search = await page.waitForSelector(".graphiql-doc-explorer-search input");
    await search!.type("Trial");
    await page.waitForSelector(".graphiql-doc-explorer-search [role=option]");
    const options = await page.$$(".graphiql-doc-explorer-search [role=option]");
    let picked = false;
    for (const option of options) {
      if ((await option.evaluate((el) => el.textContent?.trim())) === "Trial") {
        await option.click();
        picked = true;
        break;
      }
    }
    expect(picked).toBe(true);
    await page.waitForFunction(
      () => document.querySelector(".graphiql-doc-explorer-title")?.textContent?.trim() === "Trial",
    );
    const docs = await page.$eval(".graphiql-doc-explorer", (el) => el.textContent ?? "");
    expect(docs).toContain("A clinical trial from the TOP benchmark");
    expect(docs).toContain("outcomePrediction");
    await screenshot(page, "ide-docs-trial");
  });

  it("runs the first example query and shows the API's answer", async () => {
    const example = EXAMPLES[0]!;
    const expected = await platform.api<unknown>(
      example.query,
      JSON.parse(example.variables ?? "{}") as Record<string, unknown>,
    );
    await page.click(".graphiql-execute-button");
    // The result editor (CodeMirror 5) renders only the visible lines: read its whole text.
    const resultText = () =>
      page.evaluate(() => {
        const el = document.querySelector(".result-window .CodeMirror") as unknown as {
          CodeMirror?: { getValue(): string };
        } | null;
        return el?.CodeMirror?.getValue() ?? "";
      });
    await page.waitForFunction(
      () => document.querySelector(".result-window")?.textContent?.includes('"data"'),
      { timeout: 60_000 },
    );
    expect(JSON.parse(await resultText())).toEqual({ data: expected });
    await screenshot(page, "ide-example-result");
    expect(errors).toEqual([]);
  });
});
