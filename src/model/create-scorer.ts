// Loads the artifacts of models/artifacts/ and wires tokenizer, fingerprints, featurizer, ONNX
// sessions and the batch scorer together.
import { existsSync } from "node:fs";
import path from "node:path";
import type { ModelConfig } from "../config.js";
import { BatchScorer } from "./batch-scorer.js";
import { loadFeaturizerSpec, type FeaturizerSpec } from "./featurizer-spec.js";
import { Featurizer } from "./featurizer.js";
import { MorganFingerprinter } from "./fingerprint.js";
import { createOnnxSessions } from "./onnx-sessions.js";
import { OnnxModelRunner, type EncoderBatching } from "./onnx-model-runner.js";
import { WordPieceTokenizer } from "./wordpiece-tokenizer.js";

export interface CreateScorerOptions {
  /** Default: TRIALGRAPH_ENCODER_BATCHING, else "per-text" (deterministic per trial). */
  encoderBatching?: EncoderBatching;
  intraOpThreads?: number;
  log?: (message: string) => void;
}

export interface LoadedModel {
  spec: FeaturizerSpec;
  featurizer: Featurizer;
  tokenizer: WordPieceTokenizer;
}

/** Files the service needs, relative to the artifacts folder. */
export const REQUIRED_ARTIFACTS = ["encoder.onnx", "cladmop.onnx", "featurizer.json"] as const;

export function missingArtifacts(artifactsDir: string): string[] {
  return REQUIRED_ARTIFACTS.filter((f) => !existsSync(path.join(artifactsDir, f)));
}

/** featurizer.json + tokenizer + RDKit: everything but the ONNX sessions. */
export async function loadFeaturizer(artifactsDir: string): Promise<LoadedModel> {
  const spec = await loadFeaturizerSpec(path.join(artifactsDir, "featurizer.json"));
  const tokenizer = await WordPieceTokenizer.fromFile(path.join(artifactsDir, spec.text.tokenizer));
  const fingerprinter = await MorganFingerprinter.create(spec.drug.radius, spec.drug.nBits);
  return { spec, tokenizer, featurizer: new Featurizer(spec, tokenizer, fingerprinter) };
}

function encoderBatchingFromEnv(value: string | undefined): EncoderBatching | undefined {
  if (value === undefined || value === "") return undefined;
  if (value !== "per-text" && value !== "padded") {
    throw new Error(`TRIALGRAPH_ENCODER_BATCHING must be per-text or padded, got ${value}`);
  }
  return value;
}

export type ModelScorer = BatchScorer & { readonly providerReason: string; readonly runner: OnnxModelRunner };

export async function createScorer(
  config: ModelConfig,
  options: CreateScorerOptions = {},
): Promise<ModelScorer> {
  const dir = config.artifactsDir;
  const missing = missingArtifacts(dir);
  if (missing.length) {
    throw new Error(
      `model artifacts missing in ${dir}: ${missing.join(", ")} (train and export with models/)`,
    );
  }
  const { spec, featurizer } = await loadFeaturizer(dir);
  const sessions = await createOnnxSessions(path.join(dir, "encoder.onnx"), path.join(dir, "cladmop.onnx"), {
    executionProvider: config.executionProvider,
    intraOpThreads: options.intraOpThreads,
    log: options.log,
  });
  const batching =
    options.encoderBatching ??
    encoderBatchingFromEnv(process.env.TRIALGRAPH_ENCODER_BATCHING) ??
    // Also on CUDA: a trial's score must not depend on its batch neighbours (see onnx-model-runner).
    "per-text";
  let runner: OnnxModelRunner;
  try {
    runner = new OnnxModelRunner(spec, sessions.encoder, sessions.cladmop, batching);
  } catch (err) {
    await sessions.release();
    throw err;
  }
  const scorer = new BatchScorer({
    featurizer,
    runner,
    modelVersion: spec.modelVersion,
    executionProvider: sessions.executionProvider,
    embeddingDim: spec.embeddingDim,
    maxBatch: config.maxBatch,
    cacheSize: config.cacheSize,
    onClose: () => sessions.release(),
  });
  return Object.assign(scorer, { providerReason: sessions.providerReason, runner });
}
