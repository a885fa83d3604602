// The pages' static files, all served by this process (nothing from a CDN, nothing fetched at run
// time): GraphiQL's and React's prebuilt browser builds from node_modules, and the IDE's and the
// dashboard's own scripts, bundled by esbuild from src/http/web/ once per process at first use.
// Each URL carries the file's hash (`?v=`), so a browser may keep a file for a year.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { build } from "esbuild";
import { repoRoot } from "../config.js";

export interface Asset {
  body: Buffer;
  contentType: string;
  /** The body gzipped once, for clients that accept it (GraphiQL's build: 1 MB, 0.25 MB gzipped). */
  gzipped: Buffer;
  /** Short content hash: the `v` of the asset's URL and its ETag. */
  hash: string;
}

const gzipAsync = promisify(gzip);

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "web");
const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

/** Prebuilt files of npm packages, by the name they are served under. */
const VENDOR: Record<string, string> = {
  "react.js": "react/umd/react.production.min.js",
  "react-dom.js": "react-dom/umd/react-dom.production.min.js",
  "graphiql.js": "graphiql/graphiql.min.js",
  "graphiql.css": "graphiql/graphiql.min.css",
};
/** Our own browser code: entry points bundled into one script each. */
const BUNDLES: Record<string, string> = {
  "ide.js": "ide/main.ts",
  "dashboard.js": "dashboard/main.ts",
};
const STYLES: Record<string, string> = { "dashboard.css": "dashboard/dashboard.css" };

async function asset(body: Buffer | string, contentType: string): Promise<Asset> {
  const buf = typeof body === "string" ? Buffer.from(body) : body;
  return {
    body: buf,
    gzipped: await gzipAsync(buf),
    contentType,
    hash: createHash("sha256").update(buf).digest("hex").slice(0, 16),
  };
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(WEB_DIR, entry)],
    bundle: true,
    format: "iife",
    minify: true,
    target: "es2020",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

async function loadAll(): Promise<Map<string, Asset>> {
  const entries = await Promise.all([
    ...Object.entries(VENDOR).map(async ([name, file]) => {
      const body = await readFile(path.join(repoRoot, "node_modules", file));
      return [name, await asset(body, name.endsWith(".css") ? CSS : JS)] as const;
    }),
    ...Object.entries(BUNDLES).map(
      async ([name, entry]) => [name, await asset(await bundle(entry), JS)] as const,
    ),
    ...Object.entries(STYLES).map(
      async ([name, file]) => [name, await asset(await readFile(path.join(WEB_DIR, file)), CSS)] as const,
    ),
  ]);
  return new Map(entries);
}

let loaded: Promise<Map<string, Asset>> | undefined;

/** Every asset by name; built once per process (a failed build is retried on the next call). */
export function pageAssets(): Promise<Map<string, Asset>> {
  loaded ??= loadAll().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/** `/assets/<name>?v=<hash>` of each asset, for the pages' links. */
export async function assetUrls(): Promise<Record<string, string>> {
  const assets = await pageAssets();
  return Object.fromEntries([...assets].map(([name, a]) => [name, `/assets/${name}?v=${a.hash}`]));
}
