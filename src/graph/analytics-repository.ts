// Aggregates for the analytics query: observed success rate and mean stored probability grouped
// by phase, by ICD chapter (the top of the IS_A hierarchy) and by drug.
import { int, type Executor } from "./executor.js";
import { OUTCOME_STATS, withSuccessRate, type OutcomeStats, type RawOutcomeStats } from "./outcome-stats.js";

export interface GroupStats extends OutcomeStats {
  key: string;
  label: string | null;
}

type RawGroup = RawOutcomeStats & { key: string; label: string | null };

export class AnalyticsRepository {
  constructor(private readonly executor: Executor) {}

  async byPhase(): Promise<GroupStats[]> {
    return this.groups(
      `MATCH (t:Trial) WITH coalesce(t.phase, 'unknown') AS key, t
       RETURN key, null AS label, ${OUTCOME_STATS} ORDER BY key`,
    );
  }

  async byIcdChapter(): Promise<GroupStats[]> {
    // A trial counts once per chapter it touches, however many of its codes fall in that chapter.
    return this.groups(
      `MATCH (t:Trial)-[:STUDIES]->(:Disease)-[:CODED_AS]->(:IcdCode)-[:IS_A*0..]->(ch:IcdCode)
       WHERE NOT (ch)-[:IS_A]->(:IcdCode)
       WITH DISTINCT ch, t
       RETURN ch.code AS key, ch.description AS label, ${OUTCOME_STATS} ORDER BY key`,
    );
  }

  async byDrug(top: number): Promise<GroupStats[]> {
    return this.groups(
      `MATCH (t:Trial)-[:TESTS]->(d:Drug)
       WITH d.name AS key, t
       RETURN key, null AS label, ${OUTCOME_STATS} ORDER BY trialCount DESC, key LIMIT $top`,
      { top: int(top) },
    );
  }

  private async groups(cypher: string, params: Record<string, unknown> = {}): Promise<GroupStats[]> {
    const rows = await this.executor.read<RawGroup>(cypher, params);
    return rows.map((r) => withSuccessRate({ ...r, label: r.label ?? null }));
  }
}
