// GPU serving: the SERVED TypeScript path (createScorer: tokenizer, RDKit fingerprints, featurizer,
// batch scorer, ONNX Runtime in Node) on each GPU execution provider that starts on this machine,
// against the CPU provider measured in the same run:
//   parity      golden trials (models/artifacts/golden/trials.json) scored by the GPU provider vs CPU
//               (|Δprobability|, |Δembedding|), and the GPU encoder alone on CPU vs CPU (what the
//               encoder graph changes, separated from what the provider changes)
//   throughput  trials/s at each batch size (trials per model run), score cache off
//   concurrency 32 single-trial requests one event-loop turn apart: model runs (micro-batching)
// Trials for throughput: the golden trials, each copy given a distinct "Cohort k." prefix so no two
// texts of a batch are the same (the per-text CPU encoder would otherwise encode duplicates once).
//   tsx bench/gpu-serving.ts [--smoke] [--providers webgpu,cuda] [--batches 1,8,32,128]
//                            [--seconds 8] [--parity-trials 50] [--cpu-threads N] [--name gpu-serving]
// bench/gpu-serving.sh prepares a lent GPU machine (Vulkan loader) and runs this.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { createScorer, type ModelScorer } from "../src/model/create-scorer.js";
import type { ExecutionProvider } from "../src/model/execution-provider.js";
import { GPU_ENCODER } from "../src/model/gpu-encoder.js";
import type { TrialModelInput, TrialScore } from "../src/model/types.js";
import { finishMachine, fmt, machineInfo, mdTable, median, writeResult } from "./lib/common.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    providers: { type: "string" },
    batches: { type: "string" },
    seconds: { type: "string" },
    "parity-trials": { type: "string" },
    "cpu-threads": { type: "string" },
    /** Result file name (bench/results/<name>.json); a lavapipe run is not a GPU figure. */
    name: { type: "string" },
  },
});
const smoke = values.smoke!;
const gpuProviders = (values.providers ?? "webgpu,cuda").split(",").filter(Boolean) as ExecutionProvider[];
const batches = (values.batches ?? (smoke ? "1,4" : "1,8,32,128")).split(",").map(Number);
/** Time spent per (provider, batch size) after the warm-up batch; at least 2 repetitions. */
const seconds = Number(values.seconds ?? (smoke ? 0.5 : 8));
const parityTrials = Number(values["parity-trials"] ?? (smoke ? 2 : 50));
const cpuThreads = Number(values["cpu-threads"] ?? os.availableParallelism());

const config = loadConfig();
const dir = config.model.artifactsDir;

interface GoldenTrial extends TrialModelInput {
  label: number | null;
}
const golden = (
  JSON.parse(readFileSync(path.join(dir, "golden", "trials.json"), "utf8")) as { trials: GoldenTrial[] }
).trials;
const raw = (t: GoldenTrial): TrialModelInput => ({
  nctId: t.nctId,
  phase: t.phase,
  inclusionCriteria: t.inclusionCriteria,
  exclusionCriteria: t.exclusionCriteria,
  drugs: t.drugs.map((d) => ({ name: d.name, smiles: d.smiles ?? null })),
  icdCodes: t.icdCodes,
});
let copies = 0;
/** n trials no batch has seen: golden trials with a fresh cohort number in front of the criteria. */
function freshTrials(n: number): TrialModelInput[] {
  return Array.from({ length: n }, (_, i) => {
    const k = ++copies;
    const t = raw(golden[i % golden.length]!);
    return { ...t, nctId: `${t.nctId}-c${k}`, inclusionCriteria: `Cohort ${k}. ${t.inclusionCriteria}` };
  });
}

const quietLog: string[] = [];
async function scorerFor(
  provider: ExecutionProvider,
  maxBatch: number,
  encoderFile?: string,
): Promise<ModelScorer> {
  return createScorer(
    { ...config.model, executionProvider: provider, maxBatch, cacheSize: 0 },
    { log: (m) => quietLog.push(m), encoderFile, intraOpThreads: cpuThreads },
  );
}

interface Parity {
  trials: number;
  maxAbsProbability: number;
  meanAbsProbability: number;
  maxAbsEmbedding: number;
}

/** ROC-AUC of probabilities against the golden labels (ties count half); null without both classes. */
function rocAuc(scores: TrialScore[]): number | null {
  const labelled = scores
    .map((s, i) => [s.probability, golden[i]!.label] as const)
    .filter(([, l]) => l === 0 || l === 1);
  const pos = labelled.filter(([, l]) => l === 1).map(([p]) => p);
  const neg = labelled.filter(([, l]) => l === 0).map(([p]) => p);
  if (!pos.length || !neg.length) return null;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}
function parity(a: TrialScore[], b: TrialScore[]): Parity {
  const dp = a.map((s, i) => Math.abs(s.probability - b[i]!.probability));
  const de = a.map((s, i) => Math.max(...s.embedding.map((v, j) => Math.abs(v - b[i]!.embedding[j]!))));
  return {
    trials: a.length,
    maxAbsProbability: Math.max(...dp),
    meanAbsProbability: dp.reduce((x, y) => x + y, 0) / dp.length,
    maxAbsEmbedding: Math.max(...de),
  };
}

async function scoreGolden(scorer: ModelScorer): Promise<TrialScore[]> {
  return scorer.scoreMany(golden.slice(0, parityTrials).map(raw));
}

/** Trials/s of scoreMany on `batch` fresh trials at a time; median over repetitions. */
async function throughput(
  provider: ExecutionProvider,
  batch: number,
): Promise<{ perSecond: number; reps: number }> {
  const scorer = await scorerFor(provider, batch);
  try {
    await scorer.scoreMany(freshTrials(batch)); // warm-up: shader compilation, allocator growth
    const rates: number[] = [];
    const t0 = performance.now();
    while (rates.length < 2 || (performance.now() - t0) / 1000 < seconds) {
      const trials = freshTrials(batch);
      const t = performance.now();
      await scorer.scoreMany(trials);
      rates.push((batch * 1000) / (performance.now() - t));
    }
    return { perSecond: median(rates), reps: rates.length };
  } finally {
    await scorer.close();
  }
}

const machine = machineInfo();
const notes: string[] = [];
const cpu = await scorerFor("cpu", 32);
const cpuGolden = await scoreGolden(cpu);
await cpu.close();
// The GPU encoder on the CPU provider: the encoder-graph part of any GPU/CPU difference.
const gpuEncoderOnCpu = await scorerFor("cpu", 32, path.join(dir, GPU_ENCODER));
const gpuEncoderOnCpuGolden = await scoreGolden(gpuEncoderOnCpu);
const encoderParity = parity(gpuEncoderOnCpuGolden, cpuGolden);
await gpuEncoderOnCpu.close();

const goldenAuc: Record<string, number | null> = {
  cpu: rocAuc(cpuGolden),
  [`${GPU_ENCODER} on cpu`]: rocAuc(gpuEncoderOnCpuGolden),
};
const started: ExecutionProvider[] = [];
const providerInfo: Record<string, unknown> = {};
/** Each GPU provider vs CPU as served (int8 encoder), and vs the same GPU encoder on CPU. */
const providerParity: Record<string, Parity> = {};
for (const provider of gpuProviders) {
  let scorer: ModelScorer;
  try {
    scorer = await scorerFor(provider, 32);
  } catch (err) {
    const why = (err as Error).message.split("\n")[0]!;
    notes.push(`${provider}: did not start (${why})`);
    providerInfo[provider] = { started: false, error: why };
    continue;
  }
  try {
    const scores = await scoreGolden(scorer);
    providerParity[provider] = parity(scores, cpuGolden);
    providerParity[`${provider} vs ${GPU_ENCODER} on cpu`] = parity(scores, gpuEncoderOnCpuGolden);
    goldenAuc[provider] = rocAuc(scores);
    providerInfo[provider] = {
      started: true,
      reason: scorer.providerReason,
      encoder: path.basename(scorer.encoderFile),
      encoderBatching: scorer.runner.encoderBatching,
    };
    started.push(provider);
  } finally {
    await scorer.close();
  }
}

const perSecond: Record<string, Record<number, number>> = {};
const reps: Record<string, Record<number, number>> = {};
for (const provider of ["cpu" as const, ...started]) {
  perSecond[provider] = {};
  reps[provider] = {};
  for (const b of batches) {
    const r = await throughput(provider, b);
    perSecond[provider]![b] = r.perSecond;
    reps[provider]![b] = r.reps;
    console.error(`[gpu-serving] ${provider} batch ${b}: ${fmt(r.perSecond)} trials/s (${r.reps} runs)`);
  }
}
/** 32 clients asking for one trial each, one event-loop turn apart (as HTTP requests arrive). */
async function thirtyTwoClients(
  provider: ExecutionProvider,
): Promise<{ runs: number; ms: number; batchWaitMs: number }> {
  const scorer = await scorerFor(provider, 32);
  try {
    await scorer.scoreMany(freshTrials(1)); // warm-up
    const before = scorer.stats().onnxRuns;
    const t0 = performance.now();
    const asks: Promise<unknown>[] = [];
    for (const trial of freshTrials(32)) {
      asks.push(scorer.score(trial));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(asks);
    return {
      runs: scorer.stats().onnxRuns - before,
      ms: performance.now() - t0,
      batchWaitMs: scorer.batchWaitMs,
    };
  } finally {
    await scorer.close();
  }
}
const concurrent: Record<string, { runs: number; ms: number; batchWaitMs: number }> = {};
for (const provider of ["cpu" as const, ...started]) concurrent[provider] = await thirtyTwoClients(provider);

notes.push(
  "32 single-trial requests one event-loop turn apart: " +
    Object.entries(concurrent)
      .map(([p, c]) => `${p} ${c.runs} model runs in ${fmt(c.ms)} ms (batch wait ${c.batchWaitMs} ms)`)
      .join("; "),
);
const ratio: Record<string, Record<number, number>> = {};
for (const p of started) {
  ratio[`${p}/cpu`] = Object.fromEntries(batches.map((b) => [b, perSecond[p]![b]! / perSecond.cpu![b]!]));
}
if (started.length === 0) notes.push("no GPU provider started: only the CPU figures were measured");
const icd = process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES ?? "";
if (started.includes("webgpu") && /lvp|lavapipe|swiftshader/i.test(icd)) {
  notes.push(
    "webgpu ran on a SOFTWARE Vulkan driver (lavapipe, on the CPU): its parity holds for the GPU code path; its speed is not a GPU figure",
  );
}

const header = ["trials per run", "cpu trials/s", ...started.flatMap((p) => [`${p} trials/s`, `${p} / cpu`])];
const rows = batches.map((b) => [
  String(b),
  perSecond.cpu![b]!,
  ...started.flatMap((p) => [perSecond[p]![b]!, `${fmt(ratio[`${p}/cpu`]![b]!)}x`]),
]);
await writeResult({
  name: values.name ?? "gpu-serving",
  machine: finishMachine(machine),
  date: new Date().toISOString(),
  smoke,
  config: {
    modelVersion: cpuGolden[0]?.modelVersion,
    batches,
    secondsPerBatchSize: seconds,
    parityTrials,
    cpuIntraOpThreads: cpuThreads,
    providersAsked: gpuProviders,
    providers: providerInfo,
    vulkanIcd: process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES ?? null,
    /** nvidia-smi's name, driver and memory, set by bench/gpu-serving.sh. */
    gpu: process.env.TRIALGRAPH_BENCH_GPU || null,
  },
  medians: { trialsPerSecond: perSecond, runs: reps },
  baseline: { provider: "cpu", encoder: "encoder.onnx (int8)", encoderBatching: "per-text" },
  ratio,
  parity: { gpuEncoderOnCpu: encoderParity, ...providerParity },
  /** On the golden trials' labels: a sanity check, not the test-split evaluation of the model card. */
  goldenRocAuc: goldenAuc,
  /** Micro-batching: model runs and wall time for 32 single-trial requests one turn apart. */
  thirtyTwoConcurrentRequests: concurrent,
  table: [
    ...mdTable(header, rows),
    "",
    ...mdTable(
      ["vs CPU (int8 encoder), golden trials", "trials", "max abs Δp", "mean abs Δp", "max abs Δembedding"],
      Object.entries({ [`${GPU_ENCODER} on cpu`]: encoderParity, ...providerParity }).map(([k, v]) => [
        k,
        String(v.trials),
        v.maxAbsProbability,
        v.meanAbsProbability,
        v.maxAbsEmbedding,
      ]),
    ),
  ],
  notes,
});
