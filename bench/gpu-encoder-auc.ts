// Does the GPU encoder change what the model is worth? Test-split ROC-AUC per phase of the served
// path with the CPU encoder (encoder.onnx, int8 activations) vs the GPU encoder (encoder-gpu.onnx,
// float activations), both on the CPU provider (the provider itself adds float rounding only; see
// bench/gpu-serving.ts), on the same trials: the difference is paired, so a sample of the test split
// estimates it well. The bar: within 0.005.
//   tsx bench/gpu-encoder-auc.ts [--fraction 0.25] [--threads 1] [--smoke]
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { createScorer } from "../src/model/create-scorer.js";
import { GPU_ENCODER } from "../src/model/gpu-encoder.js";
import type { TrialModelInput } from "../src/model/types.js";
import { prepareSeed } from "../src/seed/prepare-seed.js";
import { defaultSeedFiles } from "../src/seed/source-files.js";
import { TopCsvSource } from "../src/seed/top-csv-source.js";
import { seededModelInput } from "./lib/bench-trials.js";
import { finishMachine, machineInfo, mdTable, percentile, writeResult } from "./lib/common.js";

const { values } = parseArgs({
  options: {
    fraction: { type: "string" },
    threads: { type: "string" },
    smoke: { type: "boolean", default: false },
  },
});
const smoke = values.smoke!;
const fraction = Number(values.fraction ?? (smoke ? 0.01 : 0.25));
const threads = Number(values.threads ?? 1);
const config = loadConfig();

interface Labelled {
  input: TrialModelInput;
  label: 0 | 1;
}

/** Every 1/fraction-th labelled trial of each bundled test file, by phase file. */
async function testTrials(): Promise<Map<string, Labelled[]>> {
  const files = (await defaultSeedFiles(config.seedDataDir)).filter(
    (f) => /_test\.csv/.test(f) && !f.includes(`${path.sep}results${path.sep}`),
  );
  const out = new Map<string, Labelled[]>();
  const step = Math.max(1, Math.round(1 / fraction));
  for (const file of files) {
    const prepared = await prepareSeed([new TopCsvSource(file, config.seedDataDir)], config.seedDataDir);
    const rows = prepared.rows.trials.filter((t) => t.outcome === 0 || t.outcome === 1);
    out.set(
      path.basename(file).replace(/\.csv(\.gz)?$/, ""),
      rows
        .filter((_, i) => i % step === 0)
        .map((t) => ({
          label: t.outcome as 0 | 1,
          input: seededModelInput(t),
        })),
    );
  }
  return out;
}

function rocAuc(probabilities: number[], labels: number[]): number {
  const pos = probabilities.filter((_, i) => labels[i] === 1);
  const neg = probabilities.filter((_, i) => labels[i] === 0);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

const machine = machineInfo();
const byFile = await testTrials();
const encoders = { cpu: undefined, gpu: path.join(config.model.artifactsDir, GPU_ENCODER) };
const probabilities: Record<string, Record<string, number[]>> = {};
for (const [name, encoderFile] of Object.entries(encoders)) {
  const scorer = await createScorer(
    { ...config.model, executionProvider: "cpu", cacheSize: 0, maxBatch: 32 },
    { encoderFile, intraOpThreads: threads, log: () => undefined },
  );
  try {
    for (const [file, trials] of byFile) {
      const t0 = performance.now();
      const scores = await scorer.scoreMany(trials.map((t) => t.input));
      (probabilities[file] ??= {})[name] = scores.map((s) => s.probability);
      console.error(
        `[gpu-encoder-auc] ${name} encoder, ${file}: ${trials.length} trials in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
  } finally {
    await scorer.close();
  }
}

const rows = [...byFile].map(([file, trials]) => {
  const labels = trials.map((t) => t.label);
  const cpu = rocAuc(probabilities[file]!.cpu!, labels);
  const gpu = rocAuc(probabilities[file]!.gpu!, labels);
  const dp = probabilities[file]!.gpu!.map((p, i) => Math.abs(p - probabilities[file]!.cpu![i]!));
  return {
    file,
    trials: trials.length,
    cpu,
    gpu,
    diff: gpu - cpu,
    maxAbsDp: Math.max(...dp),
    meanAbsDp: dp.reduce((a, b) => a + b, 0) / dp.length,
    p99AbsDp: percentile(dp, 99),
  };
});
await writeResult({
  name: "gpu-encoder-auc",
  machine: finishMachine(machine),
  date: new Date().toISOString(),
  smoke,
  config: { fraction, threads, modelVersion: config.model.artifactsDir },
  medians: { rows },
  baseline: { encoder: "encoder.onnx (int8 activations), CPU provider, per-text" },
  ratio: {},
  table: mdTable(
    [
      "test file (sample)",
      "trials",
      "ROC-AUC encoder.onnx",
      `ROC-AUC ${GPU_ENCODER}`,
      "difference",
      "max abs Δp",
      "p99 abs Δp",
      "mean abs Δp",
    ],
    rows.map((r) => [
      r.file,
      String(r.trials),
      r.cpu,
      r.gpu,
      r.diff.toFixed(4),
      r.maxAbsDp,
      r.p99AbsDp,
      r.meanAbsDp,
    ]),
  ),
  notes: [
    `every ${Math.round(1 / fraction)}th labelled trial of each bundled test file; both encoders on the CPU provider`,
  ],
});
