// Everything before the database: read the sources, merge trials, load the ICD descriptions and
// DrugBank SMILES, canonicalise with RDKit, and build the graph rows.
import { existsSync } from "node:fs";
import path from "node:path";
import { loadDrugBank } from "../domain/drugbank.js";
import { buildGraph, type BadSmiles, type GraphRows } from "./build-graph.js";
import { parseCsv } from "./csv-records.js";
import { descriptionTable } from "./icd.js";
import { mergeTrials } from "./merge-trials.js";
import { readTextFile } from "./read-file.js";
import { canonicalizer } from "./smiles.js";
import type { Source } from "./source.js";
import type { RowIssue, TrialRow } from "./types.js";

export interface PreparedSeed {
  rows: GraphRows;
  files: { name: string; split: string | null; read: number; accepted: number; rejected: number }[];
  rowsRead: number;
  rowsAccepted: number;
  rejected: RowIssue[];
  warnings: RowIssue[];
  badSmiles: BadSmiles[];
}

function firstExisting(candidates: string[]): string | undefined {
  return candidates.find((p) => existsSync(p));
}

export async function loadIcdDescriptions(dataDir: string): Promise<Map<string, string>> {
  const file = firstExisting(
    ["icd_10_direct_mapping.csv.gz", "icd_10_direct_mapping.csv"].map((f) =>
      path.join(dataDir, "icdcode", f),
    ),
  );
  return file ? descriptionTable(parseCsv(await readTextFile(file))) : new Map();
}

/** `dataDir` holds the reference tables (ICD descriptions, DrugBank) next to the trial files. */
export async function prepareSeed(sources: Source[], dataDir: string): Promise<PreparedSeed> {
  const all: TrialRow[] = [];
  const rejected: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const files: PreparedSeed["files"] = [];
  for (const source of sources) {
    const { name, split } = source;
    const result = await source.read();
    all.push(...result.rows);
    rejected.push(...result.rejected);
    warnings.push(...result.warnings);
    files.push({
      name,
      split,
      read: result.read,
      accepted: result.rows.length,
      rejected: result.read - result.rows.length,
    });
  }
  const merged = mergeTrials(all);
  warnings.push(...merged.warnings);
  const built = buildGraph({
    trials: merged.trials,
    icdDescriptions: await loadIcdDescriptions(dataDir),
    drugBank: await loadDrugBank(dataDir),
    canonicalize: await canonicalizer(),
  });
  warnings.push(...built.warnings);
  return {
    rows: built.rows,
    files,
    rowsRead: files.reduce((n, f) => n + f.read, 0),
    rowsAccepted: all.length,
    rejected,
    warnings,
    badSmiles: built.badSmiles,
  };
}
