// The tensor layout of cladmop.onnx's and encoder.onnx's inputs, checked cell by cell on a tiny
// spec: each part's windows one after another from the start of its slot, the mask over exactly
// those tokens, each trial's drugs / codes / phase in its own row, and encoder sequences padded
// to the longest with a mask. A shifted offset or a swapped part feeds the model garbage silently.
import { describe, expect, it } from "vitest";
import {
  cladmopFeeds,
  distinctWindows,
  encoderFeeds,
  partSlot,
  windowKey,
} from "../../../src/model/cladmop-feeds.js";
import type { FeaturizerSpec } from "../../../src/model/featurizer-spec.js";
import type { TrialFeatures } from "../../../src/model/featurizer.js";

const H = 2;
const spec = {
  modelVersion: "t",
  text: {
    tokenizer: "t",
    maxTokens: 3,
    maxWindows: 2,
    hiddenSize: H,
    levels: { coarse: 1, medium: 2, fine: 3 },
  },
  drug: { fingerprint: "morgan", radius: 2, nBits: 4, maxDrugs: 2 },
  icd: { maxCodes: 3, vocab: {} },
  phase: { vocab: {}, default: 0, names: ["phase 1", "phase 2"] },
  embeddingDim: 4,
} as unknown as FeaturizerSpec;

function trial(inc: number[][], exc: number[][], extra: Partial<TrialFeatures> = {}): TrialFeatures {
  return {
    inclusionWindows: inc,
    exclusionWindows: exc,
    drugFp: new Float32Array(8),
    drugMask: new Float32Array(2),
    icdIds: [],
    phaseId: 0,
    phaseModel: "phase 1",
    fallbacks: [],
    ...extra,
  };
}

/** Encoder output of a window: level l, token j, unit h holds 1000*l + 100*first id + 10*j + h. */
function encoded(key: string): Float32Array[] {
  const ids = key.split(",").map(Number);
  return [0, 1, 2].map((l) => {
    // One token longer than the window, as a padded batch would give: only w.length tokens may be read.
    const out = new Float32Array((ids.length + 1) * H);
    for (let j = 0; j <= ids.length; j++)
      for (let h = 0; h < H; h++) out[j * H + h] = 1000 * l + 100 * ids[0]! + 10 * j + h;
    return out;
  });
}

describe("window bookkeeping", () => {
  it("a window's key is its ids; identical windows of a batch are encoded once", () => {
    expect(windowKey([101, 7, 102])).toBe("101,7,102");
    const windows = distinctWindows([trial([[1, 2]], [[1, 2]]), trial([[3]], [[1, 2], [4]])]);
    expect([...windows.keys()].sort()).toEqual(["1,2", "3", "4"]);
    expect(windows.get("1,2")).toEqual([1, 2]);
  });

  it("a part's slot is its batch's most windows times maxTokens (at least one window)", () => {
    expect(partSlot(spec, [trial([[1]], [[2]])])).toBe(3);
    expect(partSlot(spec, [trial([[1]], [[2]]), trial([[1]], [[2], [3]])])).toBe(6);
    expect(partSlot(spec, [trial([[1], [2]], [])])).toBe(6);
    expect(partSlot(spec, [trial([], [])])).toBe(3);
  });
});

describe("cladmopFeeds", () => {
  it("lays windows out per part from the start of its slot, masks exactly their tokens", () => {
    // Trial 0: inclusion windows [5,6] and [7]; exclusion [8]. Trial 1: inclusion [9]; exclusion [4,4] and [3,3,3].
    const batch = [
      trial([[5, 6], [7]], [[8]]),
      trial(
        [[9]],
        [
          [4, 4],
          [3, 3, 3],
        ],
      ),
    ];
    const feeds = cladmopFeeds(spec, batch, encoded);
    const slot = 6; // two windows of 3 tokens
    const T = 2 * slot;
    expect(feeds.crit_coarse!.dims).toEqual([2, T, H]);
    expect(feeds.crit_mask!.dims).toEqual([2, T]);
    const mask = Array.from(feeds.crit_mask!.data as Float32Array);
    // Trial 0: inclusion tokens 0-2 (two windows, 3 tokens), exclusion tokens 6 (one token).
    expect(mask.slice(0, T)).toEqual([1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    // Trial 1: inclusion token 0, exclusion tokens 6-10 (2 + 3).
    expect(mask.slice(T)).toEqual([1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0]);

    const cell = (name: "crit_coarse" | "crit_medium" | "crit_fine", b: number, t: number, h: number) =>
      (feeds[name]!.data as Float32Array)[(b * T + t) * H + h];
    // Trial 0 inclusion: window [5,6] tokens 0-1, then window [7] token 0 at position 2.
    expect([
      cell("crit_coarse", 0, 0, 0),
      cell("crit_coarse", 0, 1, 1),
      cell("crit_coarse", 0, 2, 0),
    ]).toEqual([500, 511, 700]);
    expect(cell("crit_coarse", 0, 3, 0)).toBe(0); // the window's extra token is not copied
    // Trial 0 exclusion starts at its slot; levels go to their own tensors.
    expect([cell("crit_coarse", 0, 6, 1), cell("crit_medium", 0, 6, 1), cell("crit_fine", 0, 6, 1)]).toEqual([
      801, 1801, 2801,
    ]);
    // Trial 1 rows start at b * T.
    expect(cell("crit_fine", 1, 0, 0)).toBe(2900);
    expect([
      cell("crit_medium", 1, 6, 0),
      cell("crit_medium", 1, 7, 1),
      cell("crit_medium", 1, 8, 0),
    ]).toEqual([1400, 1411, 1300]);
    expect(cell("crit_medium", 1, 10, 1)).toBe(1321);
  });

  it("drugs, codes and phases: each trial's in its own row, dtypes and shapes as the graph declares", () => {
    const a = trial([[1]], [[1]], {
      drugFp: Float32Array.from([1, 0, 0, 1, 0, 1, 1, 0]),
      drugMask: Float32Array.from([1, 1]),
      icdIds: [4, 5],
      phaseId: 1,
    });
    const b = trial([[1]], [[1]], {
      drugFp: Float32Array.from([0, 0, 1, 0, 0, 0, 0, 0]),
      drugMask: Float32Array.from([1, 0]),
      icdIds: [6],
      phaseId: 0,
    });
    const feeds = cladmopFeeds(spec, [a, b], encoded);
    expect(feeds.drug_fp!.dims).toEqual([2, 2, 4]);
    expect(Array.from(feeds.drug_fp!.data as Float32Array)).toEqual([
      1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0,
    ]);
    expect(feeds.drug_mask!.dims).toEqual([2, 2]);
    expect(Array.from(feeds.drug_mask!.data as Float32Array)).toEqual([1, 1, 1, 0]);
    expect(feeds.icd_ids!.type).toBe("int64");
    expect(feeds.icd_ids!.dims).toEqual([2, 3]);
    expect(Array.from(feeds.icd_ids!.data as BigInt64Array)).toEqual([4n, 5n, 0n, 6n, 0n, 0n]);
    expect(feeds.phase_id!.type).toBe("int64");
    expect(feeds.phase_id!.dims).toEqual([2]);
    expect(Array.from(feeds.phase_id!.data as BigInt64Array)).toEqual([1n, 0n]);
    expect(Object.keys(feeds).sort()).toEqual(
      [
        "crit_coarse",
        "crit_fine",
        "crit_mask",
        "crit_medium",
        "drug_fp",
        "drug_mask",
        "icd_ids",
        "phase_id",
      ].sort(),
    );
    for (const name of ["crit_coarse", "crit_medium", "crit_fine", "crit_mask", "drug_fp", "drug_mask"]) {
      expect(feeds[name]!.type, name).toBe("float32");
    }
  });
});

describe("encoderFeeds", () => {
  it("pads every sequence to the longest, ids and mask as int64 [n, L]", () => {
    const { feeds, L } = encoderFeeds([
      [101, 7, 102],
      [101, 102],
    ]);
    expect(L).toBe(3);
    expect(feeds.input_ids!.dims).toEqual([2, 3]);
    expect(feeds.input_ids!.type).toBe("int64");
    expect(Array.from(feeds.input_ids!.data as BigInt64Array)).toEqual([101n, 7n, 102n, 101n, 102n, 0n]);
    expect(feeds.attention_mask!.dims).toEqual([2, 3]);
    expect(feeds.attention_mask!.type).toBe("int64");
    expect(Array.from(feeds.attention_mask!.data as BigInt64Array)).toEqual([1n, 1n, 1n, 1n, 1n, 0n]);
  });
});
