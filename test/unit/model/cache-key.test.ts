// The score cache's key. A planned trial (predictOutcome: no nctId) is cached by its fields, so each
// field the model reads must change the key: a field left out would serve one what-if's prediction
// for another. A graph trial is cached by id and the phase model it is scored under; both kinds by
// the model version, so a new model never serves an older one's scores.
import { describe, expect, it } from "vitest";
import { BatchScorer } from "../../../src/model/batch-scorer.js";
import type { TrialModelInput } from "../../../src/model/types.js";

function scorer(modelVersion = "v1"): BatchScorer {
  return new BatchScorer({
    featurizer: {
      featurize: () => {
        throw new Error("not used");
      },
    },
    runner: {
      run: async () => {
        throw new Error("not used");
      },
    },
    modelVersion,
    executionProvider: "cpu",
    embeddingDim: 2,
    maxBatch: 4,
    cacheSize: 10,
  });
}

const planned: TrialModelInput = {
  phase: "phase 2",
  inclusionCriteria: "adults with glioma",
  exclusionCriteria: "pregnancy",
  drugs: [
    { name: "temozolomide", smiles: "Cn1nnc2c(C(N)=O)ncn2c1=O" },
    { name: "aspirin", smiles: null },
  ],
  icdCodes: ["C71.9", "C71.0"],
};

describe("score cache key", () => {
  const s = scorer();
  const key = s.cacheKey(planned);

  it("is the same for the same planned trial (a what-if asked twice runs once)", () => {
    expect(s.cacheKey(structuredClone(planned))).toBe(key);
    expect(key.startsWith("v1\u0000planned:")).toBe(true);
  });

  it.each<[string, Partial<TrialModelInput>]>([
    ["phase", { phase: "phase 3" }],
    ["inclusion criteria", { inclusionCriteria: "adults with glioma." }],
    ["exclusion criteria", { exclusionCriteria: "" }],
    [
      "criteria moved from inclusion to exclusion",
      { inclusionCriteria: "", exclusionCriteria: "adults with glioma" },
    ],
    ["a drug's SMILES", { drugs: [{ name: "temozolomide", smiles: "CCO" }, planned.drugs[1]!] }],
    [
      "a SMILES given instead of none",
      { drugs: [planned.drugs[0]!, { name: "aspirin", smiles: "CC(=O)O" }] },
    ],
    ["a drug's name", { drugs: [{ ...planned.drugs[0]!, name: "TMZ" }, planned.drugs[1]!] }],
    ["the drugs' order", { drugs: [planned.drugs[1]!, planned.drugs[0]!] }],
    ["one drug fewer", { drugs: [planned.drugs[0]!] }],
    ["an ICD code", { icdCodes: ["C71.9", "C71.1"] }],
    ["the codes' order", { icdCodes: ["C71.0", "C71.9"] }],
    ["one code fewer", { icdCodes: ["C71.9"] }],
  ])("changes with %s", (_name, change) => {
    expect(s.cacheKey({ ...planned, ...change })).not.toBe(key);
  });

  it("does not let field boundaries blur (text moved between adjacent fields)", () => {
    const a = s.cacheKey({ ...planned, inclusionCriteria: "ab", exclusionCriteria: "c" });
    const b = s.cacheKey({ ...planned, inclusionCriteria: "a", exclusionCriteria: "bc" });
    expect(a).not.toBe(b);
  });

  it("includes the model version, for planned and graph trials", () => {
    const other = scorer("v2");
    expect(other.cacheKey(planned)).not.toBe(key);
    const graphTrial = { ...planned, nctId: "NCT01234567" };
    expect(other.cacheKey(graphTrial)).not.toBe(s.cacheKey(graphTrial));
  });

  it("keys a graph trial by id and the phase it is scored as", () => {
    const t = { ...planned, nctId: "NCT01234567" };
    expect(s.cacheKey(t)).toBe("v1\u0000id:NCT01234567\u0000phase:phase 2");
    expect(s.cacheKey({ ...t, nctId: "NCT01234568" })).not.toBe(s.cacheKey(t));
    expect(s.cacheKey({ ...t, phase: "phase 3" })).not.toBe(s.cacheKey(t));
    // a planned trial never shares a key with a graph trial
    expect(s.cacheKey(t)).not.toBe(key);
  });
});
