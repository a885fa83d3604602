/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON responses and errors are checked field by field */
// The HTTP server with an in-memory graph and a fake scorer: limits, error codes, paging,
// batching, health and the offline IDE page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../../src/http/server.js";
import { GraphUnavailableError } from "../../../src/graph/graph-errors.js";
import { BAD_SMILES, fakeExecutor, fakeGraph, FakeScorer, fakeTrial, gql, testConfig } from "./fakes.js";

const trials = Array.from({ length: 120 }, (_, i) => fakeTrial(i + 1));
// Trial 1 carries a stored score of the loaded model version; the rest must be computed.
trials[0] = fakeTrial(1, { successProbability: 0.25, modelVersion: "fake-1", phaseModel: "phase 1" });

describe("GraphQL server (fakes)", () => {
  const scorer = new FakeScorer(32);
  const graph = fakeGraph(trials);
  const neo4j = { up: true };
  let server: RunningServer;

  beforeAll(async () => {
    server = await createServer({
      config: testConfig({
        maxPageSize: 200,
        maxNeighbours: 20,
        maxCriteriaChars: 1000,
        bodyLimitBytes: 64 * 1024,
        maxDepth: 6,
        maxComplexity: 3000,
        corsOrigins: ["http://allowed.example"],
      }),
      executor: fakeExecutor(neo4j),
      scorer,
      graph,
    });
  });
  afterAll(async () => server?.stop());

  it("returns a trial with a stored prediction of the loaded model version", async () => {
    const { body } = await gql(
      server.graphqlUrl,
      `{ trial(nctId: "NCT00000001") { nctId outcomePrediction { probability source phaseModel } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.trial).toEqual({
      nctId: "NCT00000001",
      outcomePrediction: { probability: 0.25, source: "STORED", phaseModel: "phase 1" },
    });
  });

  it("unknown nctId: null plus NOT_FOUND naming the id; malformed: BAD_USER_INPUT", async () => {
    const missing = await gql(server.graphqlUrl, `{ trial(nctId: "NCT99999999") { nctId } }`);
    expect(missing.body.data!.trial).toBeNull();
    expect(missing.body.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", value: "NCT99999999" });
    const bad = await gql(server.graphqlUrl, `{ trial(nctId: "DROP ALL") { nctId } }`);
    expect(bad.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", value: "DROP ALL" });
  });

  it("a mutation is BAD_USER_INPUT naming the operation, not an internal error (regression)", async () => {
    const res = await gql(server.graphqlUrl, `mutation { predictOutcome { probability } }`);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", value: "mutation" });
    expect(res.body.errors![0]!.message).toMatch(/read-only/);
  });

  it("scores the 99 unstored trials of one query in one scoreMany call, each node its own score", async () => {
    scorer.scoreManyCalls = [];
    const { body } = await gql(
      server.graphqlUrl,
      `{ trials(first: 100, filter: {}) { edges { node { nctId outcomePrediction { probability source } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.trials.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(100);
    // trial 1 is stored, the other 99 are computed together
    expect(scorer.scoreManyCalls).toEqual([99]);
    // each node gets its own trial's score back from the batch (the fake's probability follows the
    // criteria length, i.e. the trial number), not a neighbour's; the stored one is served as is
    const want = nodes.map((_n: any, i: number) => (i === 0 ? 0.25 : (((i + 1) % 100) + 0.5) / 101));
    expect(nodes.map((n: any) => n.outcomePrediction.probability)).toEqual(want);
    expect(nodes[0].outcomePrediction.source).toBe("STORED");
    expect(nodes[1].outcomePrediction.source).toBe("COMPUTED");
  });

  it("pages with cursors: endCursor continues where the page ended, totalCount over all pages", async () => {
    const q = `query($after: String) { trials(first: 50, after: $after, filter: { phase: "phase 1" }) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { nctId } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { body } = await gql(server.graphqlUrl, q, { after });
      expect(body.errors).toBeUndefined();
      const page = body.data!.trials;
      expect(page.totalCount).toBe(60);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((e: any) => e.node.nctId));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(60);
    const reused = await gql(
      server.graphqlUrl,
      `query($a: String) { trials(first: 5, after: $a, filter: { phase: "phase 2" }) { edges { cursor } } }`,
      { a: after },
    );
    expect(reused.body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("a text search without orderBy is ranked by relevance (its cursors continue RELEVANCE, not nctId order)", async () => {
    const q = `query($a: String, $o: TrialOrderBy) {
      trials(first: 5, after: $a, orderBy: $o, filter: { text: "glioma" }) { pageInfo { endCursor } } }`;
    const first = await gql(server.graphqlUrl, q, {});
    expect(first.body.errors).toBeUndefined();
    const after = first.body.data!.trials.pageInfo.endCursor;
    const asRelevance = await gql(server.graphqlUrl, q, { a: after, o: "RELEVANCE" });
    expect(asRelevance.body.errors).toBeUndefined();
    const asNctId = await gql(server.graphqlUrl, q, { a: after, o: "NCT_ID_ASC" });
    expect(asNctId.body.errors![0]!.message).toMatch(/another order/);
  });

  it("caps first / limit / k / criteria length with BAD_USER_INPUT and the offending value", async () => {
    const cases: [string, unknown][] = [
      [`{ trials(first: 201) { edges { cursor } } }`, 201],
      [`{ trialList(limit: 501) { nctId } }`, 501],
      [`{ trial(nctId: "NCT00000002") { similarTrials(k: 21) { score } } }`, 21],
      [`{ trials(filter: { outcome: 2 }) { edges { cursor } } }`, 2],
      [`{ trials(filter: { minProbability: 1.5 }) { edges { cursor } } }`, 1.5],
    ];
    for (const [query, value] of cases) {
      const { body } = await gql(server.graphqlUrl, query);
      expect(body.errors?.[0]?.extensions, query).toMatchObject({ code: "BAD_USER_INPUT", value });
    }
    const long = await gql(
      server.graphqlUrl,
      `query($i: String!) { predictOutcome(input: { phase: "phase 2", inclusionCriteria: $i }) { probability } }`,
      { i: "a".repeat(1001) },
    );
    expect(long.body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "input.inclusionCriteria",
      length: 1001,
      limit: 1000,
    });
  });

  it("rejects queries deeper than maxDepth and costlier than maxComplexity before running them", async () => {
    graph.calls.length = 0;
    const deep = await gql(
      server.graphqlUrl,
      `{ trial(nctId: "NCT00000002") { similarTrials { trial { similarTrials { trial { similarTrials { trial { nctId } } } } } } } }`,
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors![0]!.extensions).toMatchObject({
      code: "GRAPHQL_VALIDATION_FAILED",
      reason: "MAX_DEPTH",
      depth: 8,
      limit: 6,
    });
    const costly = await gql(
      server.graphqlUrl,
      `{ trials(first: 200) { edges { node { similarTrials(k: 20) { score } } } } }`,
    );
    expect(costly.status).toBe(400);
    expect(costly.body.errors![0]!.extensions).toMatchObject({
      code: "GRAPHQL_VALIDATION_FAILED",
      reason: "MAX_COMPLEXITY",
      limit: 3000,
    });
    expect(costly.body.errors![0]!.extensions.complexity).toBeGreaterThan(3000);
    expect(graph.calls).toEqual([]);
  });

  it("introspection (deep by nature) is not counted against the depth limit", async () => {
    const { body } = await gql(
      server.graphqlUrl,
      `{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }`,
    );
    expect(body.errors).toBeUndefined();
  });

  it("predictOutcome: a typed invalid SMILES is BAD_USER_INPUT with the SMILES; unknown names fall back", async () => {
    const bad = await gql(
      server.graphqlUrl,
      `query($s: String) { predictOutcome(input: { phase: "phase 2", drugs: [{ name: "x", smiles: $s }] }) { probability } }`,
      { s: BAD_SMILES },
    );
    expect(bad.body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      value: BAD_SMILES,
      argument: "input.drugs[0].smiles",
    });

    const ok = await gql(
      server.graphqlUrl,
      `{ predictOutcome(input: { phase: "Phase 2", inclusionCriteria: "adults", drugs: [{ name: "Ethanol" }, { name: "no-such-drug-xyz" }],
          diseases: [{ name: "glioma", icdCodes: ["C71.9"] }] }, nearest: 3) {
        probability modelVersion phaseModel drugs { name smiles source } fallbacks { kind value } nearestTrials { trial { nctId } score } } }`,
    );
    expect(ok.body.errors).toBeUndefined();
    const r = ok.body.data!.predictOutcome;
    expect(r.modelVersion).toBe("fake-1");
    expect(r.phaseModel).toBe("phase 2");
    expect(r.drugs).toEqual([
      { name: "Ethanol", smiles: "CCO", source: "GRAPH" },
      { name: "no-such-drug-xyz", smiles: null, source: "UNRESOLVED" },
    ]);
    expect(r.fallbacks).toContainEqual({ kind: "UNRESOLVED_DRUG", value: "no-such-drug-xyz" });
    expect(r.nearestTrials).toHaveLength(3);
  });

  it("rejects a body over the limit with 413 and stays up", async () => {
    const res = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `{ trial(nctId: "NCT00000001") { nctId } }`,
        variables: { pad: "x".repeat(100 * 1024) },
      }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    const after = await gql(server.graphqlUrl, `{ trial(nctId: "NCT00000001") { nctId } }`);
    expect(after.body.data!.trial.nctId).toBe("NCT00000001");
  });

  it("keeps CSRF prevention on: a simple GET without a preflight header is refused", async () => {
    const res = await fetch(
      `${server.graphqlUrl}?query=${encodeURIComponent('{ trial(nctId: "NCT00000001") { nctId } }')}`,
    );
    expect(res.status).toBe(400);
    const ok = await fetch(
      `${server.graphqlUrl}?query=${encodeURIComponent('{ trial(nctId: "NCT00000001") { nctId } }')}`,
      {
        headers: { "apollo-require-preflight": "true" },
      },
    );
    expect(ok.status).toBe(200);
  });

  it("answers CORS only for configured origins", async () => {
    const allowed = await fetch(server.graphqlUrl, {
      method: "OPTIONS",
      headers: { origin: "http://allowed.example" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://allowed.example");
    const other = await fetch(server.graphqlUrl, {
      method: "OPTIONS",
      headers: { origin: "http://evil.example" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves the offline GraphiQL page at / with no external resources", async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div id="graphiql"');
    expect(html).toMatch(/src="\/assets\/graphiql\.js\?v=\w+"/);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/cdn|apollographql\.com|unpkg|jsdelivr/i);
  });

  it("health reports neo4j, model and scorer stats; ready follows Neo4j and recovers", async () => {
    const health = (await (await fetch(`${server.url}health`)).json()) as any;
    expect(health).toMatchObject({
      status: "ok",
      neo4j: { reachable: true },
      model: { modelVersion: "fake-1", executionProvider: "cpu" },
    });
    expect(health.scorer.onnxRuns).toBeGreaterThan(0);
    expect((await fetch(`${server.url}health/ready`)).status).toBe(200);
    neo4j.up = false;
    const down = await fetch(`${server.url}health/ready`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as any).ready).toBe(false);
    neo4j.up = true;
    expect((await fetch(`${server.url}health/ready`)).status).toBe(200);
  });
});

describe("GraphQL server when Neo4j is unreachable", () => {
  it("answers SERVICE_UNAVAILABLE and stays up", async () => {
    // What the executor turns a refused, cut or hanging connection into.
    const unreachable = () => new GraphUnavailableError("Neo4j is unavailable: Could not perform discovery");
    const server = await createServer({
      config: testConfig(),
      executor: fakeExecutor({ up: false }),
      scorer: new FakeScorer(),
      graph: fakeGraph(trials, unreachable),
    });
    try {
      const { status, body } = await gql(server.graphqlUrl, `{ trial(nctId: "NCT00000001") { nctId } }`);
      expect(status).toBe(200);
      expect(body.errors![0]!.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", service: "neo4j" });
      expect(body.errors![0]!.message).not.toContain("discovery");
      const health = (await (await fetch(`${server.url}health`)).json()) as any;
      expect(health.status).toBe("degraded");
      expect(health.neo4j.reachable).toBe(false);
    } finally {
      await server.stop();
    }
  });
});
