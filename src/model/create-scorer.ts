// Loads the artifacts of models/artifacts/ and wires tokenizer, fingerprints, featurizer, ONNX
// sessions and the batch scorer together. The execution provider decides the encoder and how texts
// are batched: CPU runs the int8 encoder.onnx one text at a time; GPU providers run
// encoder-gpu.onnx (the same weights without activation quantization) in padded batches.
import { existsSync } from "node:fs";
import path from "node:path";
import type { ModelConfig } from "../config.js";
import { BatchScorer } from "./batch-scorer.js";
import { loadFeaturizerSpec, type FeaturizerSpec } from "./featurizer-spec.js";
import { Featurizer } from "./featurizer.js";
import { MorganFingerprinter } from "./fingerprint.js";
import { isGpuProvider, type ExecutionProvider } from "./execution-provider.js";
import { resolveGpuEncoder } from "./gpu-encoder.js";
import { createOnnxSessions } from "./onnx-sessions.js";
import { OnnxModelRunner, type EncoderBatching } from "./onnx-model-runner.js";
import { WordPieceTokenizer } from "./wordpiece-tokenizer.js";

export interface CreateScorerOptions {
  /**
   * Default: TRIALGRAPH_ENCODER_BATCHING, else "padded" on GPU providers (the float encoder gives a
   * text the same features in any batch) and "per-text" on CPU (see onnx-model-runner).
   */
  encoderBatching?: EncoderBatching;
  /**
   * The encoder to run on any provider, instead of encoder.onnx (CPU) / encoder-gpu.onnx (GPU);
   * for parity checks that separate the encoder graph from the provider.
   */
  encoderFile?: string;
  intraOpThreads?: number;
  /**
   * How long the first queued trial waits for others before a model run, so that concurrent
   * requests' trials share one run. Default: TRIALGRAPH_BATCH_WAIT_MS, else 2 ms on GPU providers
   * (a GPU run costs about the same for 1 or 32 trials) and 0 on CPU (calls of one event-loop turn
   * are batched anyway; waiting longer buys little where the encoder runs per text).
   */
  batchWaitMs?: number;
  log?: (message: string) => void;
}

export interface LoadedModel {
  spec: FeaturizerSpec;
  featurizer: Featurizer;
  fingerprinter: MorganFingerprinter;
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
  return { spec, tokenizer, fingerprinter, featurizer: new Featurizer(spec, tokenizer, fingerprinter) };
}

function encoderBatchingFromEnv(value: string | undefined): EncoderBatching | undefined {
  if (value === undefined || value === "") return undefined;
  if (value !== "per-text" && value !== "padded") {
    throw new Error(`TRIALGRAPH_ENCODER_BATCHING must be per-text or padded, got ${value}`);
  }
  return value;
}

function batchWaitFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0 || ms > 1000) {
    throw new Error(`TRIALGRAPH_BATCH_WAIT_MS must be a number of milliseconds in 0..1000, got ${value}`);
  }
  return ms;
}

export function defaultBatchWaitMs(provider: ExecutionProvider): number {
  return isGpuProvider(provider) ? 2 : 0;
}

/** Padded batches feed a GPU; on CPU they are no faster and move int8 scores with the batch. */
export function defaultEncoderBatching(provider: ExecutionProvider): EncoderBatching {
  return isGpuProvider(provider) ? "padded" : "per-text";
}

export type ModelScorer = BatchScorer & {
  readonly providerReason: string;
  /** The encoder file the sessions run. */
  readonly encoderFile: string;
  /** The micro-batcher's wait before a run (0: the batch is the calls of one event-loop turn). */
  readonly batchWaitMs: number;
  readonly runner: OnnxModelRunner;
};

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
  const { spec, featurizer, fingerprinter } = await loadFeaturizer(dir);
  const encoderFile = options.encoderFile ?? path.join(dir, "encoder.onnx");
  // Hashing encoder.onnx for the staleness check costs ~0.1 s: only when a GPU provider may run.
  const gpuEncoder =
    options.encoderFile !== undefined
      ? { file: options.encoderFile }
      : config.executionProvider === "cpu"
        ? { problem: "not needed on CPU" }
        : resolveGpuEncoder(dir);
  const sessions = await createOnnxSessions(encoderFile, path.join(dir, "cladmop.onnx"), {
    executionProvider: config.executionProvider,
    gpuEncoderFile: gpuEncoder.file,
    gpuEncoderProblem: gpuEncoder.problem,
    intraOpThreads: options.intraOpThreads,
    log: options.log,
  });
  const batching =
    options.encoderBatching ??
    encoderBatchingFromEnv(process.env.TRIALGRAPH_ENCODER_BATCHING) ??
    defaultEncoderBatching(sessions.executionProvider);
  let runner: OnnxModelRunner;
  let batchWaitMs: number;
  try {
    batchWaitMs =
      options.batchWaitMs ??
      batchWaitFromEnv(process.env.TRIALGRAPH_BATCH_WAIT_MS) ??
      defaultBatchWaitMs(sessions.executionProvider);
    runner = new OnnxModelRunner(spec, sessions.encoder, sessions.cladmop, batching);
  } catch (err) {
    await sessions.release();
    throw err;
  }
  const scorer = new BatchScorer({
    featurizer,
    prepare: (inputs) => fingerprinter.prepare(inputs.flatMap((i) => i.drugs.map((d) => d.smiles))),
    runner,
    modelVersion: spec.modelVersion,
    executionProvider: sessions.executionProvider,
    embeddingDim: spec.embeddingDim,
    maxBatch: config.maxBatch,
    cacheSize: config.cacheSize,
    cacheBytes: config.cacheBytes,
    schedule: batchWaitMs > 0 ? (flush) => void setTimeout(flush, batchWaitMs) : undefined,
    onClose: () => sessions.release(),
  });
  return Object.assign(scorer, {
    providerReason: sessions.providerReason,
    encoderFile: sessions.encoderFile,
    batchWaitMs,
    runner,
  });
}
