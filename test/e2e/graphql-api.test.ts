/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON responses are checked field by field */
// End to end over HTTP against the run's real Neo4j, seeded with the real loader: filters, cursor
// paging, catalog lookups, analytics, the safety limits and Neo4j outages. The model is faked
// here (graphql-model.test.ts covers the real ONNX scorer); every answer is checked against the graph.
import type { Executor } from "../../src/graph/executor.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../src/http/server.js";
import { createRepositories } from "../../src/graph/repositories.js";
import { createExecutor } from "../../src/graph/executor.js";
import { e2eConfig, e2eExecutor, ensureSeeded } from "./support/e2e-platform.js";
import { TcpToggleProxy } from "./support/tcp-toggle-proxy.js";
import { FakeScorer, gql } from "../unit/graphql/fakes.js";

let executor: Executor;
let server: RunningServer;
let totalTrials: number;
const config = e2eConfig({
  maxPageSize: 500,
  maxDepth: 8,
  maxCriteriaChars: 2000,
  bodyLimitBytes: 128 * 1024,
});

async function one<T>(cypher: string, params: Record<string, unknown> = {}): Promise<T> {
  return (await executor.read<Record<string, T>>(cypher, params))[0]!.v as T;
}

beforeAll(async () => {
  executor = e2eExecutor(config);
  totalTrials = await ensureSeeded(executor);
  server = await createServer({
    config,
    executor,
    graph: createRepositories(executor),
    scorer: new FakeScorer(),
  });
});

afterAll(async () => {
  await server?.stop();
  await executor.close();
});

describe("trials over HTTP against the seeded graph", () => {
  it("counts with filters equal the graph's own counts", async () => {
    const cases: [Record<string, unknown>, string, Record<string, unknown>][] = [
      [{}, "MATCH (t:Trial) RETURN count(t) AS v", {}],
      [{ phase: "phase 2" }, "MATCH (t:Trial {phase: 'phase 2'}) RETURN count(t) AS v", {}],
      [{ outcome: 1 }, "MATCH (t:Trial) WHERE t.outcome = 1 RETURN count(t) AS v", {}],
      [{ hasOutcome: false }, "MATCH (t:Trial) WHERE t.outcome IS NULL RETURN count(t) AS v", {}],
      [
        { icdPrefix: "C" },
        "MATCH (t:Trial) WHERE EXISTS { (t)-[:STUDIES]->(:Disease)-[:CODED_AS]->(c:IcdCode) WHERE c.code STARTS WITH 'C' } RETURN count(t) AS v",
        {},
      ],
    ];
    for (const [filter, cypher, params] of cases) {
      const { body } = await gql(
        server.graphqlUrl,
        `query($f: TrialFilterInput) { trials(filter: $f, first: 1) { totalCount } }`,
        { f: filter },
      );
      expect(body.errors, JSON.stringify(filter)).toBeUndefined();
      expect(body.data!.trials.totalCount, JSON.stringify(filter)).toBe(await one<number>(cypher, params));
    }
    expect(totalTrials).toBeGreaterThan(3000);
  });

  it("pages through a filtered list with cursors: every trial once, in nctId order", async () => {
    const expected = await executor.read<{ id: string }>(
      "MATCH (t:Trial {phase: 'phase 1'}) RETURN t.nctId AS id ORDER BY id",
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const { body } = await gql(
        server.graphqlUrl,
        `query($after: String) { trials(first: 300, after: $after, filter: { phase: "phase 1" }) {
           pageInfo { hasNextPage endCursor } edges { node { nctId } } } }`,
        { after },
      );
      expect(body.errors).toBeUndefined();
      seen.push(...body.data!.trials.edges.map((e: any) => e.node.nctId));
      if (!body.data!.trials.pageInfo.hasNextPage) break;
      after = body.data!.trials.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected.map((r) => r.id));
  });

  it("filters by drug and disease name (case-insensitive) to exactly the linked trials", async () => {
    const [drug] = await executor.read<{ name: string; n: number }>(
      "MATCH (d:Drug)<-[:TESTS]-(t:Trial) WITH d, count(t) AS n WHERE 3 <= n <= 200 RETURN d.name AS name, n ORDER BY n DESC, name LIMIT 1",
    );
    const { body } = await gql(
      server.graphqlUrl,
      `query($d: String) { trialList(filter: { drug: $d }, limit: 500) { nctId drugs { name } } }`,
      {
        d: drug!.name.toUpperCase(),
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.trialList).toHaveLength(drug!.n);
    for (const t of body.data!.trialList) expect(t.drugs.map((d: any) => d.name)).toContain(drug!.name);

    const [disease] = await executor.read<{ name: string; n: number }>(
      "MATCH (s:Disease)<-[:STUDIES]-(t:Trial) WITH s, count(t) AS n WHERE n >= 3 RETURN s.name AS name, n ORDER BY n DESC, name LIMIT 1",
    );
    const res = await gql(
      server.graphqlUrl,
      `query($d: String) { trials(filter: { disease: $d }) { totalCount } }`,
      { d: disease!.name },
    );
    expect(res.body.data!.trials.totalCount).toBe(disease!.n);
  });

  it("full-text criteria search finds trials whose criteria hold every word", async () => {
    const { body } = await gql(
      server.graphqlUrl,
      `{ trials(first: 50, filter: { text: "pregnant women" }, orderBy: RELEVANCE) { totalCount edges { node { inclusionCriteria exclusionCriteria } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.trials.totalCount).toBeGreaterThan(10);
    for (const e of body.data!.trials.edges) {
      const text = `${e.node.inclusionCriteria} ${e.node.exclusionCriteria}`.toLowerCase();
      expect(text).toMatch(/\bpregnant\b/);
      expect(text).toMatch(/\bwomen\b/);
    }
    // Lucene syntax in user text is searched literally, not parsed (no error).
    const odd = await gql(
      server.graphqlUrl,
      `{ trials(first: 1, filter: { text: "AND OR ( [ \\"" }) { totalCount } }`,
    );
    expect(odd.body.errors).toBeUndefined();
  });

  it("returns a trial with drugs, diseases and ICD codes as in the graph; unknown id -> NOT_FOUND", async () => {
    const [row] = await executor.read<{
      id: string;
      drugs: string[];
      codes: string[];
    }>(`MATCH (t:Trial)-[:TESTS]->(d:Drug) WITH t, collect(d.name) AS drugs
       MATCH (t)-[:STUDIES]->(:Disease)-[:CODED_AS]->(c:IcdCode)
       RETURN t.nctId AS id, drugs, collect(DISTINCT c.code) AS codes ORDER BY id LIMIT 1`);
    const { body } = await gql(
      server.graphqlUrl,
      `query($id: String!) { trial(nctId: $id) { nctId phase drugs { name } diseases { name icdCodes { code } } } }`,
      { id: row!.id },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.trial.drugs.map((d: any) => d.name).sort()).toEqual([...row!.drugs].sort());
    const codes = body.data!.trial.diseases.flatMap((d: any) => d.icdCodes.map((c: any) => c.code));
    expect(new Set(codes)).toEqual(new Set(row!.codes));

    const missing = await gql(server.graphqlUrl, `{ trial(nctId: "NCT00000000") { nctId } }`);
    expect(missing.body.data!.trial).toBeNull();
    expect(missing.body.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", value: "NCT00000000" });
  });
});

describe("catalog and analytics against the seeded graph", () => {
  it("drug(name) reports its trials and observed success rate", async () => {
    const [d] = await executor.read<{
      name: string;
      n: number;
      known: number;
      ok: number;
    }>(`MATCH (d:Drug)<-[:TESTS]-(t:Trial) WITH d, collect(t) AS ts WHERE 5 <= size(ts) <= 200
       RETURN d.name AS name, size(ts) AS n, size([x IN ts WHERE x.outcome IS NOT NULL]) AS known,
              size([x IN ts WHERE x.outcome = 1]) AS ok ORDER BY n DESC, name LIMIT 1`);
    const { body } = await gql(
      server.graphqlUrl,
      `query($n: String!) { drug(name: $n) { name stats { trialCount withOutcome successes observedSuccessRate } trials(limit: 500) { nctId } } }`,
      { n: d!.name },
    );
    expect(body.errors).toBeUndefined();
    const drug = body.data!.drug;
    expect(drug.stats).toEqual({
      trialCount: d!.n,
      withOutcome: d!.known,
      successes: d!.ok,
      observedSuccessRate: d!.known ? d!.ok / d!.known : null,
    });
    expect(drug.trials).toHaveLength(d!.n);
    const none = await gql(server.graphqlUrl, `{ drug(name: "no such drug at all") { name } }`);
    expect(none.body.errors![0]!.extensions).toMatchObject({
      code: "NOT_FOUND",
      value: "no such drug at all",
    });
  });

  it("icdCode walks IS_A both ways and counts trials below a category", async () => {
    const [c] = await executor.read<{
      code: string;
      parent: string;
      grandparent: string;
    }>(`MATCH (c:IcdCode)-[:IS_A]->(p:IcdCode)-[:IS_A]->(g:IcdCode) WHERE EXISTS { (c)<-[:CODED_AS]-(:Disease)<-[:STUDIES]-(:Trial) }
       RETURN c.code AS code, p.code AS parent, g.code AS grandparent ORDER BY code LIMIT 1`);
    const { body } = await gql(
      server.graphqlUrl,
      `query($p: String!) { icdCode(code: $p) { code parents { code } children { code } stats { trialCount } } }`,
      { p: c!.parent },
    );
    expect(body.errors).toBeUndefined();
    const icd = body.data!.icdCode;
    expect(icd.children.map((x: any) => x.code)).toContain(c!.code);
    expect(icd.parents).toHaveLength(1);
    expect(icd.parents[0].code).toBe(c!.grandparent);
    const below = await one<number>(
      `MATCH (:IcdCode {code: $p})<-[:IS_A*0..]-(:IcdCode)<-[:CODED_AS]-(:Disease)<-[:STUDIES]-(t:Trial) RETURN count(DISTINCT t) AS v`,
      { p: c!.parent },
    );
    expect(icd.stats.trialCount).toBe(below);
  });

  it("analytics by phase covers every trial once; chapters and drugs have sane rates", async () => {
    const { body } = await gql(
      server.graphqlUrl,
      `{ analytics { byPhase { key trialCount observedSuccessRate } byIcdChapter { key label trialCount observedSuccessRate }
         byDrug(top: 5) { key trialCount } modelCard { loadedModelVersion metrics { phase metric mean } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const a = body.data!.analytics;
    expect(a.byPhase.reduce((s: number, r: any) => s + r.trialCount, 0)).toBe(totalTrials);
    // Each phase's rate against a count of its own (not the view's aggregation): successes / trials
    // with an outcome, null where none has one.
    const truth = await executor.read<{ key: string; ok: number; known: number }>(
      `MATCH (t:Trial) WITH coalesce(t.phase, 'unknown') AS key, t
       RETURN key, sum(CASE WHEN t.outcome = 1 THEN 1 ELSE 0 END) AS ok, count(t.outcome) AS known`,
    );
    expect(a.byPhase.map((r: any) => r.key).sort()).toEqual(truth.map((r) => r.key).sort());
    for (const r of a.byPhase) {
      const want = truth.find((x) => x.key === r.key)!;
      if (want.known === 0) expect(r.observedSuccessRate, r.key).toBeNull();
      else expect(r.observedSuccessRate, r.key).toBeCloseTo(want.ok / want.known, 12);
    }
    expect(a.byPhase.some((r: any) => r.observedSuccessRate > 0 && r.observedSuccessRate < 1)).toBe(true);
    expect(a.byIcdChapter.map((r: any) => r.key)).toContain("C");
    expect(a.byIcdChapter.every((r: any) => /^[A-Z]$/.test(r.key))).toBe(true);
    expect(a.byDrug).toHaveLength(5);
    expect(a.byDrug[0].trialCount).toBeGreaterThanOrEqual(a.byDrug[4].trialCount);
    expect(a.modelCard.loadedModelVersion).toBe("fake-1");
  });
});

describe("bad input over HTTP gets its code; the server stays up", () => {
  it("first over the cap -> BAD_USER_INPUT with the value", async () => {
    const { body } = await gql(server.graphqlUrl, `{ trials(first: 501) { totalCount } }`);
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "first",
      value: 501,
      limit: 500,
    });
  });

  it("depth over the limit -> GRAPHQL_VALIDATION_FAILED (reason MAX_DEPTH), HTTP 400", async () => {
    const res = await gql(
      server.graphqlUrl,
      `{ drug(name: "x") { trials { drugs { trials { drugs { trials { drugs { trials { nctId } } } } } } } } }`,
    );
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({
      code: "GRAPHQL_VALIDATION_FAILED",
      reason: "MAX_DEPTH",
      depth: 9,
      limit: 8,
    });
  });

  it("criteria text too long -> BAD_USER_INPUT with the length", async () => {
    const { body } = await gql(
      server.graphqlUrl,
      `query($t: String) { trials(filter: { text: $t }) { totalCount } }`,
      { t: "word ".repeat(500) },
    );
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "filter.text",
      length: 2500,
      limit: 2000,
    });
    const planned = await gql(
      server.graphqlUrl,
      `query($e: String!) { predictOutcome(input: { phase: "phase 2", exclusionCriteria: $e }) { probability } }`,
      { e: "x".repeat(2001) },
    );
    expect(planned.body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "input.exclusionCriteria",
      length: 2001,
    });
  });

  it("body too large -> 413", async () => {
    const res = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: "{ trials { totalCount } }",
        variables: { pad: "x".repeat(200 * 1024) },
      }),
    });
    expect(res.status).toBe(413);
    const ok = await gql(server.graphqlUrl, `{ trials(first: 1) { totalCount } }`);
    expect(ok.body.data!.trials.totalCount).toBe(totalTrials);
  });
});

describe("Neo4j outages", () => {
  it("a server pointed at a closed port answers SERVICE_UNAVAILABLE and /health/ready is false", async () => {
    const closed = e2eConfig();
    closed.neo4j.uri = "bolt://127.0.0.1:1";
    const deadExecutor = createExecutor(closed.neo4j);
    const dead = await createServer({
      config: closed,
      executor: deadExecutor,
      graph: createRepositories(deadExecutor),
      scorer: new FakeScorer(),
    });
    try {
      const { status, body } = await gql(dead.graphqlUrl, `{ trials(first: 1) { totalCount } }`);
      expect(status).toBe(200);
      expect(body.errors![0]!.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", service: "neo4j" });
      const ready = await fetch(`${dead.url}health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as any).ready).toBe(false);
    } finally {
      await dead.stop();
      await deadExecutor.close();
    }
  });

  it("recovers by itself when Neo4j comes back", async () => {
    const bolt = new URL(config.neo4j.uri!);
    const proxy = new TcpToggleProxy(bolt.hostname, Number(bolt.port || 7687));
    await proxy.up();
    const viaProxy = e2eConfig();
    viaProxy.neo4j.uri = `bolt://127.0.0.1:${proxy.port}`;
    const proxiedExecutor = createExecutor(viaProxy.neo4j);
    const s = await createServer({
      config: viaProxy,
      executor: proxiedExecutor,
      graph: createRepositories(proxiedExecutor),
      scorer: new FakeScorer(),
    });
    const query = `{ trials(first: 1) { totalCount } }`;
    try {
      expect((await gql(s.graphqlUrl, query)).body.data!.trials.totalCount).toBe(totalTrials);
      await proxy.down();
      const down = await gql(s.graphqlUrl, query);
      expect(down.body.errors![0]!.extensions.code).toBe("SERVICE_UNAVAILABLE");
      expect((await fetch(`${s.url}health/ready`)).status).toBe(503);
      await proxy.up();
      expect((await fetch(`${s.url}health/ready`)).status).toBe(200);
      expect((await gql(s.graphqlUrl, query)).body.data!.trials.totalCount).toBe(totalTrials);
    } finally {
      await s.stop();
      await proxiedExecutor.close();
      await proxy.down();
    }
  });
});
