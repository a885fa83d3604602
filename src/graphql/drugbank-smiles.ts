// The bundled DrugBank name -> SMILES table (graph-seed/data/.../drug_smiless.json.gz), loaded lazily
// once and keyed by lower-case name, used when a planned trial names a drug the graph doesn't know.
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

export function drugBankCandidates(seedDataDir: string): string[] {
  return [
    path.join(seedDataDir, "drug_smiless.json.gz"),
    path.join(seedDataDir, "helpers", "drug_smiless.json.gz"),
    path.join(seedDataDir, "drug_smiless.json"),
    path.join(seedDataDir, "helpers", "drug_smiless.json"),
  ];
}

export function drugBankReader(candidates: string[]): () => Promise<Map<string, string>> {
  let cached: Promise<Map<string, string>> | undefined;
  return () => {
    cached ??= (async () => {
      const file = candidates.find((f) => existsSync(f));
      if (!file) return new Map<string, string>();
      const raw = await readFile(file);
      const text = (file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
      const table = JSON.parse(text) as Record<string, unknown>;
      const out = new Map<string, string>();
      for (const [name, smiles] of Object.entries(table)) {
        if (typeof smiles === "string" && smiles.length > 0 && !out.has(name.toLowerCase())) {
          out.set(name.toLowerCase(), smiles);
        }
      }
      return out;
    })();
    return cached;
  };
}
