// The IDE and dashboard pages and their assets over the real HTTP server (fake graph and scorer):
// every asset a page names is served from this origin with its hash in the URL (a year, immutable),
// gzipped when accepted, revalidated by ETag; the pages run no inline script and name no other host.
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../../src/http/server.js";
import { fakeExecutor, fakeGraph, FakeScorer, fakeTrial, testConfig } from "../graphql/fakes.js";

let server: RunningServer;

beforeAll(async () => {
  server = await createServer({
    config: testConfig(),
    executor: fakeExecutor({ up: true }),
    scorer: new FakeScorer(),
    graph: fakeGraph([fakeTrial(1)]),
  });
});
afterAll(async () => server?.stop());

const assetsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);

describe.each([
  ["/", ["react.js", "react-dom.js", "graphiql.js", "graphiql.css", "ide.js"]],
  ["/dashboard", ["dashboard.js", "dashboard.css"]],
])("page %s", (path, expected) => {
  it("is HTML whose CSP allows only this origin's scripts, and names no other host", async () => {
    const res = await fetch(new URL(path, server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(
      assetsOf(html)
        .map((a) => a.replace(/^\/assets\/|\?v=.*$/g, ""))
        .sort(),
    ).toEqual([...expected].sort());
  });

  it("serves each asset with its hash: immutable, gzipped when accepted, 304 on a matching ETag", async () => {
    const html = await (await fetch(new URL(path, server.url))).text();
    for (const asset of assetsOf(html)) {
      const url = new URL(asset, server.url);
      const plain = await fetch(url, { headers: { "accept-encoding": "identity" } });
      expect(plain.status, asset).toBe(200);
      expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(plain.headers.get("content-type")).toMatch(/^text\/(javascript|css)/);
      const body = Buffer.from(await plain.arrayBuffer());
      expect(body.length).toBeGreaterThan(100);
      // node's fetch decodes gzip itself: ask with a raw request header and compare the bytes.
      const zipped = await fetch(url, { headers: { "accept-encoding": "gzip" } });
      expect(zipped.headers.get("content-encoding")).toBe("gzip");
      expect(Buffer.from(await zipped.arrayBuffer()).equals(body)).toBe(true);
      const etag = plain.headers.get("etag")!;
      const again = await fetch(url, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(url.searchParams.get("v")).toBe(etag.replace(/"/g, ""));
    }
  });
});

describe("assets", () => {
  it("an unknown asset is 404, a stale hash is served but revalidated", async () => {
    expect((await fetch(new URL("/assets/nope.js", server.url))).status).toBe(404);
    const stale = await fetch(new URL("/assets/dashboard.js?v=0000", server.url));
    expect(stale.status).toBe(200);
    expect(stale.headers.get("cache-control")).toBe("no-cache");
  });

  it("the gzipped bytes are the asset's (decoded by hand)", async () => {
    const { request } = await import("node:http");
    const url = new URL("/assets/dashboard.css", server.url);
    const raw = await new Promise<Buffer>((resolve, reject) => {
      request(url, { headers: { "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks)));
      })
        .on("error", reject)
        .end();
    });
    const plain = Buffer.from(
      await (await fetch(url, { headers: { "accept-encoding": "identity" } })).arrayBuffer(),
    );
    expect(gunzipSync(raw).equals(plain)).toBe(true);
  });
});
