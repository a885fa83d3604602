// The one place that lays featurized trials and encoder outputs out as cladmop.onnx inputs
// (docs/model-contract.md): the runner and bench/model-throughput.ts both use it.
import * as ort from "onnxruntime-node";
import type { FeaturizerSpec } from "./featurizer-spec.js";
import type { TrialFeatures } from "./featurizer.js";

/** coarse, medium, fine hidden states of one window: [len * H] each. */
export type WindowFeatures = Float32Array[];

export const LEVELS = ["coarse", "medium", "fine"] as const;

export function windowKey(ids: number[]): string {
  return ids.join(",");
}

/** Every distinct encoder window of a batch (identical windows, e.g. empty parts, run once). */
export function distinctWindows(batch: TrialFeatures[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of batch) {
    for (const w of [...f.inclusionWindows, ...f.exclusionWindows]) out.set(windowKey(w), w);
  }
  return out;
}

/**
 * Tokens per criteria part in this batch: its most windows times `maxTokens`. The graph's sequence axis
 * is dynamic and its tower reads only the mask, so a batch of short texts gets short tensors.
 */
export function partSlot(spec: FeaturizerSpec, batch: TrialFeatures[]): number {
  const most = Math.max(
    1,
    ...batch.map((f) => Math.max(f.inclusionWindows.length, f.exclusionWindows.length)),
  );
  return most * spec.text.maxTokens;
}

/** cladmop.onnx feeds: each part's windows one after another from the start of its slot. */
export function cladmopFeeds(
  spec: FeaturizerSpec,
  batch: TrialFeatures[],
  encoded: (key: string) => WindowFeatures,
): Record<string, ort.Tensor> {
  const B = batch.length;
  const H = spec.text.hiddenSize;
  const slot = partSlot(spec, batch);
  const T = 2 * slot;
  const crit = LEVELS.map(() => new Float32Array(B * T * H));
  const critMask = new Float32Array(B * T);
  batch.forEach((f, b) => {
    [f.inclusionWindows, f.exclusionWindows].forEach((windows, part) => {
      let pos = b * T + part * slot; // token position in [B * T]
      for (const w of windows) {
        const levels = encoded(windowKey(w));
        for (let l = 0; l < 3; l++) crit[l].set(levels[l].subarray(0, w.length * H), pos * H);
        critMask.fill(1, pos, pos + w.length);
        pos += w.length;
      }
    });
  });
  const { maxDrugs, nBits } = spec.drug;
  const maxCodes = spec.icd.maxCodes;
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
  return {
    crit_coarse: new ort.Tensor("float32", crit[0], [B, T, H]),
    crit_medium: new ort.Tensor("float32", crit[1], [B, T, H]),
    crit_fine: new ort.Tensor("float32", crit[2], [B, T, H]),
    crit_mask: new ort.Tensor("float32", critMask, [B, T]),
    drug_fp: new ort.Tensor("float32", drugFp, [B, maxDrugs, nBits]),
    drug_mask: new ort.Tensor("float32", drugMask, [B, maxDrugs]),
    icd_ids: new ort.Tensor("int64", icdIds, [B, maxCodes]),
    phase_id: new ort.Tensor("int64", phaseId, [B]),
  };
}

/** encoder.onnx feeds for `seqs` padded to their longest: input_ids and attention_mask [n, L]. */
export function encoderFeeds(seqs: number[][]): { feeds: Record<string, ort.Tensor>; L: number } {
  const n = seqs.length;
  const L = Math.max(...seqs.map((s) => s.length));
  const ids = new BigInt64Array(n * L);
  const mask = new BigInt64Array(n * L);
  seqs.forEach((seq, r) => {
    for (let j = 0; j < seq.length; j++) {
      ids[r * L + j] = BigInt(seq[j]);
      mask[r * L + j] = 1n;
    }
  });
  return {
    feeds: {
      input_ids: new ort.Tensor("int64", ids, [n, L]),
      attention_mask: new ort.Tensor("int64", mask, [n, L]),
    },
    L,
  };
}
