// Hostile input against the real HTTP server (loopback, fake graph and scorer): for each class of
// issue 14, a precise error and /health answering in under a second while the bad request runs.
// Bounded: a few dozen requests, each case well under a second when the server behaves.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrialModelInput, TrialScore } from "../../../src/model/types.js";
import { createServer, type RunningServer } from "../../../src/http/server.js";
import { fakeExecutor, fakeGraph, FakeScorer, fakeTrial, gql, testConfig } from "../graphql/fakes.js";

const HEALTH_BAR_MS = 1_000;

/** Runs `bad` while polling /health; returns its result and the slowest health answer. */
async function whileHealthPolled<T>(
  base: string,
  bad: () => Promise<T>,
): Promise<{ result: T; worstMs: number }> {
  let done = false;
  let worstMs = 0;
  const poll = (async () => {
    do {
      const t0 = performance.now();
      const res = await fetch(`${base}health`);
      await res.text();
      worstMs = Math.max(worstMs, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    } while (!done);
  })();
  try {
    const result = await bad();
    return { result, worstMs };
  } finally {
    done = true;
    await poll;
  }
}

/** Fragments that each spread the next one twice: 2^levels fields once expanded, about 40 bytes a level. */
function doublingFragments(levels: number): string {
  const defs = [`fragment F0 on Trial { nctId }`];
  for (let i = 1; i <= levels; i++) defs.push(`fragment F${i} on Trial { ...F${i - 1} ...F${i - 1} }`);
  return `{ trial(nctId: "NCT00000001") { ...F${levels} } } ${defs.join(" ")}`;
}

describe("hostile input (issue 14)", () => {
  const scorer = new FakeScorer(32);
  const graph = fakeGraph(Array.from({ length: 50 }, (_, i) => fakeTrial(i + 1)));
  let server: RunningServer;

  beforeAll(async () => {
    server = await createServer({
      config: testConfig({ maxPageSize: 200, maxNeighbours: 20, maxComplexity: 3000 }),
      executor: fakeExecutor({ up: true }),
      scorer,
      graph,
    });
  });
  afterAll(async () => server?.stop());

  it("class 1: doubling fragments are refused with 400 MAX_FIELDS at once (regression: seconds, 500)", async () => {
    const query = doublingFragments(30);
    expect(query.length).toBeLessThan(1300);
    const { result, worstMs } = await whileHealthPolled(server.url, () => gql(server.graphqlUrl, query));
    expect(result.status).toBe(400);
    expect(result.body.errors![0]!.extensions).toMatchObject({
      code: "GRAPHQL_VALIDATION_FAILED",
      reason: "MAX_FIELDS",
    });
    expect(worstMs).toBeLessThan(HEALTH_BAR_MS);
  });

  it("class 1: a document of too many tokens is refused with 400 MAX_TOKENS", async () => {
    const query = `{ ${'trial(nctId: "NCT00000001") { nctId } '.repeat(2000)} }`;
    const { status, body } = await gql(server.graphqlUrl, query);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({ reason: "MAX_TOKENS" });
  });

  it("class 1: one field repeated 1,500 times (quadratic field-overlap validation) is refused at once", async () => {
    const query = `{ trialList(limit: 1) { ${"nctId ".repeat(1500)} } }`;
    const { result, worstMs } = await whileHealthPolled(server.url, () => gql(server.graphqlUrl, query));
    expect(result.status).toBe(400);
    expect(result.body.errors![0]!.extensions).toMatchObject({ reason: "REPEATED_FIELD", field: "nctId" });
    expect(worstMs).toBeLessThan(HEALTH_BAR_MS);
  });

  it("class 3: a negative size cannot lower the cost of an expensive sibling; nothing runs (regression)", async () => {
    const calls = graph.calls.length;
    const query = `{ a: trialList(limit: -100000) { nctId }
      b: trialList(limit: 200) { nctId outcomePrediction { probability } similarTrials(k: 20) { score } } }`;
    const { status, body } = await gql(server.graphqlUrl, query);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "limit",
      value: -100000,
    });
    expect(graph.calls.length).toBe(calls);
  });

  it("class 3: a size over its cap, given through a variable, is rejected before anything runs", async () => {
    const calls = graph.calls.length;
    const { status, body } = await gql(
      server.graphqlUrl,
      `query($k: Int!) { trial(nctId: "NCT00000001") { similarTrials(k: $k) { score } } }`,
      { k: 10_000 },
    );
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "k", limit: 20 });
    expect(graph.calls.length).toBe(calls);
  });

  it("class 6: variables that do not coerce are 400 BAD_USER_INPUT (regression: 500 from the cost plugin)", async () => {
    const query = `query($k: Int!) { trial(nctId: "NCT00000001") { similarTrials(k: $k) { score } } }`;
    const bodies = [
      JSON.stringify({ query, variables: { k: null } }),
      JSON.stringify({ query, variables: { k: 1.5 } }),
      // JSON.parse reads 1e999 as Infinity; JSON.stringify could not write it.
      `{"query":${JSON.stringify(query)},"variables":{"k":1e999}}`,
    ];
    for (const body of bodies) {
      const res = await fetch(server.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      const json = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(res.status, body).toBe(400);
      expect(json.errors[0].extensions.code, body).toBe("BAD_USER_INPUT");
      expect(json.errors[0].message, body).toMatch(/\$k/);
    }
  });

  it("class 6: other methods on /graphql are 405 with Allow (regression: 400)", async () => {
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const res = await fetch(server.graphqlUrl, {
        method,
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, POST");
      await res.text();
    }
  });

  it("class 6: pages and API answers carry nosniff, frame and CSP headers", async () => {
    for (const url of [server.url, server.graphqlUrl, `${server.url}health`]) {
      const res = await fetch(url, { method: url === server.graphqlUrl ? "POST" : "GET" });
      await res.text();
      expect(res.headers.get("x-content-type-options"), url).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), url).toBe("DENY");
      expect(res.headers.get("content-security-policy"), url).toMatch(/frame-ancestors 'none'/);
    }
  });

  it("class 6: a full-text filter of too many words is BAD_USER_INPUT before any Cypher runs", async () => {
    const calls = graph.calls.length;
    const text = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(" ");
    const { body } = await gql(
      server.graphqlUrl,
      `query($t: String) { trialList(filter: { text: $t }) { nctId } }`,
      {
        t: text,
      },
    );
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "filter.text",
      limit: 32,
    });
    expect(graph.calls.length).toBe(calls);
  });

  const whatIf = `query($smiles: String) { predictOutcome(nearest: 0, input: {
    phase: "phase 2", inclusionCriteria: "adults", drugs: [{ name: "x", smiles: $smiles }], diseases: [] }) { probability } }`;

  it("class 2: extreme SMILES are BAD_USER_INPUT naming the bound, never scored; drugs still work after", async () => {
    const scored = scorer.inputs.length;
    const extremes = {
      atoms: "C".repeat(1_500), // a chain that would break RDKit's wasm module for good
      branchDepth: `${"C(".repeat(40)}C${")".repeat(40)}`,
      rings: "C%10%11".repeat(100),
    };
    for (const [bound, smiles] of Object.entries(extremes)) {
      const { result, worstMs } = await whileHealthPolled(server.url, () =>
        gql(server.graphqlUrl, whatIf, { smiles }),
      );
      expect(result.body.errors![0]!.extensions, bound).toMatchObject({
        code: "BAD_USER_INPUT",
        argument: "input.drugs[0].smiles",
        bound,
      });
      expect(worstMs).toBeLessThan(HEALTH_BAR_MS);
    }
    expect(scorer.inputs.length).toBe(scored);
    const ok = await gql(server.graphqlUrl, whatIf, { smiles: "CC(=O)Oc1ccccc1C(=O)O" });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.predictOutcome.probability).toBeGreaterThan(0);
  });

  it("class 4: a what-if with an unparsable SMILES is rejected before scoring (regression: scored and cached)", async () => {
    const scored = scorer.inputs.length;
    for (let i = 0; i < 20; i++) {
      const { body } = await gql(server.graphqlUrl, whatIf, { smiles: `C1CC(${i}` });
      expect(body.errors![0]!.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        reason: "UNPARSABLE_SMILES",
      });
    }
    expect(scorer.inputs.length).toBe(scored);
  });
});

/** A model that takes `ms` per call, like a busy CPU encoder. */
class SlowScorer extends FakeScorer {
  constructor(private readonly ms: number) {
    super(32);
  }
  override async scoreMany(inputs: TrialModelInput[]): Promise<TrialScore[]> {
    await new Promise((r) => setTimeout(r, this.ms));
    return super.scoreMany(inputs);
  }
}

describe("overload (issue 14, class 5)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await createServer({
      config: testConfig({
        modelConcurrency: 1,
        modelQueue: 2,
        requestTimeoutMs: 600,
        headersTimeoutMs: 600,
      }),
      executor: fakeExecutor({ up: true }),
      scorer: new SlowScorer(300),
      graph: fakeGraph([fakeTrial(1)]),
    });
  });
  afterAll(async () => server?.stop());

  it("model work beyond the queue limit gets 503 with Retry-After at once; /health stays fast", async () => {
    const burst = () =>
      Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          fetch(server.graphqlUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              query: `{ predictOutcome(nearest: 0, input: { phase: "phase 2", inclusionCriteria: "adults ${i}",
                drugs: [], diseases: [] }) { probability } }`,
            }),
          }).then(async (res) => ({
            res,
            body: (await res.json()) as { errors?: { extensions: { code: string } }[] },
          })),
        ),
      );
    const { result, worstMs } = await whileHealthPolled(server.url, burst);
    const refused = result.filter((r) => r.res.status === 503);
    const served = result.filter((r) => r.res.status === 200 && !r.body.errors);
    expect(served.length).toBe(3); // one running, two queued
    expect(refused.length).toBe(5);
    expect(refused[0]!.res.headers.get("retry-after")).toBe("1");
    expect(refused[0]!.body.errors![0]!.extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect(worstMs).toBeLessThan(HEALTH_BAR_MS);
  });

  it("a client that trickles its body is answered 408 and cut (regression: held open > 60 s)", async () => {
    const url = new URL(server.graphqlUrl);
    const t0 = performance.now();
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
        );
      });
      let text = "";
      socket.on("data", (d) => (text += d.toString()));
      socket.on("close", () => resolve(text));
      socket.on("error", () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(performance.now() - t0).toBeLessThan(3_000);
  });
});
