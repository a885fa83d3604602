// One set of DataLoaders per request: every resolver of a query that asks for the same kind of
// thing (a trial, its drugs, its prediction) is served by one batched graph query or one
// scorer.scoreMany call, and nothing is cached across requests here (the scorer keeps its own cache).
import DataLoader from "dataloader";
import type { Scorer, TrialModelInput } from "../model/types.js";
import type { TrialDiseaseRow, TrialDrugRow, TrialRow } from "../graph/trial-queries.js";
import type { OutcomeStats } from "../graph/catalog-queries.js";
import { trialModelInput } from "../graph/trial-model-input.js";
import type { GraphReader } from "./graph-reader.js";
import { PredictionSource, type OutcomePrediction } from "./types/trial.js";

export interface Loaders {
  trial: DataLoader<string, TrialRow | null>;
  drugsOfTrial: DataLoader<string, TrialDrugRow[]>;
  diseasesOfTrial: DataLoader<string, TrialDiseaseRow[]>;
  prediction: DataLoader<string, OutcomePrediction>;
  /** The embedding of the loaded model for a trial: stored when current, else computed. */
  embedding: DataLoader<string, number[] | null>;
  drugStats: DataLoader<string, OutcomeStats | null>;
  diseaseStats: DataLoader<string, OutcomeStats | null>;
  icdStats: DataLoader<string, OutcomeStats | null>;
  diseaseCodes: DataLoader<string, { code: string; description: string | null }[]>;
}

/** What the model needs from a trial (shared with the scoring job: src/graph/trial-model-input.ts). */
export function modelInputOf(
  trial: TrialRow,
  drugs: TrialDrugRow[],
  diseases: TrialDiseaseRow[],
): TrialModelInput {
  return trialModelInput(trial, drugs, diseases);
}

export function createLoaders(graph: GraphReader, scorer: Scorer): Loaders {
  const trial = new DataLoader<string, TrialRow | null>(async (ids) => {
    const rows = await graph.trialsByIds(ids);
    return ids.map((id) => rows.get(id) ?? null);
  });
  const drugsOfTrial = new DataLoader<string, TrialDrugRow[]>(async (ids) => {
    const rows = await graph.drugsByTrialIds(ids);
    return ids.map((id) => rows.get(id) ?? []);
  });
  const diseasesOfTrial = new DataLoader<string, TrialDiseaseRow[]>(async (ids) => {
    const rows = await graph.diseasesByTrialIds(ids);
    return ids.map((id) => rows.get(id) ?? []);
  });

  // Scores for all trials asked in this request: stored ones of the loaded model version are read,
  // the rest go to the scorer in one scoreMany call (which splits into ONNX runs of maxBatch).
  const scored = new DataLoader<string, OutcomePrediction>(async (ids) => {
    const trials = await trial.loadMany(ids);
    const [drugs, diseases] = await Promise.all([drugsOfTrial.loadMany(ids), diseasesOfTrial.loadMany(ids)]);
    const inputs: TrialModelInput[] = [];
    const positions: number[] = [];
    const out: (OutcomePrediction | Error)[] = ids.map((id, i) => {
      const t = trials[i];
      if (t instanceof Error) return t;
      if (!t) return new Error(`trial ${id} not found`);
      const d = drugs[i];
      const s = diseases[i];
      if (d instanceof Error) return d;
      if (s instanceof Error) return s;
      inputs.push(modelInputOf(t, d!, s!));
      positions.push(i);
      return new Error("pending");
    });
    if (inputs.length > 0) {
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
    return out;
  });

  const prediction = new DataLoader<string, OutcomePrediction>(async (ids) => {
    const trials = await trial.loadMany(ids);
    return Promise.all(
      ids.map(async (id, i) => {
        const t = trials[i];
        if (t instanceof Error) return t;
        if (t && t.successProbability !== null && t.modelVersion === scorer.modelVersion) {
          return {
            probability: t.successProbability,
            modelVersion: t.modelVersion,
            phaseModel: t.phaseModel,
            executionProvider: null,
            source: PredictionSource.STORED,
            fallbacks: [],
          } satisfies OutcomePrediction;
        }
        return scored.load(id);
      }),
    );
  });

  const embedding = new DataLoader<string, number[] | null>(async (ids) => {
    const stored = await graph.storedEmbeddings(ids);
    return Promise.all(
      ids.map(async (id) => {
        const s = stored.get(id);
        if (s && s.modelVersion === scorer.modelVersion) return s.embedding;
        const t = await trial.load(id);
        if (!t) return null;
        return (await scored.load(id)).embedding ?? null;
      }),
    );
  });

  const statsLoader = (kind: "drug" | "disease" | "icd") =>
    new DataLoader<string, OutcomeStats | null>(async (keys) => {
      const rows = await graph.statsByKeys(kind, keys);
      return keys.map((k) => rows.get(k) ?? null);
    });

  const diseaseCodes = new DataLoader<string, { code: string; description: string | null }[]>(
    async (names) => {
      const rows = await graph.icdCodesByDiseaseNames(names);
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
