// The seed entry points: seed() writes the chosen files into Neo4j and writes the JSON report;
// seedIfEmpty() is what server start-up calls. The seeder reaches the graph through the executor
// only; the data folder comes from the caller (the commands pass Config.seedDataDir).
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../config.js";
import { applySchema } from "../graph/apply-schema.js";
import type { Executor } from "../graph/executor.js";
import { graphCounts, trialCount, type GraphCounts } from "../graph/graph-counts.js";
import { prepareSeed } from "./prepare-seed.js";
import { defaultSeedFiles, resolveFileArg } from "./source-files.js";
import { openSource } from "./open-source.js";
import { writeGraph, writeSteps, type WriteStats } from "./write-graph.js";

export interface SeedOptions {
  /** Paths or names relative to dataDir; default: all bundled phase and prediction files. */
  files?: string[];
  /** The bundled data folder, or the user's (Config.seedDataDir). */
  dataDir: string;
  batchSize?: number;
  /** Where the JSON report goes; null writes none. */
  reportPath?: string | null;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Called after each batch (tests use it to stop a run half-way). */
  onBatch?: (step: string, done: number, total: number) => void;
}

export interface SeedSummary {
  files: { name: string; split: string | null; read: number; accepted: number; rejected: number }[];
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  trials: number;
  /** Trials with neither inclusion nor exclusion criteria (most rows of the rebuilt TOP files). */
  trialsWithoutCriteria: number;
  rowsWritten: Record<string, number>;
  write: Omit<WriteStats, "rowsWritten">;
  counts: GraphCounts;
  badSmiles: number;
  warnings: number;
  seconds: number;
  reportPath: string | null;
}

export const DEFAULT_BATCH_SIZE = 500;
export const defaultReportPath = path.join(repoRoot, ".cache", "seed-report.json");

export async function seed(executor: Executor, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const log = options.log ?? ((line: string) => console.error(line));
  const dataDir = options.dataDir;
  const filePaths = options.files?.length
    ? options.files.map((f) => resolveFileArg(f, dataDir, existsSync))
    : await defaultSeedFiles(dataDir);
  if (filePaths.length === 0) throw new Error(`no seed files found in ${dataDir}`);
  log(`[seed] reading ${filePaths.length} file(s) from ${dataDir}`);
  const sources = await Promise.all(filePaths.map((f) => openSource(f, dataDir)));
  const prepared = await prepareSeed(sources, dataDir);
  log(
    `[seed] ${prepared.rowsRead} rows read, ${prepared.rowsAccepted} accepted, ${prepared.rejected.length} rejected -> ${prepared.rows.trials.length} trials`,
  );

  let lastLogged = 0;
  const stats = await writeGraph(executor, writeSteps(prepared.rows), {
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    signal: options.signal,
    onProgress: (step, done, total) => {
      const now = performance.now();
      if (done === total || now - lastLogged > 1000) {
        log(`[seed] ${step}: ${done}/${total}`);
        lastLogged = now;
      }
      options.onBatch?.(step, done, total);
    },
  });
  const counts = await graphCounts(executor);
  const reportPath = options.reportPath === undefined ? defaultReportPath : options.reportPath;
  const { rowsWritten, ...write } = stats;
  const summary: SeedSummary = {
    files: prepared.files,
    rowsRead: prepared.rowsRead,
    rowsAccepted: prepared.rowsAccepted,
    rowsRejected: prepared.rejected.length,
    trials: prepared.rows.trials.length,
    trialsWithoutCriteria: prepared.rows.trials.filter((t) => !t.inclusionCriteria && !t.exclusionCriteria)
      .length,
    rowsWritten,
    write,
    counts,
    badSmiles: prepared.badSmiles.length,
    warnings: prepared.warnings.length,
    seconds: (performance.now() - started) / 1000,
    reportPath,
  };
  if (reportPath) {
    await mkdir(path.dirname(reportPath), { recursive: true });
    const report = {
      summary,
      rejected: prepared.rejected,
      unparsableSmiles: prepared.badSmiles,
      warnings: prepared.warnings,
    };
    await writeFile(reportPath, JSON.stringify(report, null, 2) + "\n");
  }
  log(formatSummary(summary));
  return summary;
}

export function formatSummary(s: SeedSummary): string {
  const lines = [
    `[seed] done in ${s.seconds.toFixed(1)} s: rows read ${s.rowsRead}, accepted ${s.rowsAccepted}, rejected ${s.rowsRejected}; trials ${s.trials} (${s.trialsWithoutCriteria} without criteria); rows written ${Object.values(s.rowsWritten).reduce((a, b) => a + b, 0)} in ${s.write.batches} batches (created ${s.write.nodesCreated} nodes, ${s.write.relationshipsCreated} edges)`,
    `[seed] nodes: ${Object.entries(s.counts.nodes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `[seed] edges: ${Object.entries(s.counts.edges)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `[seed] unparsable SMILES: ${s.badSmiles}; warnings: ${s.warnings}${s.reportPath ? `; report: ${s.reportPath}` : ""}`,
  ];
  return lines.join("\n");
}

/** Applies the schema, then seeds the bundled data when the graph has no Trial yet. */
export async function seedIfEmpty(executor: Executor, options: SeedOptions): Promise<SeedSummary | null> {
  await applySchema(executor);
  if ((await trialCount(executor)) > 0) return null;
  return seed(executor, options);
}
