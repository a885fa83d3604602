import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../src/config.js";
import { MorganFingerprinter } from "../../../src/model/fingerprint.js";
import { loadRDKit } from "../../../src/domain/rdkit.js";

// Every distinct SMILES of the bundled data with the bits Python rdkit gives it
// (made by test/fixtures/model/make-fingerprint-cases.py).
const fixture = JSON.parse(
  gunzipSync(readFileSync(path.join(repoRoot, "test/fixtures/model/fingerprint-cases.json.gz"))).toString(
    "utf8",
  ),
) as { radius: number; nBits: number; cases: { smiles: string; bits: number[] | null }[] };

function onBits(bits: Uint8Array): number[] {
  const out: number[] = [];
  bits.forEach((b, i) => b && out.push(i));
  return out;
}

describe("MorganFingerprinter", async () => {
  const fp = await MorganFingerprinter.create(fixture.radius, fixture.nBits);

  it(`gives Python rdkit's bits for all ${fixture.cases.length} SMILES of the bundled data`, () => {
    const mismatches: string[] = [];
    for (const c of fixture.cases) {
      const r = fp.fingerprint(c.smiles);
      const got = r.ok ? onBits(r.bits) : null;
      if (JSON.stringify(got) !== JSON.stringify(c.bits)) mismatches.push(c.smiles);
    }
    expect(mismatches).toEqual([]);
    expect(fixture.cases.length).toBeGreaterThan(1000);
  });

  it("treats null, empty and blank SMILES as missing", () => {
    for (const s of [null, undefined, "", "   "]) {
      expect(fp.fingerprint(s)).toEqual({ ok: false, reason: "MISSING_SMILES" });
    }
  });

  it("reports unparsable SMILES", () => {
    expect(fp.fingerprint("C1CC")).toEqual({ ok: false, reason: "UNPARSABLE_SMILES" });
    expect(fp.fingerprint("not a molecule")).toEqual({ ok: false, reason: "UNPARSABLE_SMILES" });
  });

  it("fingerprints a multi-component SMILES as one molecule", () => {
    const r = fp.fingerprint("c1ccccc1.Cl");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.bits).toHaveLength(fixture.nBits);
  });

  it("loads the wasm module once", async () => {
    expect(await loadRDKit()).toBe(await loadRDKit());
  });

  it("deletes every molecule it gets, also when fingerprinting throws", async () => {
    const rdkit = await loadRDKit();
    let created = 0;
    let deleted = 0;
    // A module whose molecules count their delete() calls; the real RDKit does the chemistry.
    const counting = {
      get_mol(smiles: string) {
        const mol = rdkit.get_mol(smiles);
        if (!mol) return mol;
        created++;
        const realDelete = mol.delete.bind(mol);
        mol.delete = () => {
          deleted++;
          realDelete();
        };
        return mol;
      },
    } as unknown as typeof rdkit;
    const counted = new MorganFingerprinter(counting, 2, 1024);
    for (const c of fixture.cases.slice(0, 300)) counted.fingerprint(c.smiles);
    // nBits mismatch makes fingerprint() throw after the molecule exists.
    const wrongSize = new MorganFingerprinter(counting, 2, 1024);
    (wrongSize as unknown as { details: string }).details = JSON.stringify({ radius: 2, nBits: 512 });
    expect(() => wrongSize.fingerprint("CCO")).toThrow(/512 bits/);
    expect(created).toBeGreaterThan(250);
    expect(deleted).toBe(created);
  });
});
