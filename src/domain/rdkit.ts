// The RDKit WebAssembly module, initialised once per process and shared by the model's
// fingerprints and the seeder's canonical SMILES (wasm initialisation takes about a second and
// its memory is never returned, so there must be one instance).
import rdkitPackage from "@rdkit/rdkit";
import type { MainModule as RDKitModule } from "@rdkit/rdkit";

export type { RDKitModule };

// The package is CommonJS whose typings declare an ES default export: under NodeNext the import is
// the module.exports function at run time, so take whichever of the two is callable.
const initRDKitModule = ((rdkitPackage as unknown as { default?: unknown }).default ??
  rdkitPackage) as unknown as () => Promise<RDKitModule>;

let rdkitPromise: Promise<RDKitModule> | undefined;

/** The RDKit wasm module, initialised on first use and shared afterwards. */
export function loadRDKit(): Promise<RDKitModule> {
  if (!rdkitPromise) {
    rdkitPromise = initRDKitModule().catch((err: unknown) => {
      rdkitPromise = undefined; // let a later call retry
      throw err;
    });
  }
  return rdkitPromise;
}
