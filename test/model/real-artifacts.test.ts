// Model tests on the REAL exported artifacts (models/artifacts/): the TypeScript chain
// raw trial fields -> tokenizer -> encoder.onnx -> cladmop.onnx must give the Python outputs of
// golden/trials.json within 1e-4, and the tokenizer / fingerprints the golden ids / bits.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createScorer, loadFeaturizer, missingArtifacts } from "../../src/model/create-scorer.js";
import { MorganFingerprinter } from "../../src/model/fingerprint.js";
import { loadModelCard } from "../../src/model/model-card.js";
import type { TrialModelInput } from "../../src/model/types.js";

const config = loadConfig();
const dir = config.model.artifactsDir;
const golden = (name: string) => path.join(dir, "golden", name);
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

// Skips only while there is no trained model (no cladmop.onnx, no featurizer.json: the Python side
// writes encoder.onnx before training); once either exists, anything missing fails the tests.
const exported = ["cladmop.onnx", "featurizer.json"].some((f) => existsSync(path.join(dir, f)));
if (!exported) {
  console.warn(
    `[model tests] SKIPPED: no trained model in ${dir}; run the Python training and export (models/).`,
  );
}

interface GoldenTrial {
  input: TrialModelInput;
  probability: number;
  embedding: number[];
}

/** golden/trials.json -> inputs (raw fields only) and the Python outputs. */
function goldenTrials(): GoldenTrial[] {
  const json = readJson(golden("trials.json")) as { trials?: unknown[] } | unknown[];
  const rows = (Array.isArray(json) ? json : json.trials) as Record<string, unknown>[];
  return rows.map((r) => {
    const t = (r.input ?? r) as Record<string, unknown>;
    const out = (r.output ?? r.expected ?? r) as Record<string, unknown>;
    return {
      input: {
        nctId: t.nctId as string | undefined,
        phase: t.phase as string,
        inclusionCriteria: t.inclusionCriteria as string,
        exclusionCriteria: t.exclusionCriteria as string,
        drugs: t.drugs as TrialModelInput["drugs"],
        icdCodes: t.icdCodes as string[],
      },
      probability: out.probability as number,
      embedding: out.embedding as number[],
    };
  });
}

describe.skipIf(!exported)("real artifacts", () => {
  it("are complete", () => {
    expect(missingArtifacts(dir)).toEqual([]);
    for (const f of ["tokenizer.json", "model-card.json", "golden/trials.json"]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
  });

  it("score the golden trials from their raw fields as Python does (1e-4)", async () => {
    const trials = goldenTrials();
    expect(trials.length).toBeGreaterThan(0);
    const scorer = await createScorer({ ...config.model, maxBatch: 8 }, { log: () => undefined });
    try {
      const scores = await scorer.scoreMany(trials.map((t) => t.input));
      let worstP = 0;
      let worstE = 0;
      scores.forEach((s, i) => {
        worstP = Math.max(worstP, Math.abs(s.probability - trials[i].probability));
        expect(s.embedding).toHaveLength(trials[i].embedding.length);
        s.embedding.forEach((v, j) => (worstE = Math.max(worstE, Math.abs(v - trials[i].embedding[j]))));
        expect(Math.hypot(...s.embedding)).toBeCloseTo(1, 4);
      });
      console.info(
        `[model tests] golden: max |dp| ${worstP.toExponential(2)}, max |de| ${worstE.toExponential(2)}`,
      );
      expect(worstP).toBeLessThanOrEqual(1e-4);
      expect(worstE).toBeLessThanOrEqual(1e-4);
      expect(scorer.stats().onnxRuns).toBe(Math.ceil(trials.length / 8));
    } finally {
      await scorer.close();
    }
  });

  it("gives a trial the same score alone and in a batch", async () => {
    const trials = goldenTrials().slice(0, 6);
    const batched = await createScorer(
      { ...config.model, maxBatch: 6, cacheSize: 0 },
      { log: () => undefined },
    );
    const single = await createScorer(
      { ...config.model, maxBatch: 1, cacheSize: 0 },
      { log: () => undefined },
    );
    try {
      const a = await batched.scoreMany(trials.map((t) => t.input));
      const b = await single.scoreMany(trials.map((t) => t.input));
      a.forEach((s, i) => expect(Math.abs(s.probability - b[i].probability)).toBeLessThanOrEqual(1e-5));
    } finally {
      await Promise.all([batched.close(), single.close()]);
    }
  });

  it("tokenizes the golden tokenizer cases to the Python ids", async () => {
    const file = golden("tokenizer-cases.json");
    expect(existsSync(file)).toBe(true);
    const { tokenizer, spec } = await loadFeaturizer(dir);
    const json = readJson(file) as { cases?: unknown[] } | unknown[];
    const cases = (Array.isArray(json) ? json : json.cases) as { text: string; ids: number[] }[];
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(tokenizer.encode(c.text, spec.text.maxTokens).ids, JSON.stringify(c.text).slice(0, 80)).toEqual(
        c.ids,
      );
    }
  });

  it("fingerprints the golden SMILES to the Python bits", async () => {
    const file = golden("fingerprints.json");
    expect(existsSync(file)).toBe(true);
    const { spec } = await loadFeaturizer(dir);
    const fp = await MorganFingerprinter.create(spec.drug.radius, spec.drug.nBits);
    const json = readJson(file) as { cases?: unknown[] } | unknown[];
    const cases = (Array.isArray(json) ? json : json.cases) as { smiles: string; bits: string | null }[];
    expect(cases.length).toBeGreaterThan(0);
    const mismatches = cases.filter((c) => {
      const r = fp.fingerprint(c.smiles);
      return r.ok ? c.bits === null || bitsToString(r.bits) !== c.bits : c.bits !== null;
    });
    expect(mismatches.map((c) => c.smiles)).toEqual([]);
  });

  it("has a model card with the featurizer's model version", async () => {
    const card = await loadModelCard(dir);
    const { spec } = await loadFeaturizer(dir);
    expect(card.modelVersion ?? card.version).toBe(spec.modelVersion);
  });
});

function bitsToString(bits: Uint8Array): string {
  let s = "";
  for (const b of bits) s += b ? "1" : "0";
  return s;
}
