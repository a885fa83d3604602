// Runs a batch of featurized trials through encoder.onnx and then cladmop.onnx (the two-graph
// chain of docs/model-contract.md) and returns probabilities and embeddings.
import * as ort from "onnxruntime-node";
import type { FeaturizerSpec } from "./featurizer-spec.js";
import type { TrialFeatures } from "./featurizer.js";
import { cladmopFeeds, distinctWindows, encoderFeeds, LEVELS, type WindowFeatures } from "./cladmop-feeds.js";

export interface ModelOutputs {
  /** [B] */
  probabilities: Float32Array;
  /** [B * embeddingDim], row-major. */
  embeddings: Float32Array;
}

/** What the batch scorer needs from a model: one call per batch (one cladmop run). */
export interface ModelRunner {
  run(batch: TrialFeatures[]): Promise<ModelOutputs>;
}

/**
 * How texts go through the encoder:
 * - "per-text": one run per distinct encoder window, unpadded. The int8 dynamic-quantized encoder scales its
 *   activations over the whole input tensor, so a text's features change with its batch
 *   neighbours (up to 0.5 in a hidden unit measured here); alone, a text always gets the same
 *   features, and on CPU batching does not make the encoder faster anyway.
 * - "padded": one run over all windows of the batch padded to the longest; for GPUs.
 */
export type EncoderBatching = "per-text" | "padded";

export class OnnxModelRunner implements ModelRunner {
  encoderRuns = 0;
  cladmopRuns = 0;

  constructor(
    private readonly spec: FeaturizerSpec,
    private readonly encoder: ort.InferenceSession,
    private readonly cladmop: ort.InferenceSession,
    readonly encoderBatching: EncoderBatching = "per-text",
  ) {
    for (const name of ["input_ids", "attention_mask"]) {
      if (!encoder.inputNames.includes(name)) throw new Error(`encoder.onnx has no input ${name}`);
    }
    for (const name of LEVELS) {
      if (!encoder.outputNames.includes(name)) throw new Error(`encoder.onnx has no output ${name}`);
    }
    const inputs = [
      "crit_coarse",
      "crit_medium",
      "crit_fine",
      "crit_mask",
      "drug_fp",
      "drug_mask",
      "icd_ids",
      "phase_id",
    ];
    for (const name of inputs) {
      if (!cladmop.inputNames.includes(name)) throw new Error(`cladmop.onnx has no input ${name}`);
    }
    for (const name of ["probability", "embedding"]) {
      if (!cladmop.outputNames.includes(name)) throw new Error(`cladmop.onnx has no output ${name}`);
    }
  }

  async run(batch: TrialFeatures[]): Promise<ModelOutputs> {
    const windows = distinctWindows(batch);
    const encoded = new Map<string, WindowFeatures>();
    if (this.encoderBatching === "padded") {
      const keys = [...windows.keys()];
      const { feeds, L } = encoderFeeds([...windows.values()]);
      const out = await this.encode(feeds);
      const H = this.spec.text.hiddenSize;
      keys.forEach((k, r) =>
        encoded.set(
          k,
          out.map((level) => level.subarray(r * L * H, (r + 1) * L * H)),
        ),
      );
    } else {
      for (const [k, w] of windows) encoded.set(k, await this.encode(encoderFeeds([w]).feeds));
    }
    this.cladmopRuns++;
    const out = await this.cladmop.run(cladmopFeeds(this.spec, batch, (k) => encoded.get(k)!));
    return {
      probabilities: out.probability.data as Float32Array,
      embeddings: out.embedding.data as Float32Array,
    };
  }

  /** One encoder run; returns coarse, medium, fine as [n * L * H] each. */
  private async encode(feeds: Record<string, ort.Tensor>): Promise<WindowFeatures> {
    this.encoderRuns++;
    const out = await this.encoder.run(feeds);
    return LEVELS.map((name) => out[name].data as Float32Array);
  }
}
