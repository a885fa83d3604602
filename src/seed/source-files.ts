// Finds the input files and names them. A file's split comes from its name (phase_I_train.csv
// -> train); its kind from its header (label column, prediction column, or neither = SCT-style).
import { readdir } from "node:fs/promises";
import path from "node:path";

const SPLIT = /(?:^|[_\-.])(train|valid|test)(?:[_\-.]|$)/i;
const PHASE_FILE = /^phase_[A-Za-z0-9]+_(train|valid|test)\.csv(\.gz)?$/;

export function splitFromName(fileName: string): string | null {
  return SPLIT.exec(path.basename(fileName))?.[1].toLowerCase() ?? null;
}

export function displayName(filePath: string, dataDir: string): string {
  const rel = path.relative(dataDir, filePath);
  const name = rel.startsWith("..") || path.isAbsolute(rel) ? path.basename(filePath) : rel;
  return name.replace(/\.gz$/, "").split(path.sep).join("/");
}

/** Bundled default: every phase CSV, then the HINT prediction files (they annotate test trials). */
export async function defaultSeedFiles(dataDir: string): Promise<string[]> {
  const top = (await readdir(dataDir)).filter((f) => PHASE_FILE.test(f)).sort();
  let results: string[] = [];
  try {
    results = (await readdir(path.join(dataDir, "results"))).filter((f) => PHASE_FILE.test(f)).sort();
  } catch {
    // no results folder: predictions are optional
  }
  return [...top.map((f) => path.join(dataDir, f)), ...results.map((f) => path.join(dataDir, "results", f))];
}

/** `--files a,b`: paths, or names relative to the data folder with or without .csv/.gz. */
export function resolveFileArg(arg: string, dataDir: string, exists: (p: string) => boolean): string {
  const candidates = [
    arg,
    path.join(dataDir, arg),
    `${path.join(dataDir, arg)}.gz`,
    `${path.join(dataDir, arg)}.csv.gz`,
    `${path.join(dataDir, arg)}.csv`,
  ];
  const hit = candidates.find((c) => exists(c));
  if (!hit) throw new Error(`seed file not found: ${arg} (looked in ${dataDir})`);
  return path.resolve(hit);
}
