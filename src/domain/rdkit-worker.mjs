// The RDKit WebAssembly module in a worker thread (plain JavaScript: a worker cannot load
// TypeScript without a loader). Owned by src/domain/molecule-worker.ts, which sends one request at
// a time and replaces this worker when it fails or overruns its time limit: a molecule that takes
// seconds, or one that corrupts the wasm memory ("memory access out of bounds"), then costs this
// thread and never the event loop or the molecules after it.
import { parentPort } from "node:worker_threads";
import initRDKitModule from "@rdkit/rdkit";

const rdkit = await initRDKitModule();

/**
 * Whether the module still parses a trivial molecule. Some extreme SMILES leave the wasm module
 * broken without an exception: from then on every SMILES "fails to parse".
 */
function healthy() {
  const mol = rdkit.get_mol("CC");
  if (!mol) return false;
  const ok = mol.is_valid();
  mol.delete();
  return ok;
}

/** Parses; with `details`, also returns the Morgan bits (one 0/1 byte per bit). */
function handle({ smiles, details, nBits }) {
  let mol = null;
  try {
    mol = rdkit.get_mol(smiles);
  } catch {
    mol = null;
  }
  if (!mol || !mol.is_valid()) {
    mol?.delete();
    if (!healthy()) throw new Error(`RDKit is broken after parsing a SMILES of ${smiles.length} characters`);
    return { ok: false, reason: "UNPARSABLE_SMILES" };
  }
  try {
    if (!details) return { ok: true };
    const text = mol.get_morgan_fp(details);
    if (text.length !== nBits) throw new Error(`RDKit returned ${text.length} bits, expected ${nBits}`);
    const bits = new Uint8Array(nBits);
    for (let i = 0; i < text.length; i++) bits[i] = text.charCodeAt(i) === 49 ? 1 : 0;
    return { ok: true, bits };
  } finally {
    mol.delete();
  }
}

parentPort.on("message", (request) => {
  try {
    const reply = handle(request);
    parentPort.postMessage({ id: request.id, ...reply }, reply.bits ? [reply.bits.buffer] : []);
  } catch (error) {
    // The wasm module may now be broken for every later molecule: report, then end this worker so
    // that its owner starts a fresh one.
    parentPort.postMessage({ id: request.id, fatal: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
});
// The first parse is slow (wasm warm-up): do it before saying ready, so a request's time limit
// measures the molecule, not the start-up.
healthy();
parentPort.postMessage({ ready: true });
