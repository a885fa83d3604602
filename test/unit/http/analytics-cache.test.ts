// HTTP caching of analytics-only GETs (src/http/analytics-cache.ts) over the real server with a
// fake graph: Cache-Control and ETag on them, 304 for a matching If-None-Match, nothing on other
// queries, POSTs or answers with errors, and GETs by APQ hash judged by the query registered.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYTICS_MAX_AGE_S, isAnalyticsOnly } from "../../../src/http/analytics-cache.js";
import { createServer, type RunningServer } from "../../../src/http/server.js";
import { fakeExecutor, fakeGraph, FakeScorer, fakeTrial, testConfig } from "../graphql/fakes.js";

let server: RunningServer;
const CARD = "{ analytics { modelCard { loadedModelVersion executionProvider } } }";

beforeAll(async () => {
  server = await createServer({
    config: testConfig(),
    executor: fakeExecutor({ up: true }),
    scorer: new FakeScorer(),
    graph: fakeGraph([fakeTrial(1)]),
  });
});
afterAll(async () => server?.stop());

function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${server.graphqlUrl}?${new URLSearchParams(params)}`, {
    headers: { "apollo-require-preflight": "true", ...headers },
  });
}

describe("isAnalyticsOnly", () => {
  it.each([
    ["{ analytics { byPhase { key } } }", null, true],
    ["query A { analytics { byPhase { key } } __typename }", null, true],
    ['{ analytics { byPhase { key } } trial(nctId: "NCT00000001") { nctId } }', null, false],
    ["{ trials { totalCount } }", null, false],
    ["{ ...F } fragment F on Query { analytics { byPhase { key } } }", null, false],
    ["query A { analytics { byPhase { key } } } query B { trials { totalCount } }", "A", true],
    ["query A { analytics { byPhase { key } } } query B { trials { totalCount } }", "B", false],
    ["query A { analytics { byPhase { key } } } query B { trials { totalCount } }", null, false],
    ["{ analytics {", null, false],
  ])("%s (%s) -> %s", (query, op, expected) => {
    expect(isAnalyticsOnly(query, op)).toBe(expected);
  });
});

describe("analytics GET caching", () => {
  it("marks an analytics GET cacheable with an ETag, and answers 304 to that ETag", async () => {
    const first = await get({ query: CARD });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe(`public, max-age=${ANALYTICS_MAX_AGE_S}`);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = await first.json();
    expect(body).toEqual({
      data: { analytics: { modelCard: { loadedModelVersion: "fake-1", executionProvider: "cpu" } } },
    });
    const again = await get({ query: CARD }, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const changed = await get({ query: CARD }, { "if-none-match": '"other"' });
    expect(changed.status).toBe(200);
  });

  it("leaves other GETs, POSTs and answers with errors uncached", async () => {
    const trial = await get({ query: '{ trial(nctId: "NCT00000001") { nctId } }' });
    expect(trial.status).toBe(200);
    expect(trial.headers.get("etag")).toBeNull();
    expect(trial.headers.get("cache-control") ?? "").not.toMatch(/max-age=[1-9]/);
    const post = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: CARD }),
    });
    expect(post.headers.get("etag")).toBeNull();
    // The fake graph refuses analytics.byPhase: an answer with errors is never cached.
    const failing = await get({ query: "{ analytics { byPhase { key } } }" });
    expect(failing.headers.get("etag")).toBeNull();
  });

  it("judges a GET by APQ hash alone by the query registered under that hash", async () => {
    const query = "{ analytics { modelCard { loadedModelVersion } } }";
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash } });
    const register = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, extensions: JSON.parse(extensions) }),
    });
    expect(register.status).toBe(200);
    const byHash = await get({ extensions });
    expect(byHash.status).toBe(200);
    expect(await byHash.json()).toEqual({
      data: { analytics: { modelCard: { loadedModelVersion: "fake-1" } } },
    });
    expect(byHash.headers.get("etag")).not.toBeNull();
    const unknown = await get({
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } }),
    });
    expect(unknown.headers.get("etag")).toBeNull();
  });
});

describe("analytics.calibration arguments", () => {
  it.each([1, 51])("bins: %i is BAD_USER_INPUT naming the argument", async (bins) => {
    const res = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ analytics { calibration(bins: ${bins}) { lower } } }` }),
    });
    const body = (await res.json()) as { errors: { extensions: { code: string; argument: string } }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "bins" });
  });
});
