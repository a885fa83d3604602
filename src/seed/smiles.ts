// RDKit canonical SMILES through the @rdkit/rdkit WebAssembly build. get_mol returns null for
// a SMILES it cannot parse, but a valid empty molecule for "", so "" is treated as missing
// before RDKit sees it. Every molecule is deleted: wasm memory is not garbage collected.
import { loadRDKit, type RDKitModule as RDKit } from "../domain/rdkit.js";
import type { Mol } from "@rdkit/rdkit";

export type Canonical = { ok: true; canonical: string } | { ok: false; reason: string };

export async function canonicalizer(): Promise<(smiles: string) => Canonical> {
  const rd = await loadRDKit();
  // Many drug names share one SMILES; RDKit work is the slow part of a seed.
  const cache = new Map<string, Canonical>();
  return (smiles: string) => {
    const hit = cache.get(smiles);
    if (hit) return hit;
    const result = canonicalize(rd, smiles);
    cache.set(smiles, result);
    return result;
  };
}

function canonicalize(rd: RDKit, smiles: string): Canonical {
  if (smiles.trim() === "") return { ok: false, reason: "empty SMILES" };
  let mol: Mol | null = null;
  try {
    mol = rd.get_mol(smiles);
    if (!mol || !mol.is_valid()) return { ok: false, reason: "RDKit cannot parse the SMILES" };
    return { ok: true, canonical: mol.get_smiles() };
  } catch (err) {
    return { ok: false, reason: `RDKit error: ${(err as Error).message}` };
  } finally {
    mol?.delete();
  }
}
