// Seeding throughput: the batched loader (UNWIND $rows ... MERGE, one transaction per batch)
// against a one-row-per-transaction loader, in the same run on the same Neo4j.
// The slow loader runs on a subset of trials (with the nodes and edges they need) and both
// are reported as rates. Writes bench/results/seed.json. `--smoke` uses tiny sizes.
// Clears the graph of NEO4J_URI (or the local default) and leaves it fully seeded.
//   tsx bench/seed.ts [--smoke] [--reps N] [--slow-trials N] [--batch-size N]
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { GraphRows } from "../src/seed/build-graph.js";
import { icdLineage } from "../src/seed/icd.js";
import { prepareSeed } from "../src/seed/prepare-seed.js";
import { DEFAULT_BATCH_SIZE } from "../src/seed/seed.js";
import { defaultSeedFiles } from "../src/seed/source-files.js";
import { openSource } from "../src/seed/open-source.js";
import { writeGraph, writeSteps } from "../src/seed/write-graph.js";
import { loadConfig, repoRoot } from "../src/config.js";
import { applySchema } from "../src/graph/apply-schema.js";
import { clearGraph } from "../src/graph/clear-graph.js";
import { createExecutor, JOB_QUERY_TIMEOUT_MS } from "../src/graph/executor.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    reps: { type: "string" },
    "slow-trials": { type: "string" },
    "fast-trials": { type: "string" },
    "batch-size": { type: "string", default: String(DEFAULT_BATCH_SIZE) },
    out: { type: "string", default: path.join(repoRoot, "bench", "results", "seed.json") },
  },
});
const smoke = values.smoke!;
const reps = Number(values.reps ?? (smoke ? 1 : 3));
const slowTrials = Number(values["slow-trials"] ?? (smoke ? 10 : 200));
const fastTrials = values["fast-trials"] ? Number(values["fast-trials"]) : smoke ? 100 : Infinity;
const batchSize = Number(values["batch-size"]);

/** The first n trials with every node and edge they reference. */
function subset(all: GraphRows, n: number): GraphRows {
  const trials = all.trials.slice(0, n);
  const ids = new Set(trials.map((t) => t.nctId));
  const tests = all.tests.filter((e) => ids.has(e.nctId));
  const studies = all.studies.filter((e) => ids.has(e.nctId));
  const drugNames = new Set(tests.map((e) => e.name));
  const diseaseNames = new Set(studies.map((e) => e.name));
  const codedAs = all.codedAs.filter((e) => diseaseNames.has(e.name));
  const codes = new Set<string>();
  for (const c of [...trials.flatMap((t) => t.icdCodes), ...codedAs.map((e) => e.code)])
    for (const a of icdLineage(c)) codes.add(a);
  return {
    phases: all.phases,
    icdCodes: all.icdCodes.filter((c) => codes.has(c.code)),
    drugs: all.drugs.filter((d) => drugNames.has(d.name)),
    diseases: all.diseases.filter((d) => diseaseNames.has(d.name)),
    trials,
    tests,
    studies,
    codedAs,
    isA: all.isA.filter((e) => codes.has(e.code)),
    inPhase: all.inPhase.filter((e) => ids.has(e.nctId)),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Run {
  seconds: number;
  trials: number;
  writes: number;
  transactions: number;
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Benchmark set-up seeds and scores: job deadlines, not request ones.
  const executor = createExecutor(config.neo4j).withTimeout(JOB_QUERY_TIMEOUT_MS);
  try {
    const dataDir = config.seedDataDir;
    const t0 = performance.now();
    const prepared = await prepareSeed(
      await Promise.all((await defaultSeedFiles(dataDir)).map((f) => openSource(f, dataDir))),
      dataDir,
    );
    const prepareSeconds = (performance.now() - t0) / 1000;
    await applySchema(executor);
    const fast = Number.isFinite(fastTrials) ? subset(prepared.rows, fastTrials) : prepared.rows;
    const slow = subset(prepared.rows, slowTrials);

    const measure = async (rows: GraphRows, size: number): Promise<Run> => {
      await clearGraph(executor);
      const steps = writeSteps(rows);
      const start = performance.now();
      const stats = await writeGraph(executor, steps, { batchSize: size });
      const seconds = (performance.now() - start) / 1000;
      const writes = Object.values(stats.rowsWritten).reduce((a, b) => a + b, 0);
      return { seconds, trials: rows.trials.length, writes, transactions: stats.batches };
    };

    const results: Record<"batched" | "oneRowPerTx", Run[]> = { batched: [], oneRowPerTx: [] };
    for (let i = 0; i < reps; i++) {
      results.oneRowPerTx.push(await measure(slow, 1));
      results.batched.push(await measure(fast, batchSize));
      console.error(`[bench seed] rep ${i + 1}/${reps} done`);
    }
    const summarise = (runs: Run[]) => ({
      trials: runs[0].trials,
      writes: runs[0].writes,
      transactions: runs[0].transactions,
      seconds: median(runs.map((r) => r.seconds)),
      trialsPerSec: median(runs.map((r) => r.trials / r.seconds)),
      writesPerSec: median(runs.map((r) => r.writes / r.seconds)),
    });
    const medians = { batched: summarise(results.batched), oneRowPerTx: summarise(results.oneRowPerTx) };
    const ratio = {
      trialsPerSec: medians.batched.trialsPerSec / medians.oneRowPerTx.trialsPerSec,
      writesPerSec: medians.batched.writesPerSec / medians.oneRowPerTx.writesPerSec,
    };
    const table = [
      "| loader | trials | graph writes | transactions | median s | trials/s | writes/s |",
      "|---|---|---|---|---|---|---|",
      ...(["batched", "oneRowPerTx"] as const).map((k) => {
        const m = medians[k];
        const name = k === "batched" ? `batched (UNWIND, ${batchSize}/tx)` : "one row per transaction";
        return `| ${name} | ${m.trials} | ${m.writes} | ${m.transactions} | ${m.seconds.toFixed(2)} | ${m.trialsPerSec.toFixed(1)} | ${m.writesPerSec.toFixed(0)} |`;
      }),
      "",
      `ratio (batched / one-row): ${ratio.writesPerSec.toFixed(1)}x graph writes/s, ${ratio.trialsPerSec.toFixed(1)}x trials/s; file parsing + RDKit before writing: ${prepareSeconds.toFixed(1)} s`,
    ].join("\n");
    console.log(table);
    const out = {
      benchmark: "seed",
      smoke,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
      },
      date: new Date().toISOString(),
      settings: { reps, batchSize, slowTrials: slow.trials.length, fastTrials: fast.trials.length },
      prepareSeconds,
      medians,
      ratio,
    };
    // A smoke run must not overwrite the real figures.
    const outPath =
      smoke && values.out === path.join(repoRoot, "bench", "results", "seed.json")
        ? path.join(repoRoot, ".cache", "bench-seed-smoke.json")
        : values.out!;
    await mkdir(path.dirname(outPath), { recursive: true });
    await writeFile(outPath, JSON.stringify(out, null, 2) + "\n");
    console.error(`[bench seed] wrote ${path.relative(repoRoot, outPath)}`);
    // Leave the database as a normal seed would.
    if (fast !== prepared.rows) {
      await clearGraph(executor);
      await writeGraph(executor, writeSteps(prepared.rows), { batchSize });
    }
  } finally {
    await executor.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
