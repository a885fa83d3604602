// The serving interface that `graphql/` and the scoring job use; `src/model/` implements it.
// Kept apart from the implementation so resolvers can be unit-tested with a fake scorer.

/** One trial as the model sees it: the graph's fields, or a planned trial from `predictOutcome`. */
export interface TrialModelInput {
  /** Cache key part; planned trials have none and are not cached by id. */
  nctId?: string;
  phase: string;
  inclusionCriteria: string;
  exclusionCriteria: string;
  /** Drugs in trial order; `smiles` null when unknown. */
  drugs: { name: string; smiles: string | null }[];
  /** ICD-10 codes of all diseases, flattened in order. */
  icdCodes: string[];
}

/** Something the featurizer could not use as given, reported to the user. */
export interface FeatureFallback {
  kind:
    "UNPARSABLE_SMILES" | "MISSING_SMILES" | "ICD_FALLBACK" | "UNKNOWN_ICD" | "UNKNOWN_PHASE" | "TRUNCATED";
  /** The offending value, e.g. the SMILES or the ICD code. */
  value: string;
  /** What was used instead, e.g. the ICD category. */
  usedInstead?: string;
  message: string;
}

export interface TrialScore {
  probability: number;
  /** L2-normalised, phase-independent. */
  embedding: number[];
  modelVersion: string;
  /** Name of the per-phase model that produced the probability, e.g. "phase 2". */
  phaseModel: string;
  executionProvider: string;
  fallbacks: FeatureFallback[];
}

export interface ScorerStats {
  /** ONNX runs of the CLaDMoP graph since start (each covers up to maxBatch trials). */
  onnxRuns: number;
  trialsScored: number;
  cacheHits: number;
}

export interface Scorer {
  readonly modelVersion: string;
  readonly executionProvider: string;
  readonly embeddingDim: number;
  /** Scores one trial; calls made in the same tick are coalesced into batches of at most maxBatch. */
  score(input: TrialModelInput): Promise<TrialScore>;
  scoreMany(inputs: TrialModelInput[]): Promise<TrialScore[]>;
  stats(): ScorerStats;
  close(): Promise<void>;
}
