// Headless Chromium for the browser tests: Debian's `chromium` package, installed by scripts/setup.sh
// (or CHROMIUM_PATH), driven by puppeteer-core. Where it is missing the browser suites fail under
// CI=true and, elsewhere, are skipped with a loud message: never silently.
import { existsSync } from "node:fs";
import { mkdirSync } from "node:fs";
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { repoRoot } from "../../src/config.js";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export const chromiumPath: string | null = CANDIDATES.find((p): p is string => !!p && existsSync(p)) ?? null;

/** Why the browser suites cannot run here, or null. Under CI=true a missing browser is an error. */
export const missingChromium: string | null = (() => {
  if (chromiumPath) return null;
  const why =
    "no Chromium at CHROMIUM_PATH, /usr/bin/chromium or /usr/bin/chromium-browser " +
    "(scripts/setup.sh installs Debian's `chromium`; run it as root)";
  if (process.env.CI === "true") throw new Error(`browser tests cannot run under CI=true: ${why}`);
  console.warn(`\n!!!!! BROWSER TESTS SKIPPED: ${why} !!!!!\n`);
  return why;
})();

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath!,
    headless: true,
    // Root (CI) cannot use Chromium's sandbox; /dev/shm is small in containers.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"],
    defaultViewport: { width: 1280, height: 900 },
  });
}

export const SCREENSHOT_DIR = path.join(repoRoot, ".cache", "screenshots");

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`) as `${string}.png`,
    fullPage: true,
  });
}

/** Collects the page's console errors and uncaught exceptions. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()} (${m.location().url ?? ""})`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  return errors;
}
