// Model tests on the REAL exported artifacts (models/artifacts/): the TypeScript chain
// raw trial fields -> tokenizer -> encoder.onnx -> cladmop.onnx must give the Python outputs of
// golden/trials.json within 1e-4, and the tokenizer / fingerprints the golden ids / bits.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createScorer, loadFeaturizer, missingArtifacts } from "../../src/model/create-scorer.js";
import { MorganFingerprinter } from "../../src/model/fingerprint.js";
import { loadModelCard, modelMetrics } from "../../src/model/model-card.js";
import type { TrialModelInput } from "../../src/model/types.js";

const config = loadConfig();
const dir = config.model.artifactsDir;
const golden = (name: string) => path.join(dir, "golden", name);
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));
const quiet = { log: () => undefined };

// Skips only while there is no trained model (no cladmop.onnx, no featurizer.json: the Python side
// writes encoder.onnx before training); once either exists, anything missing fails the tests.
const exported = ["cladmop.onnx", "featurizer.json"].some((f) => existsSync(path.join(dir, f)));
if (!exported) {
  console.warn(
    `[model tests] SKIPPED: no trained model in ${dir}; run the Python training and export (models/).`,
  );
}

/** One entry of golden/trials.json (models/cladmop/__main__.py write_golden). */
interface GoldenTrial extends TrialModelInput {
  /** Encoder windows Python ran; the test recomputes them from the text and compares. */
  windows_inclusion: number[][];
  windows_exclusion: number[][];
  icd_ids: number[];
  phase_id: number;
  drug_mask: number[];
  /** PyTorch CLaDMoP outputs on the features of encoder.onnx (each window encoded alone). */
  probability: number;
  embedding: number[];
  /** The same features through cladmop.onnx in Python. */
  onnxProbability: number;
  onnxEmbedding: number[];
}

function goldenTrials(): GoldenTrial[] {
  return (readJson(golden("trials.json")) as { trials: GoldenTrial[] }).trials;
}

/** Only the raw fields: the scorer must derive everything else itself. */
function rawInput(t: GoldenTrial): TrialModelInput {
  return {
    nctId: t.nctId,
    phase: t.phase,
    inclusionCriteria: t.inclusionCriteria,
    exclusionCriteria: t.exclusionCriteria,
    drugs: t.drugs.map((d) => ({ name: d.name, smiles: d.smiles ?? null })),
    icdCodes: t.icdCodes,
  };
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, j) => Math.abs(v - b[j])));

describe.skipIf(!exported)("real artifacts", () => {
  it("are complete", () => {
    expect(missingArtifacts(dir)).toEqual([]);
    for (const f of ["tokenizer.json", "model-card.json", "golden/trials.json"]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
  });

  it("featurize the golden trials as Python does", async () => {
    const { featurizer } = await loadFeaturizer(dir);
    for (const t of goldenTrials()) {
      const f = featurizer.featurize(rawInput(t));
      expect(f.inclusionWindows, t.nctId).toEqual(t.windows_inclusion);
      expect(f.exclusionWindows, t.nctId).toEqual(t.windows_exclusion);
      expect(f.icdIds, t.nctId).toEqual(t.icd_ids);
      expect(f.phaseId, t.nctId).toBe(t.phase_id);
      expect(Array.from(f.drugMask), t.nctId).toEqual(t.drug_mask);
    }
  });

  it("score the golden trials from their raw fields as Python does (1e-4)", async () => {
    const trials = goldenTrials();
    expect(trials.length).toBeGreaterThan(0);
    const scorer = await createScorer({ ...config.model, maxBatch: 8 }, quiet);
    try {
      const scores = await scorer.scoreMany(trials.map(rawInput));
      // Worst differences against PyTorch (p, e) and against Python's run of cladmop.onnx (po, eo).
      const worst = { p: 0, e: 0, po: 0, eo: 0 };
      scores.forEach((s, i) => {
        const g = trials[i];
        expect(s.embedding).toHaveLength(g.embedding.length);
        worst.p = Math.max(worst.p, Math.abs(s.probability - g.probability));
        worst.e = Math.max(worst.e, maxAbs(s.embedding, g.embedding));
        worst.po = Math.max(worst.po, Math.abs(s.probability - g.onnxProbability));
        worst.eo = Math.max(worst.eo, maxAbs(s.embedding, g.onnxEmbedding));
        expect(Math.hypot(...s.embedding)).toBeCloseTo(1, 4);
      });
      const fmt = (v: number) => v.toExponential(2);
      console.info(
        `[model tests] ${trials.length} golden trials, max |TS - PyTorch|: probability ${fmt(worst.p)}, ` +
          `embedding ${fmt(worst.e)}; max |TS - Python ONNX|: probability ${fmt(worst.po)}, embedding ${fmt(worst.eo)}`,
      );
      expect(worst.p).toBeLessThanOrEqual(1e-4);
      expect(worst.e).toBeLessThanOrEqual(1e-4);
      expect(worst.po).toBeLessThanOrEqual(1e-4);
      expect(worst.eo).toBeLessThanOrEqual(1e-4);
      expect(scorer.stats().onnxRuns).toBe(Math.ceil(trials.length / 8));
    } finally {
      await scorer.close();
    }
  });

  it("gives a trial the same score alone and in a batch", async () => {
    const inputs = goldenTrials().slice(0, 6).map(rawInput);
    const batched = await createScorer({ ...config.model, maxBatch: 6, cacheSize: 0 }, quiet);
    const single = await createScorer({ ...config.model, maxBatch: 1, cacheSize: 0 }, quiet);
    try {
      const a = await batched.scoreMany(inputs);
      const b = await single.scoreMany(inputs);
      expect(batched.stats().onnxRuns).toBe(1);
      expect(single.stats().onnxRuns).toBe(6);
      a.forEach((s, i) => {
        expect(Math.abs(s.probability - b[i].probability)).toBeLessThanOrEqual(1e-6);
        expect(maxAbs(s.embedding, b[i].embedding)).toBeLessThanOrEqual(1e-6);
      });
    } finally {
      await Promise.all([batched.close(), single.close()]);
    }
  });

  it("tokenizes the golden tokenizer cases to the Python ids", async () => {
    const { tokenizer, spec } = await loadFeaturizer(dir);
    const json = readJson(golden("tokenizer-cases.json")) as {
      maxTokens: number;
      maxWindows: number;
      cases: { text: string; ids: number[]; windows: number[][] }[];
    };
    expect(json.maxTokens).toBe(spec.text.maxTokens);
    expect(json.maxWindows).toBe(spec.text.maxWindows);
    expect(json.cases.length).toBeGreaterThan(0);
    const full = (text: string) => [tokenizer.clsId, ...tokenizer.tokenIds(text), tokenizer.sepId];
    const wrongIds = json.cases.filter((c) => full(c.text).join() !== c.ids.join());
    expect(wrongIds.map((c) => c.text.slice(0, 80))).toEqual([]);
    const wrongWindows = json.cases.filter(
      (c) =>
        JSON.stringify(tokenizer.windows(c.text, json.maxTokens, json.maxWindows).windows) !==
        JSON.stringify(c.windows),
    );
    expect(wrongWindows.map((c) => c.text.slice(0, 80))).toEqual([]);
    // the cases must exercise the window cut: some text needs more than one window, some more than allowed
    expect(json.cases.some((c) => c.windows.length > 1)).toBe(true);
    expect(json.cases.some((c) => c.ids.length - 2 > (json.maxTokens - 2) * json.maxWindows)).toBe(true);
  });

  it("fingerprints the golden SMILES to the Python bits", async () => {
    const { spec } = await loadFeaturizer(dir);
    const fp = await MorganFingerprinter.create(spec.drug.radius, spec.drug.nBits);
    const json = readJson(golden("fingerprints.json")) as {
      items: { smiles: string; bits: string | null }[];
    };
    expect(json.items.length).toBeGreaterThan(0);
    const mismatches = json.items.filter((c) => {
      const r = fp.fingerprint(c.smiles);
      return r.ok ? c.bits === null || bitsToHex(r.bits) !== c.bits : c.bits !== null;
    });
    expect(mismatches.map((c) => c.smiles)).toEqual([]);
  });

  it("has a model card with the featurizer's model version", async () => {
    const card = await loadModelCard(dir);
    const { spec } = await loadFeaturizer(dir);
    expect(card.modelVersion).toBe(spec.modelVersion);
    const rows = modelMetrics(card);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.metric === "pr_auc").every((r) => r.mean > 0 && r.mean <= 1)).toBe(true);
  });
});

/** The Python encoding (models/cladmop/export.py bits_hex): bits 4j..4j+3 as one hex digit, bit 4j high. */
function bitsToHex(bits: Uint8Array): string {
  let hex = "";
  for (let j = 0; j < bits.length; j += 4) {
    hex += ((bits[j] << 3) | (bits[j + 1] << 2) | (bits[j + 2] << 1) | bits[j + 3]).toString(16);
  }
  return hex;
}
