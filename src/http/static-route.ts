// GET /, /dashboard and /assets/<name>: the pages (never cached: they name the current assets) and
// their assets (a year, immutable, when the URL's `v` is the asset's hash; revalidated otherwise).
import type http from "node:http";
import { pageAssets } from "./assets.js";
import { dashboardPage, idePage } from "./pages.js";
import { sendJson } from "./responses.js";

export const PAGES: Record<string, () => Promise<string>> = { "/": idePage, "/dashboard": dashboardPage };

export function isStaticPath(pathname: string): boolean {
  return pathname in PAGES || pathname.startsWith("/assets/");
}

export async function staticRoute(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  const page = PAGES[url.pathname];
  if (page) {
    const html = await page();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
    res.end(req.method === "HEAD" ? undefined : html);
    return;
  }
  const asset = (await pageAssets()).get(url.pathname.slice("/assets/".length));
  if (!asset) {
    sendJson(res, 404, { error: `no asset ${url.pathname}` });
    return;
  }
  const etag = `"${asset.hash}"`;
  const immutable = url.searchParams.get("v") === asset.hash;
  res.setHeader("etag", etag);
  res.setHeader("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304).end();
    return;
  }
  res.setHeader("vary", "Accept-Encoding");
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? asset.gzipped : asset.body;
  res.writeHead(200, {
    "content-type": asset.contentType,
    "content-length": body.length,
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}
