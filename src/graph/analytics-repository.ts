// Aggregates for the analytics query: observed success rate and mean stored probability grouped
// by phase, by ICD chapter (the top of the IS_A hierarchy) and by drug.
//
// Each view scans every trial, so it is materialised: stored as an (:AnalyticsView {name}) node
// with the data version it was computed at (src/graph/data-version.ts). A request reads the stored
// rows in one lookup; when a write has raised the version since, the first request recomputes and
// stores the view (one computation per process at a time), and the scoring job refreshes all views
// when it finishes. Every API process sees the same views: nothing is cached in a process.
import { int, type Executor } from "./executor.js";
import { OUTCOME_STATS, withSuccessRate, type OutcomeStats, type RawOutcomeStats } from "./outcome-stats.js";

export interface GroupStats extends OutcomeStats {
  key: string;
  label: string | null;
}

type RawGroup = RawOutcomeStats & { key: string; label: string | null };

/** Drugs kept in the materialised byDrug view; a larger `top` is computed on the spot. */
export const MATERIALISED_TOP_DRUGS = 500;

export type AnalyticsViewName = "byPhase" | "byIcdChapter" | "byDrug";

const VIEWS: Record<AnalyticsViewName, { cypher: string; params: Record<string, unknown> }> = {
  byPhase: {
    cypher: `MATCH (t:Trial) WITH coalesce(t.phase, 'unknown') AS key, t
       RETURN key, null AS label, ${OUTCOME_STATS} ORDER BY key`,
    params: {},
  },
  byIcdChapter: {
    // A trial counts once per chapter it touches, however many of its codes fall in that chapter.
    cypher: `MATCH (t:Trial)-[:STUDIES]->(:Disease)-[:CODED_AS]->(:IcdCode)-[:IS_A*0..]->(ch:IcdCode)
       WHERE NOT (ch)-[:IS_A]->(:IcdCode)
       WITH DISTINCT ch, t
       RETURN ch.code AS key, ch.description AS label, ${OUTCOME_STATS} ORDER BY key`,
    params: {},
  },
  byDrug: {
    cypher: `MATCH (t:Trial)-[:TESTS]->(d:Drug)
       WITH d.name AS key, t
       RETURN key, null AS label, ${OUTCOME_STATS} ORDER BY trialCount DESC, key LIMIT $top`,
    params: { top: int(MATERIALISED_TOP_DRUGS) },
  },
};

/** A whole view is computed with the job deadline: at a million trials it is a scan of seconds. */
const COMPUTE_TIMEOUT_MS = 120_000;

export class AnalyticsRepository {
  /** Computations in flight in this process, so concurrent requests share one. */
  private readonly computing = new Map<AnalyticsViewName, Promise<GroupStats[]>>();

  constructor(private readonly executor: Executor) {}

  async byPhase(): Promise<GroupStats[]> {
    return this.view("byPhase");
  }

  async byIcdChapter(): Promise<GroupStats[]> {
    return this.view("byIcdChapter");
  }

  async byDrug(top: number): Promise<GroupStats[]> {
    if (top > MATERIALISED_TOP_DRUGS) return this.compute("byDrug", { top: int(top) });
    return (await this.view("byDrug")).slice(0, top);
  }

  /** Recomputes and stores every view (the scoring job's last step, benchmarks). */
  async refresh(): Promise<void> {
    for (const name of Object.keys(VIEWS) as AnalyticsViewName[]) await this.recompute(name);
  }

  /** The stored rows when they match the current data version, else a fresh computation. */
  private async view(name: AnalyticsViewName): Promise<GroupStats[]> {
    const [row] = await this.executor.read<{
      current: number | null;
      version: number | null;
      rows: string | null;
    }>(
      `OPTIONAL MATCH (m:GraphMeta {key: 'data'})
       OPTIONAL MATCH (v:AnalyticsView {name: $name})
       RETURN m.version AS current, v.version AS version, v.rows AS rows`,
      { name },
    );
    if (row?.rows != null && row.version === (row.current ?? 0)) return JSON.parse(row.rows) as GroupStats[];
    return this.recompute(name);
  }

  private recompute(name: AnalyticsViewName): Promise<GroupStats[]> {
    const running = this.computing.get(name);
    if (running) return running;
    const work = (async () => {
      // The version is read before the scan: a write during the scan leaves the view stale, and the
      // next request computes it again, never the other way round.
      const [meta] = await this.executor.read<{ v: number | null }>(
        "OPTIONAL MATCH (m:GraphMeta {key: 'data'}) RETURN m.version AS v",
      );
      const rows = await this.compute(name, VIEWS[name].params);
      await this.executor.write(
        `MERGE (v:AnalyticsView {name: $name})
         SET v.version = $version, v.rows = $rows, v.computedAt = datetime()`,
        { name, version: int(meta?.v ?? 0), rows: JSON.stringify(rows) },
      );
      return rows;
    })();
    this.computing.set(name, work);
    const clear = () => this.computing.delete(name);
    work.then(clear, clear);
    return work;
  }

  private async compute(name: AnalyticsViewName, params: Record<string, unknown>): Promise<GroupStats[]> {
    const rows = await this.executor.read<RawGroup>(VIEWS[name].cypher, params, {
      timeoutMs: COMPUTE_TIMEOUT_MS,
    });
    return rows.map((r) => withSuccessRate({ ...r, label: r.label ?? null }));
  }
}
