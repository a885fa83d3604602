// Bounds on a SMILES string, checked by reading the text (no RDKit): some valid but extreme
// molecules (very long chains, deep branches, hundreds of ring closures, large polycycles) take
// RDKit's WebAssembly build seconds or break it for good (issue 14, class 2: a plain chain of ~900
// carbons leaves it unable to parse anything). A typed SMILES beyond these is the user's error; the
// limits sit above every molecule of the bundled data and DrugBank table (largest: a 1,695-character
// oligonucleotide of 629 atoms, 69 ring closures, 27 nested branches). The model's own fingerprints
// are not bounded (parity with Python); they run in the worker, which survives any molecule.

export const MOLECULE_LIMITS = {
  /** Characters. */
  length: 2_000,
  /** Atoms, counting a bracket atom as one and hydrogens implied by the organic subset as none. */
  atoms: 800,
  /** Ring-closure bonds (each label opened and closed once counts one). */
  rings: 96,
  /** Nesting of branches `(...)`. */
  branchDepth: 32,
} as const;

export interface MoleculeBoundsError {
  bound: keyof typeof MOLECULE_LIMITS;
  value: number;
  limit: number;
  message: string;
}

export interface MoleculeSize {
  length: number;
  atoms: number;
  rings: number;
  branchDepth: number;
}

/** Counts atoms, ring closures and branch depth in one pass over the text. */
export function moleculeSize(smiles: string): MoleculeSize {
  let atoms = 0;
  let ringLabels = 0;
  let depth = 0;
  let branchDepth = 0;
  for (let i = 0; i < smiles.length; i++) {
    const c = smiles[i]!;
    if (c === "[") {
      atoms++;
      const end = smiles.indexOf("]", i + 1);
      i = end < 0 ? smiles.length : end;
    } else if (c === "(") {
      depth++;
      if (depth > branchDepth) branchDepth = depth;
    } else if (c === ")") {
      depth = Math.max(0, depth - 1);
    } else if (c === "%") {
      ringLabels++;
      i += 2; // %nn: a two-digit ring label
    } else if (c >= "0" && c <= "9") {
      ringLabels++;
    } else if (/[BCNOPSFIbcnops]/.test(c)) {
      atoms++;
      // Cl and Br are one atom (their second letter is lower case and not an aromatic atom).
      const next = smiles[i + 1];
      if ((c === "C" && next === "l") || (c === "B" && next === "r")) i++;
    }
  }
  return { length: smiles.length, atoms, rings: Math.ceil(ringLabels / 2), branchDepth };
}

/** The first bound a SMILES breaks, or null. */
export function checkMoleculeBounds(smiles: string): MoleculeBoundsError | null {
  const size = moleculeSize(smiles);
  for (const bound of ["length", "atoms", "rings", "branchDepth"] as const) {
    const value = size[bound];
    const limit = MOLECULE_LIMITS[bound];
    if (value > limit) {
      return {
        bound,
        value,
        limit,
        message: `SMILES has ${value} ${BOUND_WORDS[bound]}, over the limit of ${limit}`,
      };
    }
  }
  return null;
}

const BOUND_WORDS: Record<keyof typeof MOLECULE_LIMITS, string> = {
  length: "characters",
  atoms: "atoms",
  rings: "ring closures",
  branchDepth: "levels of nested branches",
};
