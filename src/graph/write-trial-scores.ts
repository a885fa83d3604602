// Writes model outputs onto Trial nodes in batched, parameterised transactions.
// Idempotent: writing the same rows again leaves the graph unchanged.
import type { Driver } from "neo4j-driver";
import { writeRows } from "./read-query.js";

export interface TrialScoreRow {
  nctId: string;
  probability: number;
  /** L2-normalised embedding; stored as LIST<FLOAT> for the vector index. */
  embedding: number[];
  modelVersion: string;
  /** Per-phase model that produced the probability, e.g. "phase 2". */
  phaseModel?: string | null;
}

export async function writeTrialScores(
  driver: Driver,
  rows: readonly TrialScoreRow[],
  options: { database?: string; batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let written = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize).map((r) => ({
      nctId: r.nctId,
      probability: r.probability,
      embedding: r.embedding,
      modelVersion: r.modelVersion,
      phaseModel: r.phaseModel ?? null,
    }));
    await writeRows(
      { driver, database: options.database },
      `UNWIND $rows AS row
       MATCH (t:Trial {nctId: row.nctId})
       SET t.successProbability = row.probability, t.embedding = row.embedding,
           t.modelVersion = row.modelVersion, t.phaseModel = row.phaseModel`,
      { rows: batch },
    );
    written += batch.length;
  }
  return written;
}

/** Removes stored model outputs from the given trials (tests, and re-scoring from scratch). */
export async function clearTrialScores(
  driver: Driver,
  ids: readonly string[],
  options: { database?: string } = {},
): Promise<void> {
  await writeRows(
    { driver, database: options.database },
    `UNWIND $ids AS id MATCH (t:Trial {nctId: id})
     REMOVE t.successProbability, t.embedding, t.modelVersion, t.phaseModel`,
    { ids: [...ids] },
  );
}
