// Runs a batch of featurized trials through encoder.onnx and then cladmop.onnx (the two-graph
// chain of docs/model-contract.md) and returns probabilities and embeddings.
import * as ort from "onnxruntime-node";
import type { FeaturizerSpec } from "./featurizer-spec.js";
import type { TrialFeatures } from "./featurizer.js";

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
 * - "per-text": one run per distinct text, unpadded. The int8 dynamic-quantized encoder scales its
 *   activations over the whole input tensor, so a text's features change with its batch
 *   neighbours (up to 0.5 in a hidden unit measured here); alone, a text always gets the same
 *   features, and on CPU batching does not make the encoder faster anyway.
 * - "padded": one run over all texts of the batch padded to the longest; for GPUs.
 */
export type EncoderBatching = "per-text" | "padded";

const LEVELS = ["coarse", "medium", "fine"] as const;

export class OnnxModelRunner implements ModelRunner {
  encoderRuns = 0;
  cladmopRuns = 0;
  private readonly maxTokens: number;
  private readonly hidden: number;

  constructor(
    private readonly spec: FeaturizerSpec,
    private readonly encoder: ort.InferenceSession,
    private readonly cladmop: ort.InferenceSession,
    readonly encoderBatching: EncoderBatching = "per-text",
  ) {
    this.maxTokens = spec.text.maxTokens;
    this.hidden = spec.text.hiddenSize;
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
    const B = batch.length;
    const T = 2 * this.maxTokens;
    const H = this.hidden;
    const crit = LEVELS.map(() => new Float32Array(B * T * H));
    const critMask = new Float32Array(B * T);
    // Sequence s of the encoder input is part s % 2 (0 inclusion, 1 exclusion) of trial s >> 1.
    const seqs = batch.flatMap((f) => [f.inclusionIds, f.exclusionIds]);
    const place = (s: number, levels: Float32Array[], offset: number) => {
      const b = s >> 1;
      const ids = seqs[s];
      const dst = b * T * H + (s & 1) * this.maxTokens * H;
      for (let l = 0; l < 3; l++) crit[l].set(levels[l].subarray(offset, offset + ids.length * H), dst);
      critMask.fill(1, b * T + (s & 1) * this.maxTokens, b * T + (s & 1) * this.maxTokens + ids.length);
    };
    if (this.encoderBatching === "padded") {
      const L = Math.max(...seqs.map((s) => s.length));
      const out = await this.encode(seqs, L);
      seqs.forEach((_, s) => place(s, out, s * L * H));
    } else {
      // Identical texts (often the empty exclusion part) are encoded once per batch.
      const done = new Map<string, Float32Array[]>();
      for (let s = 0; s < seqs.length; s++) {
        const key = seqs[s].join(",");
        let out = done.get(key);
        if (!out) {
          out = await this.encode([seqs[s]], seqs[s].length);
          done.set(key, out);
        }
        place(s, out, 0);
      }
    }

    const { maxDrugs, nBits } = this.spec.drug;
    const maxCodes = this.spec.icd.maxCodes;
    const drugFp = new Float32Array(B * maxDrugs * nBits);
    const drugMask = new Float32Array(B * maxDrugs);
    const icdIds = new BigInt64Array(B * maxCodes);
    const phaseId = new BigInt64Array(B);
    batch.forEach((f, b) => {
      drugFp.set(f.drugFp, b * maxDrugs * nBits);
      drugMask.set(f.drugMask, b * maxDrugs);
      f.icdIds.forEach((id, i) => (icdIds[b * maxCodes + i] = BigInt(id)));
      phaseId[b] = BigInt(f.phaseId);
    });
    const feeds: Record<string, ort.Tensor> = {
      crit_coarse: new ort.Tensor("float32", crit[0], [B, T, H]),
      crit_medium: new ort.Tensor("float32", crit[1], [B, T, H]),
      crit_fine: new ort.Tensor("float32", crit[2], [B, T, H]),
      crit_mask: new ort.Tensor("float32", critMask, [B, T]),
      drug_fp: new ort.Tensor("float32", drugFp, [B, maxDrugs, nBits]),
      drug_mask: new ort.Tensor("float32", drugMask, [B, maxDrugs]),
      icd_ids: new ort.Tensor("int64", icdIds, [B, maxCodes]),
      phase_id: new ort.Tensor("int64", phaseId, [B]),
    };
    this.cladmopRuns++;
    const out = await this.cladmop.run(feeds);
    return {
      probabilities: out.probability.data as Float32Array,
      embeddings: out.embedding.data as Float32Array,
    };
  }

  /** Encoder over `seqs` padded to length L; returns coarse, medium, fine as [n, L, H] each. */
  private async encode(seqs: number[][], L: number): Promise<Float32Array[]> {
    const n = seqs.length;
    const ids = new BigInt64Array(n * L);
    const mask = new BigInt64Array(n * L);
    seqs.forEach((seq, r) => {
      for (let j = 0; j < seq.length; j++) {
        ids[r * L + j] = BigInt(seq[j]);
        mask[r * L + j] = 1n;
      }
    });
    this.encoderRuns++;
    const out = await this.encoder.run({
      input_ids: new ort.Tensor("int64", ids, [n, L]),
      attention_mask: new ort.Tensor("int64", mask, [n, L]),
    });
    return LEVELS.map((name) => out[name].data as Float32Array);
  }
}
