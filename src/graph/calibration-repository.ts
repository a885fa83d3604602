// The reliability (calibration) curve of the stored scores: trials with an observed outcome and a
// stored probability, in equal-width probability bins, each with its mean predicted probability
// and observed success rate. On the test split this is the served model's reliability on trials no
// training step saw (each scored by its own phase's model, as the evaluation does).
import { int, type Executor } from "./executor.js";

export interface CalibrationBinRow {
  /** Bin bounds: [lower, upper), the last bin includes 1. */
  lower: number;
  upper: number;
  trialCount: number;
  meanPredicted: number;
  observedSuccessRate: number;
}

export class CalibrationRepository {
  constructor(private readonly executor: Executor) {}

  /** Non-empty bins only, lowest first; `split` null means every trial. */
  async bins(binCount: number, split: string | null): Promise<CalibrationBinRow[]> {
    const rows = await this.executor.read<{
      bin: number;
      trialCount: number;
      meanPredicted: number;
      successes: number;
    }>(
      `MATCH (t:Trial)
       WHERE t.successProbability IS NOT NULL AND t.outcome IS NOT NULL AND ($split IS NULL OR t.split = $split)
       WITH t, CASE WHEN t.successProbability >= 1.0 THEN $bins - 1
                    ELSE toInteger(floor(t.successProbability * $bins)) END AS bin
       RETURN bin, count(t) AS trialCount, avg(t.successProbability) AS meanPredicted,
              sum(CASE WHEN t.outcome = 1 THEN 1 ELSE 0 END) AS successes
       ORDER BY bin`,
      { bins: int(binCount), split },
    );
    return rows.map((r) => ({
      lower: r.bin / binCount,
      upper: (r.bin + 1) / binCount,
      trialCount: r.trialCount,
      meanPredicted: r.meanPredicted,
      observedSuccessRate: r.successes / r.trialCount,
    }));
  }
}
