// Public surface of src/model/: what graphql/, the CLI and the scoring job import.
export type * from "./types.js";
export { BatchScorer, type BatchScorerOptions } from "./batch-scorer.js";
export {
  createScorer,
  loadFeaturizer,
  missingArtifacts,
  REQUIRED_ARTIFACTS,
  type CreateScorerOptions,
  type ModelScorer,
} from "./create-scorer.js";
export { Featurizer, mapIcdCode, type TrialFeatures } from "./featurizer.js";
export { loadFeaturizerSpec, parseFeaturizerSpec, type FeaturizerSpec } from "./featurizer-spec.js";
export { MorganFingerprinter } from "./fingerprint.js";
export { checkArtifacts, type ServedArtifacts } from "./artifacts.js";
export {
  allModelMetrics,
  loadModelCard,
  modelMetrics,
  type ModelCard,
  type ModelMetricRow,
  type PhaseMetrics,
} from "./model-card.js";
export {
  OnnxModelRunner,
  type EncoderBatching,
  type ModelOutputs,
  type ModelRunner,
} from "./onnx-model-runner.js";
export { createOnnxSessions, cudaProviderAvailable, type OnnxSessions } from "./onnx-sessions.js";
export { WordPieceTokenizer } from "./wordpiece-tokenizer.js";
