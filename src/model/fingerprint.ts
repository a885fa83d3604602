// Morgan bit fingerprints with the RDKit WebAssembly build, bit for bit the same as Python
// `rdkit` (rdFingerprintGenerator.GetMorganGenerator(radius, fpSize), defaults otherwise).
// The wasm module is src/domain/rdkit.ts's one instance; every molecule is freed, since wasm memory is not
// garbage-collected.
import { sharedMoleculeWorker, type MoleculeWorker } from "../domain/molecule-worker.js";
import { loadRDKit, type RDKitModule } from "../domain/rdkit.js";
import { LruCache } from "./lru-cache.js";

export type FingerprintResult =
  { ok: true; bits: Uint8Array } | { ok: false; reason: "MISSING_SMILES" | "UNPARSABLE_SMILES" };

export class MorganFingerprinter {
  private readonly details: string;
  /** Trials share drugs, so most SMILES repeat; results are immutable and kept per SMILES. */
  private readonly cache = new LruCache<string, FingerprintResult>(20_000, {
    maxBytes: 16 * 1024 * 1024,
    sizeOf: (r, smiles) => 128 + 2 * smiles.length + (r.ok ? r.bits.length : 0),
  });

  constructor(
    private readonly rdkit: RDKitModule,
    readonly radius: number,
    readonly nBits: number,
    private readonly worker: Pick<MoleculeWorker, "fingerprint"> = sharedMoleculeWorker(),
  ) {
    this.details = JSON.stringify({ radius, nBits });
  }

  static async create(radius: number, nBits: number): Promise<MorganFingerprinter> {
    return new MorganFingerprinter(await loadRDKit(), radius, nBits);
  }

  /**
   * One 0/1 byte per bit. Missing or blank SMILES are "missing" (RDKit would parse "" as a valid
   * empty molecule with an all-zero fingerprint, which is not what the Python side does).
   */
  fingerprint(smiles: string | null | undefined): FingerprintResult {
    if (smiles === null || smiles === undefined || smiles.trim() === "") {
      return { ok: false, reason: "MISSING_SMILES" };
    }
    const cached = this.cache.get(smiles);
    if (cached) return cached;
    const result = this.compute(smiles);
    this.cache.set(smiles, result);
    return result;
  }

  /**
   * Computes, in the RDKit worker (off the event loop, replaced if a molecule breaks or stalls it),
   * every fingerprint not cached yet, so that fingerprint() then answers from the cache. A molecule
   * the worker gives up on is cached as unparsable, never retried on the event loop.
   */
  async prepare(smilesList: Iterable<string | null | undefined>): Promise<void> {
    const todo = new Set<string>();
    for (const smiles of smilesList) {
      if (smiles != null && smiles.trim() !== "" && !this.cache.get(smiles)) todo.add(smiles);
    }
    for (const smiles of todo) {
      const reply = await this.worker.fingerprint(smiles, this.radius, this.nBits);
      const result: FingerprintResult =
        reply?.ok && reply.bits
          ? Object.freeze({ ok: true as const, bits: reply.bits })
          : { ok: false, reason: "UNPARSABLE_SMILES" };
      this.cache.set(smiles, result);
    }
  }

  private compute(smiles: string): FingerprintResult {
    let mol: ReturnType<RDKitModule["get_mol"]> = null;
    try {
      mol = this.rdkit.get_mol(smiles);
    } catch {
      mol = null; // older builds throw instead of returning null
    }
    if (!mol) return { ok: false, reason: "UNPARSABLE_SMILES" };
    try {
      if (!mol.is_valid()) return { ok: false, reason: "UNPARSABLE_SMILES" };
      // A string of '0'/'1', character i = bit i (the same order as Python's ToBitString).
      const text = mol.get_morgan_fp(this.details);
      if (text.length !== this.nBits) {
        throw new Error(`RDKit returned ${text.length} bits, expected ${this.nBits}`);
      }
      const bits = new Uint8Array(this.nBits);
      for (let i = 0; i < text.length; i++) bits[i] = text.charCodeAt(i) === 49 ? 1 : 0;
      return Object.freeze({ ok: true as const, bits });
    } finally {
      mol.delete();
    }
  }
}
