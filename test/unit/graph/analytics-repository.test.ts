// Materialised analytics views on an executor that keeps the stored views and the data version in
// memory: a view stored at the current version is read, not computed; a stale or missing one is
// computed once (concurrent requests share it) and stored with the version read before the scan;
// byDrug beyond the stored top is computed on the spot; refresh recomputes all three.
import { describe, expect, it } from "vitest";
import { AnalyticsRepository, MATERIALISED_TOP_DRUGS } from "../../../src/graph/analytics-repository.js";
import { intParam, recordingExecutor } from "./recording-executor.js";

const COMPUTE_TIMEOUT_MS = 120_000;

function group(key: string, trialCount: number, withOutcome = 2, successes = 1) {
  return { key, label: null, trialCount, withOutcome, successes, scoredCount: 0, predictedMean: null };
}

/** The graph's side of the views: `version` is the data version, `views` what is stored. */
function viewsGraph(version: number | null, computed: Record<string, Record<string, unknown>[]>) {
  const views = new Map<string, { version: number; rows: string }>();
  const rec = recordingExecutor((cypher, params) => {
    if (cypher.includes("OPTIONAL MATCH (v:AnalyticsView")) {
      const v = views.get(params.name as string);
      return [{ current: version, version: v?.version ?? null, rows: v?.rows ?? null }];
    }
    if (cypher.startsWith("OPTIONAL MATCH (m:GraphMeta {key: 'data'}) RETURN m.version AS v"))
      return [{ v: version }];
    if (cypher.startsWith("MERGE (v:AnalyticsView")) {
      views.set(params.name as string, { version: intParam(params.version), rows: params.rows as string });
      return [];
    }
    if (cypher.includes("ch:IcdCode")) return computed.byIcdChapter ?? [];
    if (cypher.includes(":TESTS]->(d:Drug)")) return computed.byDrug ?? [];
    if (cypher.includes("coalesce(t.phase, 'unknown')")) return computed.byPhase ?? [];
    throw new Error(`unexpected query: ${cypher}`);
  });
  const computes = () =>
    rec.reads().filter((c) => c.timeoutMs === COMPUTE_TIMEOUT_MS && !c.cypher.includes("AnalyticsView"));
  return { ...rec, views, computes, setVersion: (v: number) => (version = v) };
}

const phases = [group("phase 1", 3), group("phase 2", 5, 0, 0)];

describe("AnalyticsRepository", () => {
  it("computes a missing view with the job deadline, adds rates and labels, and stores it at the current version", async () => {
    const g = viewsGraph(4, { byPhase: phases });
    const rows = await new AnalyticsRepository(g.executor).byPhase();
    expect(rows).toEqual([
      { ...phases[0], observedSuccessRate: 0.5 },
      { ...phases[1], observedSuccessRate: null },
    ]);
    expect(g.computes()).toHaveLength(1);
    expect(g.views.get("byPhase")).toEqual({ version: 4, rows: JSON.stringify(rows) });
    const lookup = g.reads()[0]!;
    expect(lookup.params).toEqual({ name: "byPhase" });
    expect(lookup.cypher).toContain("RETURN m.version AS current, v.version AS version, v.rows AS rows");
    const store = g.writes()[0]!;
    expect(store.cypher).toContain("SET v.version = $version, v.rows = $rows");
  });

  it("a view stored at the current version is read back without computing", async () => {
    const g = viewsGraph(4, { byPhase: phases });
    const repo = new AnalyticsRepository(g.executor);
    const first = await repo.byPhase();
    const again = await repo.byPhase();
    expect(again).toEqual(first);
    expect(g.computes()).toHaveLength(1);
    expect(g.writes()).toHaveLength(1);
  });

  it("a write since (a higher version) makes the stored view stale: computed again and stored at the new version", async () => {
    const g = viewsGraph(4, { byPhase: phases });
    const repo = new AnalyticsRepository(g.executor);
    await repo.byPhase();
    g.setVersion(5);
    await repo.byPhase();
    expect(g.computes()).toHaveLength(2);
    expect(g.views.get("byPhase")!.version).toBe(5);
  });

  it("a graph without a version counter is version 0: the stored view holds", async () => {
    const g = viewsGraph(null, { byIcdChapter: [{ ...group("C", 2), label: "Neoplasms" }] });
    const repo = new AnalyticsRepository(g.executor);
    const rows = await repo.byIcdChapter();
    expect(rows[0]!.label).toBe("Neoplasms");
    expect(g.views.get("byIcdChapter")!.version).toBe(0);
    await repo.byIcdChapter();
    expect(g.computes()).toHaveLength(1);
  });

  it("no row at all for the stored view or the version (a driver answering nothing): computed, stored at version 0", async () => {
    const rec = recordingExecutor((cypher) => (cypher.includes("coalesce(t.phase") ? phases : []));
    expect(await new AnalyticsRepository(rec.executor).byPhase()).toHaveLength(2);
    const store = rec.writes()[0]!;
    expect(store.params.name).toBe("byPhase");
    expect(intParam(store.params.version)).toBe(0);
  });

  it("a view row whose label is missing gets null", async () => {
    const noLabel: Record<string, unknown> = { ...group("C", 2) };
    delete noLabel.label;
    const g = viewsGraph(1, { byIcdChapter: [noLabel] });
    expect((await new AnalyticsRepository(g.executor).byIcdChapter())[0]!.label).toBeNull();
  });

  it("concurrent requests for a stale view share one computation; a later stale one computes again", async () => {
    const g = viewsGraph(1, { byPhase: phases });
    const repo = new AnalyticsRepository(g.executor);
    const [a, b] = await Promise.all([repo.byPhase(), repo.byPhase()]);
    expect(a).toBe(b);
    expect(g.computes()).toHaveLength(1);
    g.setVersion(2);
    await repo.byPhase();
    expect(g.computes()).toHaveLength(2);
  });

  it("a failed computation is not kept: the next request tries again", async () => {
    let fail = true;
    const g = viewsGraph(1, { byPhase: phases });
    const read = g.executor.read.bind(g.executor);
    g.executor.read = (async (
      cypher: string,
      params?: Record<string, unknown>,
      o?: { timeoutMs?: number },
    ) => {
      if (fail && cypher.includes("coalesce(t.phase")) throw new Error("boom");
      return read(cypher, params, o);
    }) as typeof g.executor.read;
    const repo = new AnalyticsRepository(g.executor);
    await expect(repo.byPhase()).rejects.toThrow("boom");
    fail = false;
    expect(await repo.byPhase()).toHaveLength(2);
  });

  it("byDrug up to the stored top slices the stored view; beyond it computes with that top, stores nothing", async () => {
    const drugs = [group("a", 9), group("b", 8), group("c", 7)];
    const g = viewsGraph(1, { byDrug: drugs });
    const repo = new AnalyticsRepository(g.executor);
    expect((await repo.byDrug(2)).map((r) => r.key)).toEqual(["a", "b"]);
    const stored = g.computes()[0]!;
    expect(intParam(stored.params.top)).toBe(MATERIALISED_TOP_DRUGS);
    expect((await repo.byDrug(MATERIALISED_TOP_DRUGS)).map((r) => r.key)).toEqual(["a", "b", "c"]);
    expect(g.computes()).toHaveLength(1);
    const writesBefore = g.writes().length;
    await repo.byDrug(MATERIALISED_TOP_DRUGS + 1);
    expect(g.computes()).toHaveLength(2);
    expect(intParam(g.computes()[1]!.params.top)).toBe(MATERIALISED_TOP_DRUGS + 1);
    expect(g.writes()).toHaveLength(writesBefore);
  });

  it("refresh recomputes and stores all three views, even fresh ones", async () => {
    const g = viewsGraph(3, { byPhase: phases, byDrug: [group("a", 1)], byIcdChapter: [group("C", 1)] });
    const repo = new AnalyticsRepository(g.executor);
    await repo.byPhase();
    await repo.refresh();
    expect(g.computes()).toHaveLength(4);
    expect([...g.views.keys()].sort()).toEqual(["byDrug", "byIcdChapter", "byPhase"]);
    expect(g.writes().map((w) => w.params.name)).toEqual(["byPhase", "byPhase", "byIcdChapter", "byDrug"]);
  });
});
