// Observed and predicted success over a group of trials: the one Cypher aggregation behind every
// statistic the API shows (catalog entities and the analytics groups), and its finishing step.

/** Outcome statistics over a set of trials. */
export interface OutcomeStats {
  trialCount: number;
  /** Trials with an observed outcome (0 or 1). */
  withOutcome: number;
  successes: number;
  /** successes / withOutcome, null when no trial has an outcome. */
  observedSuccessRate: number | null;
  /** Trials with a stored probability. */
  scoredCount: number;
  /** Mean stored successProbability, null when none is scored. */
  predictedMean: number | null;
}

/** Cypher aggregating trials bound to `t` into the raw OutcomeStats columns (the caller groups). */
export const OUTCOME_STATS = `count(DISTINCT t) AS trialCount,
  count(DISTINCT CASE WHEN t.outcome IS NOT NULL THEN t END) AS withOutcome,
  count(DISTINCT CASE WHEN t.outcome = 1 THEN t END) AS successes,
  count(DISTINCT CASE WHEN t.successProbability IS NOT NULL THEN t END) AS scoredCount,
  avg(t.successProbability) AS predictedMean`;

/** The OUTCOME_STATS column names, for queries that aggregate in a WITH and return them later. */
export const OUTCOME_STATS_COLUMNS = "trialCount, withOutcome, successes, scoredCount, predictedMean";

export type RawOutcomeStats = Omit<OutcomeStats, "observedSuccessRate">;

/** Adds the observed success rate to a row of OUTCOME_STATS columns. */
export function withSuccessRate<T extends RawOutcomeStats>(row: T): T & OutcomeStats {
  return {
    ...row,
    predictedMean: row.predictedMean ?? null,
    observedSuccessRate: row.withOutcome > 0 ? row.successes / row.withOutcome : null,
  };
}
