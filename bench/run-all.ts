// Runs every benchmark, each in its own process, against one Neo4j that this script starts (a local
// one on a free port with a temporary store, unless NEO4J_URI is set), then rewrites the README
// table from bench/results/*.json. `--smoke` runs the tiny versions (scripts/test.sh does, so the
// benchmarks cannot rot); smoke results go to .cache/bench-smoke/ and leave the README alone.
//   tsx bench/run-all.ts [--smoke] [--only a,b] [--skip a,b]
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, repoRoot } from "../src/config.js";
import { SMOKE_SEED_FILE } from "./lib/bench-graph.js";
import { benchNeo4j, type BenchNeo4j } from "./lib/bench-neo4j.js";
import { venvPython } from "./lib/common.js";
import { missingArtifacts } from "../src/model/create-scorer.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    only: { type: "string" },
    skip: { type: "string" },
  },
});
const smoke = values.smoke!;
const only = values.only?.split(",");
const skip = values.skip?.split(",") ?? [];

interface Bench {
  name: string;
  /** Command after `node --import tsx` (TypeScript) or the venv python. */
  args: string[];
  python?: boolean;
  needsNeo4j: boolean;
  /** Needs models/artifacts (encoder.onnx, cladmop.onnx, featurizer.json). */
  needsModel?: boolean;
}

const flag = smoke ? ["--smoke"] : [];
// Order matters: seed.ts leaves the full bundled graph, resolver-batching ignores stored scores,
// seed-score clears, seeds and scores (all trials in a full run), neighbours and load read the scores.
const BENCHES: Bench[] = [
  {
    name: "model-throughput",
    needsModel: true,
    args: ["bench/model-throughput.ts", ...flag],
    needsNeo4j: false,
  },
  // The CPU half of the GPU benchmark (the rebuild check and its timing); the GPU run is separate.
  {
    name: "gpu-cpu-check",
    needsModel: true,
    args: ["bench/gpu.py", "--device", "cpu", "--check", ...(smoke ? ["--smoke"] : ["--batches", "1,8,32"])],
    python: true,
    needsNeo4j: false,
  },
  { name: "seed", args: ["bench/seed.ts", ...flag], needsNeo4j: true },
  {
    name: "resolver-batching",
    needsModel: true,
    args: ["bench/resolver-batching.ts", ...flag],
    needsNeo4j: true,
  },
  { name: "seed-score", needsModel: true, args: ["bench/seed-score.ts", ...flag], needsNeo4j: true },
  { name: "neighbours", needsModel: true, args: ["bench/neighbours.ts", ...flag], needsNeo4j: true },
  { name: "load", needsModel: true, args: ["bench/load.ts", ...flag], needsNeo4j: true },
  // Dashboards alone and next to a client sending every hostile request class of issue 14.
  { name: "hostile-load", needsModel: true, args: ["bench/hostile-load.ts", ...flag], needsNeo4j: true },
  // The dashboard's and the IDE's first view in headless Chromium (issue 10: usable in under 1 s).
  {
    name: "dashboard-first-view",
    needsModel: true,
    args: ["bench/dashboard-first-view.ts", ...flag],
    needsNeo4j: true,
  },
  // Imports the ClinicalTrials.gov sample on top of the seeded graph and deletes what it imported.
  { name: "ctgov-import", args: ["bench/ctgov-import.ts", ...flag], needsNeo4j: true },
  { name: "ctgov-top-agreement", args: ["bench/ctgov-top-agreement.ts", ...flag], needsNeo4j: false },
  // Last: it adds synthetic trials (NCT9…) to the benchmark store.
  { name: "scale", needsModel: true, args: ["bench/scale.ts", ...flag], needsNeo4j: true },
];

function run(b: Bench): Promise<{ code: number; seconds: number }> {
  const t0 = performance.now();
  const [cmd, args] = b.python ? [venvPython, b.args] : [process.execPath, ["--import", "tsx", ...b.args]];
  console.error(`\n== bench ${b.name}: ${path.basename(cmd)} ${args.join(" ")}`);
  const child = spawn(cmd, args, { cwd: repoRoot, stdio: "inherit", env: process.env });
  return new Promise((resolve) => {
    child.on("exit", (code, signal) =>
      resolve({ code: code ?? (signal ? 1 : 0), seconds: (performance.now() - t0) / 1000 }),
    );
    child.on("error", () => resolve({ code: 1, seconds: (performance.now() - t0) / 1000 }));
  });
}

/** Smoke runs seed one small file: a data folder with it and the lookup tables, linked from the bundled one. */
async function smokeSeedDir(): Promise<string> {
  const src = loadConfig().seedDataDir;
  const dir = await mkdtemp(path.join(os.tmpdir(), "trialgraph-bench-seed-"));
  for (const entry of [SMOKE_SEED_FILE, "icdcode", "helpers", "IQVIA"]) {
    if (existsSync(path.join(src, entry))) await symlink(path.join(src, entry), path.join(dir, entry));
  }
  return dir;
}

async function runSequence(
  benches: Bench[],
  before?: () => Promise<unknown>,
): Promise<{ name: string; code: number; seconds: number; skipped?: boolean }[]> {
  const out: { name: string; code: number; seconds: number; skipped?: boolean }[] = [];
  if (benches.length && before) await before();
  for (const b of benches) {
    const missing = b.needsModel ? missingArtifacts(loadConfig().model.artifactsDir) : [];
    if (missing.length) {
      // A checkout without trained artifacts (models/ not run yet) still smoke-tests the rest.
      console.error(
        `== bench ${b.name}: skipped, model artifacts missing (${missing.join(", ")}); train and export with models/`,
      );
      out.push({ name: b.name, code: 0, seconds: 0, skipped: true });
      continue;
    }
    if (b.python && !existsSync(venvPython)) {
      console.error(
        `== bench ${b.name}: skipped, no ${path.relative(repoRoot, venvPython)} (run scripts/setup.sh)`,
      );
      out.push({ name: b.name, code: 1, seconds: 0 });
      continue;
    }
    out.push({ name: b.name, ...(await run(b)) });
  }
  return out;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const selected = BENCHES.filter((b) => (!only || only.includes(b.name)) && !skip.includes(b.name));
  const seedDir = smoke && !process.env.TRIALGRAPH_SEED_DIR ? await smokeSeedDir() : undefined;
  if (seedDir) process.env.TRIALGRAPH_SEED_DIR = seedDir;
  let neo: BenchNeo4j | undefined;
  const needNeo = selected.filter((b) => b.needsNeo4j);
  const noNeo = selected.filter((b) => !b.needsNeo4j);
  let results: { name: string; code: number; seconds: number; skipped?: boolean }[] = [];
  try {
    if (smoke) {
      // Smoke figures mean nothing, so save wall time: the model benchmarks run while Neo4j starts
      // and while the graph benchmarks run.
      const neoStart = needNeo.length ? benchNeo4j() : Promise.resolve(undefined);
      neoStart.catch(() => undefined); // awaited below; a failed start must not crash the process first
      const [a, b] = await Promise.allSettled([
        runSequence(noNeo),
        runSequence(needNeo, async () => (neo = await neoStart)),
      ]);
      for (const r of [a, b]) {
        if (r.status === "fulfilled") results.push(...r.value);
        else {
          console.error(r.reason);
          results.push({ name: "neo4j", code: 1, seconds: 0 });
        }
      }
      neo ??= await neoStart.catch(() => undefined);
    } else {
      // Full run: one benchmark at a time, so each has the CPU to itself (as far as other users allow).
      results = await runSequence(noNeo);
      results.push(...(await runSequence(needNeo, async () => (neo = await benchNeo4j()))));
    }
  } finally {
    await neo?.stop();
    if (seedDir) await rm(seedDir, { recursive: true, force: true });
  }
  if (!smoke) {
    const r = await run({ name: "report", args: ["bench/report.ts"], needsNeo4j: false });
    results.push({ name: "report", ...r });
  }
  console.error("\n== benchmarks" + (smoke ? " (smoke)" : ""));
  for (const r of results)
    console.error(
      `${r.skipped ? "skip" : r.code === 0 ? "ok  " : "FAIL"} ${r.name.padEnd(20)} ${r.seconds.toFixed(1)} s`,
    );
  console.error(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (results.some((r) => r.code !== 0)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
