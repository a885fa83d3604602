// Aggregates for the analytics query: observed success rate and mean stored probability
// grouped by phase, by ICD chapter (the top of the IS_A hierarchy) and by drug.
import { cypherInt, readRows, type GraphHandle } from "./read-query.js";

export interface GroupStats {
  key: string;
  label: string | null;
  trialCount: number;
  withOutcome: number;
  successes: number;
  observedSuccessRate: number | null;
  scoredCount: number;
  predictedMean: number | null;
}

const STATS = `count(DISTINCT t) AS trialCount,
  count(DISTINCT CASE WHEN t.outcome IS NOT NULL THEN t END) AS withOutcome,
  count(DISTINCT CASE WHEN t.outcome = 1 THEN t END) AS successes,
  count(DISTINCT CASE WHEN t.successProbability IS NOT NULL THEN t END) AS scoredCount,
  avg(t.successProbability) AS predictedMean`;

type RawGroup = Omit<GroupStats, "observedSuccessRate">;

function finish(rows: RawGroup[]): GroupStats[] {
  return rows.map((r) => ({
    ...r,
    label: r.label ?? null,
    predictedMean: r.predictedMean ?? null,
    observedSuccessRate: r.withOutcome > 0 ? r.successes / r.withOutcome : null,
  }));
}

export async function statsByPhase(graph: GraphHandle): Promise<GroupStats[]> {
  const rows = await readRows<RawGroup>(
    graph,
    `MATCH (t:Trial) WITH coalesce(t.phase, 'unknown') AS key, t
     RETURN key, null AS label, ${STATS} ORDER BY key`,
  );
  return finish(rows);
}

export async function statsByIcdChapter(graph: GraphHandle): Promise<GroupStats[]> {
  // A trial counts once per chapter it touches, however many of its codes fall in that chapter.
  const rows = await readRows<RawGroup>(
    graph,
    `MATCH (t:Trial)-[:STUDIES]->(:Disease)-[:CODED_AS]->(:IcdCode)-[:IS_A*0..]->(ch:IcdCode)
     WHERE NOT (ch)-[:IS_A]->(:IcdCode)
     WITH DISTINCT ch, t
     RETURN ch.code AS key, ch.description AS label, ${STATS} ORDER BY key`,
  );
  return finish(rows);
}

export async function statsByDrug(graph: GraphHandle, top: number): Promise<GroupStats[]> {
  const rows = await readRows<RawGroup>(
    graph,
    `MATCH (t:Trial)-[:TESTS]->(d:Drug)
     WITH d.name AS key, t
     RETURN key, null AS label, ${STATS} ORDER BY trialCount DESC, key LIMIT $top`,
    { top: cypherInt(top) },
  );
  return finish(rows);
}
