// The scoring job's side of the graph: which trials still need a score, their model inputs, and
// the model outputs written back onto Trial nodes in batched, idempotent transactions.
import { int, type Executor } from "./executor.js";
import { trialModelInput, type GraphTrialModelInput } from "./trial-model-input.js";
import type { TrialRepository } from "./trial-repository.js";
import { withDataVersionBump } from "./data-version.js";

export interface TrialScoreRow {
  nctId: string;
  probability: number;
  /** L2-normalised embedding; stored as LIST<FLOAT> for the vector index. */
  embedding: number[];
  modelVersion: string;
  /** Per-phase model that produced the probability, e.g. "phase 2". */
  phaseModel: string | null;
}

/** Rows per write transaction. */
const WRITE_BATCH = 500;
/** A batch of 500 embeddings is far more than a request's query: give it a minute. */
const WRITE_TIMEOUT_MS = 60_000;

export class ScoreRepository {
  constructor(
    private readonly executor: Executor,
    private readonly trials: Pick<TrialRepository, "byIds" | "drugsOf" | "diseasesOf">,
  ) {}

  /** Model inputs for the given trials (unknown ids are left out). */
  async modelInputs(ids: readonly string[]): Promise<GraphTrialModelInput[]> {
    const [trials, drugs, diseases] = await Promise.all([
      this.trials.byIds(ids),
      this.trials.drugsOf(ids),
      this.trials.diseasesOf(ids),
    ]);
    return ids
      .filter((id) => trials.has(id))
      .map((id) => trialModelInput(trials.get(id)!, drugs.get(id) ?? [], diseases.get(id) ?? []));
  }

  /** Every trial id, in order (a forced re-scoring, benchmarks). */
  async allTrialIds(): Promise<string[]> {
    const rows = await this.executor.read<{ id: string }>(
      "MATCH (t:Trial) WHERE coalesce(t.scorable, true) RETURN t.nctId AS id ORDER BY id",
    );
    return rows.map((r) => r.id);
  }

  /** Ids of trials without a stored score of `modelVersion` (what a scoring run still has to do). */
  async unscoredTrialIds(modelVersion: string, limit?: number): Promise<string[]> {
    const rows = await this.executor.read<{ id: string }>(
      // Imported registry trials the model cannot score (scorable = false) are left out.
      `MATCH (t:Trial) WHERE coalesce(t.scorable, true) AND (t.modelVersion IS NULL OR t.modelVersion <> $modelVersion OR t.embedding IS NULL)
       RETURN t.nctId AS id ORDER BY id` + (limit !== undefined ? " LIMIT $limit" : ""),
      { modelVersion, limit: limit === undefined ? null : int(limit) },
    );
    return rows.map((r) => r.id);
  }

  async writeScores(rows: readonly TrialScoreRow[]): Promise<number> {
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      await this.executor.write(
        withDataVersionBump(`UNWIND $rows AS row
         MATCH (t:Trial {nctId: row.nctId})
         SET t.successProbability = row.probability, t.embedding = row.embedding,
             t.modelVersion = row.modelVersion, t.phaseModel = row.phaseModel`),
        { rows: rows.slice(i, i + WRITE_BATCH) },
        { timeoutMs: WRITE_TIMEOUT_MS },
      );
    }
    return rows.length;
  }

  /** Removes stored model outputs from the given trials (tests, and re-scoring from scratch). */
  async clearScores(ids: readonly string[]): Promise<void> {
    await this.executor.write(
      withDataVersionBump(`UNWIND $ids AS id MATCH (t:Trial {nctId: id})
       REMOVE t.successProbability, t.embedding, t.modelVersion, t.phaseModel`),
      { ids: [...ids] },
      { timeoutMs: WRITE_TIMEOUT_MS },
    );
  }
}
