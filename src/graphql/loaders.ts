// One set of DataLoaders per request: every resolver of a query that asks for the same kind of
// thing (a trial, its drugs, its prediction) is served by one batched graph query or one
// scorer.scoreMany call, and nothing is cached across requests here (the scorer keeps its own cache).
import DataLoader from "dataloader";
import type { Repositories } from "../graph/repositories.js";
import type { OutcomeStats } from "../graph/outcome-stats.js";
import { trialModelInput } from "../graph/trial-model-input.js";
import type { TrialDiseaseRow, TrialDrugRow, TrialRow } from "../graph/trial-row.js";
import type { Scorer, TrialModelInput } from "../model/types.js";
import type { PhaseModel } from "./phase.js";
import { PredictionSource, type OutcomePrediction } from "./types/trial.js";

/** A trial's prediction under one phase model; null: the model its own phase maps to. */
export interface PredictionKey {
  nctId: string;
  phaseModel: PhaseModel | null;
}

export interface Loaders {
  trial: DataLoader<string, TrialRow | null>;
  drugsOfTrial: DataLoader<string, TrialDrugRow[]>;
  diseasesOfTrial: DataLoader<string, TrialDiseaseRow[]>;
  prediction: DataLoader<PredictionKey, OutcomePrediction, string>;
  /** The embedding of the loaded model for a trial: stored when current, else computed. */
  embedding: DataLoader<string, number[] | null>;
  drugStats: DataLoader<string, OutcomeStats | null>;
  diseaseStats: DataLoader<string, OutcomeStats | null>;
  icdStats: DataLoader<string, OutcomeStats | null>;
  diseaseCodes: DataLoader<string, { code: string; description: string | null }[]>;
}

/** The stored score answers a request for the default phase model, or for the one it was made with. */
function storedPrediction(t: TrialRow, key: PredictionKey, modelVersion: string): OutcomePrediction | null {
  if (t.successProbability === null || t.modelVersion !== modelVersion) return null;
  if (key.phaseModel !== null && key.phaseModel !== t.phaseModel) return null;
  return {
    probability: t.successProbability,
    modelVersion: t.modelVersion,
    phaseModel: t.phaseModel,
    executionProvider: null,
    source: PredictionSource.STORED,
    fallbacks: [],
  };
}

export function createLoaders(graph: Repositories, scorer: Scorer): Loaders {
  const trial = new DataLoader<string, TrialRow | null>(async (ids) => {
    const rows = await graph.trials.byIds(ids);
    return ids.map((id) => rows.get(id) ?? null);
  });
  const drugsOfTrial = new DataLoader<string, TrialDrugRow[]>(async (ids) => {
    const rows = await graph.trials.drugsOf(ids);
    return ids.map((id) => rows.get(id) ?? []);
  });
  const diseasesOfTrial = new DataLoader<string, TrialDiseaseRow[]>(async (ids) => {
    const rows = await graph.trials.diseasesOf(ids);
    return ids.map((id) => rows.get(id) ?? []);
  });

  // Predictions for all (trial, phase model) pairs asked in this request: stored scores of the loaded
  // model version are read; the rest go to the scorer in one scoreMany call (which splits into ONNX
  // runs of maxBatch). The stored score is the default phase model's, so another phase model is
  // always computed, with that model's name as the trial's phase.
  const prediction = new DataLoader<PredictionKey, OutcomePrediction, string>(
    async (keys) => {
      const ids = keys.map((k) => k.nctId);
      const trials = await trial.loadMany(ids);
      const out: (OutcomePrediction | Error | null)[] = keys.map((key, i) => {
        const t = trials[i];
        if (t instanceof Error) return t;
        if (!t) return new Error(`trial ${key.nctId} not found`);
        return storedPrediction(t, key, scorer.modelVersion);
      });
      const todo = keys.map((_, i) => i).filter((i) => out[i] === null);
      if (todo.length > 0) {
        const todoIds = todo.map((i) => ids[i]!);
        const [drugs, diseases] = await Promise.all([
          drugsOfTrial.loadMany(todoIds),
          diseasesOfTrial.loadMany(todoIds),
        ]);
        const inputs: TrialModelInput[] = [];
        const positions: number[] = [];
        todo.forEach((i, j) => {
          const d = drugs[j];
          const s = diseases[j];
          if (d instanceof Error || s instanceof Error) {
            out[i] = d instanceof Error ? d : (s as Error);
            return;
          }
          const input = trialModelInput(trials[i] as TrialRow, d!, s!);
          inputs.push({ ...input, phase: keys[i]!.phaseModel ?? input.phase });
          positions.push(i);
        });
        const scores = await scorer.scoreMany(inputs);
        scores.forEach((s, j) => {
          out[positions[j]!] = {
            probability: s.probability,
            modelVersion: s.modelVersion,
            phaseModel: s.phaseModel,
            executionProvider: s.executionProvider,
            source: PredictionSource.COMPUTED,
            fallbacks: s.fallbacks,
            embedding: s.embedding,
          };
        });
      }
      return out as (OutcomePrediction | Error)[];
    },
    { cacheKeyFn: (k) => `${k.nctId}\u0000${k.phaseModel ?? ""}` },
  );

  const embedding = new DataLoader<string, number[] | null>(async (ids) => {
    const stored = await graph.trials.storedEmbeddings(ids);
    return Promise.all(
      ids.map(async (id) => {
        const s = stored.get(id);
        if (s && s.modelVersion === scorer.modelVersion) return s.embedding;
        const t = await trial.load(id);
        if (!t) return null;
        // The embedding is phase-independent: the default phase model's run gives it.
        return (await prediction.load({ nctId: id, phaseModel: null })).embedding ?? null;
      }),
    );
  });

  const statsLoader = (kind: "drug" | "disease" | "icd") =>
    new DataLoader<string, OutcomeStats | null>(async (keys) => {
      const rows = await graph.catalog.statsByKeys(kind, keys);
      return keys.map((k) => rows.get(k) ?? null);
    });

  const diseaseCodes = new DataLoader<string, { code: string; description: string | null }[]>(
    async (names) => {
      const rows = await graph.catalog.icdCodesByDiseaseNames(names);
      return names.map((n) => rows.get(n) ?? []);
    },
  );

  return {
    trial,
    drugsOfTrial,
    diseasesOfTrial,
    prediction,
    embedding,
    drugStats: statsLoader("drug"),
    diseaseStats: statsLoader("disease"),
    icdStats: statsLoader("icd"),
    diseaseCodes,
  };
}
