// Shared by every benchmark: machine description, medians and percentiles, the result file
// (bench/results/<name>.json, or .cache/bench-smoke/<name>.json for --smoke so a smoke run never
// overwrites real figures) and a markdown table printer.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../src/config.js";

export const resultsDir = path.join(repoRoot, "bench", "results");
export const smokeResultsDir = path.join(repoRoot, ".cache", "bench-smoke");
export const venvPython = path.join(repoRoot, ".venv", "bin", "python");

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  python: string | null;
  /** 1-minute load average when the benchmark started and ended; above the core count the CPU was shared. */
  loadAvgStart: number;
  loadAvgEnd?: number;
  busy?: boolean;
}

function pythonVersion(): string | null {
  if (!existsSync(venvPython)) return null;
  try {
    return execFileSync(venvPython, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    python: pythonVersion(),
    loadAvgStart: Number(os.loadavg()[0]!.toFixed(2)),
  };
}

/** Closes the machine record: other work on the box (the other engineers' jobs) shows in the load average. */
export function finishMachine(m: MachineInfo): MachineInfo {
  const end = Number(os.loadavg()[0]!.toFixed(2));
  // The benchmark itself keeps up to all cores busy; load well above the core count means others did too.
  return { ...m, loadAvgEnd: end, busy: Math.max(m.loadAvgStart, end) > m.cores * 1.5 };
}

export interface BenchResult {
  name: string;
  machine: MachineInfo;
  date: string;
  smoke: boolean;
  config: Record<string, unknown>;
  /** The headline figures, medians over repetitions. */
  medians: Record<string, unknown>;
  /** What the ratios divide by, measured in the same run. */
  baseline: Record<string, unknown>;
  ratio: Record<string, unknown>;
  /** Markdown rows for the README (header first). */
  table: string[];
  notes?: string[];
  [extra: string]: unknown;
}

export async function writeResult(result: BenchResult): Promise<string> {
  const dir = result.smoke ? smokeResultsDir : resultsDir;
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${result.name}.json`);
  await writeFile(file, JSON.stringify(result, null, 2) + "\n");
  console.log(result.table.join("\n"));
  for (const n of result.notes ?? []) console.log(`note: ${n}`);
  console.error(`[bench ${result.name}] wrote ${path.relative(repoRoot, file)}`);
  return file;
}

export function mdTable(header: string[], rows: (string | number)[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map((c) => (typeof c === "number" ? fmt(c) : c)).join(" | ")} |`),
  ];
}

/** Three significant digits, enough for figures that vary by a few percent between runs. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Milliseconds since t0 (performance.now()). */
export const since = (t0: number) => performance.now() - t0;
