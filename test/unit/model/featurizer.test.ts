import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../src/config.js";
import { loadFeaturizer } from "../../../src/model/create-scorer.js";
import { mapIcdCode } from "../../../src/model/featurizer.js";
import type { TrialModelInput } from "../../../src/model/types.js";

// The toy artifacts: maxTokens 8, maxDrugs 2, nBits 64, maxCodes 3, ICD vocab C, C71, C71.9, E11.
const tiny = path.join(repoRoot, "test/fixtures/model/tiny-artifacts");

const base: TrialModelInput = {
  nctId: "NCT0001",
  phase: "phase 2",
  inclusionCriteria: "adult patients",
  exclusionCriteria: "",
  drugs: [{ name: "ethanol", smiles: "CCO" }],
  icdCodes: ["C71.9"],
};

describe("mapIcdCode", () => {
  const vocab = { "<pad>": 0, "<unk>": 1, C: 2, C71: 3, "C71.9": 4 };
  it("prefers the code, then its category, then its chapter, then <unk>", () => {
    expect(mapIcdCode("C71.9", vocab)).toEqual({ id: 4, kind: "exact", key: "C71.9" });
    expect(mapIcdCode("C71.4", vocab)).toEqual({ id: 3, kind: "fallback", key: "C71" });
    expect(mapIcdCode("C50.1", vocab)).toEqual({ id: 2, kind: "fallback", key: "C" });
    expect(mapIcdCode("Z99", vocab)).toEqual({ id: 1, kind: "unknown", key: "<unk>" });
  });
  it("does not treat Object.prototype names as vocabulary", () => {
    expect(mapIcdCode("constructor", vocab).kind).toBe("unknown");
  });
});

describe("Featurizer", async () => {
  const { featurizer, spec, tokenizer } = await loadFeaturizer(tiny);

  it("tokenizes each criteria part separately with [CLS] … [SEP]", () => {
    const f = featurizer.featurize(base);
    expect(f.inclusionWindows).toEqual([[tokenizer.clsId, 7, 8, tokenizer.sepId]]);
    expect(f.exclusionWindows).toEqual([[tokenizer.clsId, tokenizer.sepId]]);
    expect(f.fallbacks).toEqual([]);
  });

  it("cuts a part into windows of maxTokens - 2 word pieces, without overlap", () => {
    const six = featurizer.featurize({ ...base, inclusionCriteria: "age ".repeat(6) });
    expect(six.inclusionWindows).toEqual([[tokenizer.clsId, 5, 5, 5, 5, 5, 5, tokenizer.sepId]]);
    const seven = featurizer.featurize({ ...base, inclusionCriteria: "age ".repeat(7) });
    expect(seven.inclusionWindows).toEqual([
      [tokenizer.clsId, 5, 5, 5, 5, 5, 5, tokenizer.sepId],
      [tokenizer.clsId, 5, tokenizer.sepId],
    ]);
    expect(seven.fallbacks).toEqual([]);
  });

  it("reads at most maxWindows windows of maxTokens ids and reports the rest as truncated", () => {
    const f = featurizer.featurize({ ...base, inclusionCriteria: "age ".repeat(20) });
    expect(f.inclusionWindows).toHaveLength(spec.text.maxWindows);
    expect(f.inclusionWindows[0]).toHaveLength(spec.text.maxTokens);
    expect(f.fallbacks).toContainEqual(
      expect.objectContaining({ kind: "TRUNCATED", value: "inclusion criteria" }),
    );
  });

  it("maps ICD codes with the category -> chapter fallback, deduplicated, padded, cut", () => {
    const f = featurizer.featurize({ ...base, icdCodes: ["C71.9", "c71.4 ", "C71.9", "C50.1"] });
    expect(f.icdIds).toEqual([4, 3, 2]);
    expect(f.fallbacks).toEqual([
      expect.objectContaining({ kind: "ICD_FALLBACK", value: "C71.4", usedInstead: "C71" }),
      expect.objectContaining({ kind: "ICD_FALLBACK", value: "C50.1", usedInstead: "C" }),
    ]);
    const g = featurizer.featurize({ ...base, icdCodes: ["Z99.1"] });
    expect(g.icdIds).toEqual([1, 0, 0]);
    expect(g.fallbacks).toEqual([
      expect.objectContaining({ kind: "UNKNOWN_ICD", value: "Z99.1", usedInstead: "<unk>" }),
    ]);
    const many = featurizer.featurize({ ...base, icdCodes: ["C71.9", "C71", "C", "E11"] });
    expect(many.icdIds).toEqual([4, 3, 2]);
    expect(many.fallbacks).toContainEqual(expect.objectContaining({ kind: "TRUNCATED", value: "icdCodes" }));
  });

  it("gives bad, missing and extra drugs a zero row with mask 0 and a fallback naming the value", () => {
    const f = featurizer.featurize({
      ...base,
      drugs: [
        { name: "broken", smiles: "C1CC" },
        { name: "unknown", smiles: null },
        { name: "third", smiles: "CCO" },
      ],
    });
    expect(Array.from(f.drugMask)).toEqual([0, 0]);
    expect(f.drugFp.every((v) => v === 0)).toBe(true);
    expect(f.fallbacks).toEqual([
      expect.objectContaining({ kind: "UNPARSABLE_SMILES", value: "C1CC" }),
      expect.objectContaining({ kind: "MISSING_SMILES", value: "unknown" }),
      expect.objectContaining({ kind: "TRUNCATED", value: "drugs" }),
    ]);
  });

  it("fills a parsed drug's row with its fingerprint bits", () => {
    const f = featurizer.featurize({
      ...base,
      drugs: [
        { name: "a", smiles: "" },
        { name: "ethanol", smiles: "CCO" },
      ],
    });
    expect(Array.from(f.drugMask)).toEqual([0, 1]);
    const row0 = f.drugFp.subarray(0, spec.drug.nBits);
    const row1 = f.drugFp.subarray(spec.drug.nBits);
    expect(row0.every((v) => v === 0)).toBe(true);
    expect(row1.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(f.fallbacks[0]).toMatchObject({ kind: "MISSING_SMILES", value: "a" });
  });

  it("maps phases, case- and space-insensitively, with UNKNOWN_PHASE falling back to the default", () => {
    expect(featurizer.featurize({ ...base, phase: " Phase 1/Phase 2" })).toMatchObject({
      phaseId: 0,
      phaseModel: "phase 1",
    });
    expect(featurizer.featurize({ ...base, phase: "phase 3" })).toMatchObject({
      phaseId: 2,
      phaseModel: "phase 3",
    });
    const f = featurizer.featurize({ ...base, phase: "phase 4" });
    expect(f).toMatchObject({ phaseId: 1, phaseModel: "phase 2" });
    expect(f.fallbacks).toEqual([
      expect.objectContaining({ kind: "UNKNOWN_PHASE", value: "phase 4", usedInstead: "phase 2" }),
    ]);
  });
});
