// The bundled DrugBank name -> SMILES table (graph-seed/data/helpers/drug_smiless.json.gz). The
// seeder uses it for drugs whose SMILES the trial row does not give; predictOutcome uses it for a
// planned drug the graph does not know. Both look names up case-insensitively; the first spelling
// of a name in the file wins.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";

export type DrugBankTable = ReadonlyMap<string, string>;

export function drugBankFile(seedDataDir: string): string | undefined {
  return ["drug_smiless.json.gz", "drug_smiless.json"]
    .map((f) => path.join(seedDataDir, "helpers", f))
    .find((f) => existsSync(f));
}

/** Lower-case name -> SMILES; empty when the data folder has no table. */
export async function loadDrugBank(seedDataDir: string): Promise<DrugBankTable> {
  const file = drugBankFile(seedDataDir);
  if (!file) return new Map();
  const raw = await readFile(file);
  const text = (file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  const table = JSON.parse(text) as Record<string, unknown>;
  const out = new Map<string, string>();
  for (const [name, smiles] of Object.entries(table)) {
    const key = name.toLowerCase();
    if (typeof smiles === "string" && smiles.length > 0 && !out.has(key)) out.set(key, smiles);
  }
  return out;
}

/** Loads the table on first use and keeps it (the server needs it only for some predictions). */
export function lazyDrugBank(seedDataDir: string): () => Promise<DrugBankTable> {
  let cached: Promise<DrugBankTable> | undefined;
  return () => (cached ??= loadDrugBank(seedDataDir));
}
