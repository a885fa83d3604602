// The RDKit worker (real wasm module in a worker thread): replaced after a molecule that breaks
// RDKit or overruns its time limit, so drug handling keeps working (issue 14, class 2).
import { afterAll, describe, expect, it } from "vitest";
import { MoleculeBusyError, MoleculeWorker } from "../../../src/domain/molecule-worker.js";
import { checkMoleculeBounds, MOLECULE_LIMITS, moleculeSize } from "../../../src/domain/molecule-bounds.js";
import { loadDrugBank } from "../../../src/domain/drugbank.js";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { loadConfig, repoRoot } from "../../../src/config.js";
import { MorganFingerprinter } from "../../../src/model/fingerprint.js";

/** A fused polycycle of `n` rings: slow for RDKit's ring perception, yet within the text bounds. */
function polycycle(n: number): string {
  let s = "C1";
  for (let i = 0; i < n; i++) s += `CC(C${(i % 8) + 2})`;
  for (let i = 0; i < n; i++) s += `C${(i % 8) + 2}`;
  return `${s}C1`;
}

describe("molecule bounds", () => {
  it("names the bound a SMILES breaks", () => {
    expect(checkMoleculeBounds("CCO")).toBeNull();
    expect(checkMoleculeBounds("C".repeat(MOLECULE_LIMITS.length + 1))?.bound).toBe("length");
    expect(checkMoleculeBounds("C".repeat(MOLECULE_LIMITS.atoms + 1))?.bound).toBe("atoms");
    expect(checkMoleculeBounds("C(".repeat(40) + "C" + ")".repeat(40))?.bound).toBe("branchDepth");
    expect(checkMoleculeBounds("C%10%11".repeat(100))?.bound).toBe("rings");
    expect(moleculeSize("ClC(Br)[NH3+]c1ccccc1")).toMatchObject({ atoms: 10, rings: 1, branchDepth: 1 });
  });

  it("admits every molecule of the bundled DrugBank table and trial data (regression: a 629-atom oligo)", async () => {
    const table = await loadDrugBank(loadConfig({}).seedDataDir);
    const cases = JSON.parse(
      gunzipSync(readFileSync(path.join(repoRoot, "test/fixtures/model/fingerprint-cases.json.gz"))).toString(
        "utf8",
      ),
    ) as { smiles: string }[] | { items?: { smiles: string }[]; cases?: { smiles: string }[] };
    const data = (Array.isArray(cases) ? cases : (cases.items ?? cases.cases ?? [])).map((c) => c.smiles);
    expect(data.length).toBeGreaterThan(10_000);
    const refused = [...table.values(), ...data].filter((s) => s && checkMoleculeBounds(s) !== null);
    expect(refused).toEqual([]);
    // The served model's golden SMILES (the largest: a 629-atom oligonucleotide), when exported.
    const goldenFile = path.join(loadConfig({}).model.artifactsDir, "golden", "fingerprints.json");
    if (existsSync(goldenFile)) {
      const golden = JSON.parse(readFileSync(goldenFile, "utf8")) as { items: { smiles: string }[] };
      expect(golden.items.filter((c) => c.smiles && checkMoleculeBounds(c.smiles) !== null)).toEqual([]);
    }
  });
});

describe("MoleculeWorker", () => {
  const worker = new MoleculeWorker({ timeoutMs: 5_000, maxQueue: 4 });
  afterAll(() => worker.close());

  it("parses and fingerprints like RDKit", async () => {
    expect(await worker.parse("CCO")).toEqual({ ok: true });
    expect(await worker.parse("C1CC(")).toEqual({ ok: false, reason: "UNPARSABLE_SMILES" });
    // The same bits as the in-process fingerprinter (whose bits the parity test checks against Python).
    const inProcess = await MorganFingerprinter.create(2, 2048);
    for (const smiles of ["c1ccccc1O", "CC(=O)Oc1ccccc1C(=O)O", "CN1C=NC2=C1C(=O)N(C(=O)N2C)C"]) {
      const fp = await worker.fingerprint(smiles, 2, 2048);
      const expected = inProcess.fingerprint(smiles);
      expect(fp.ok && expected.ok && Array.from(fp.bits!)).toEqual(expected.ok && Array.from(expected.bits));
    }
  });

  it("a SMILES that breaks RDKit costs its worker, not the next molecule (regression)", async () => {
    const before = worker.replacements;
    // Valid, but leaves the wasm module unable to parse anything afterwards.
    // (On a loaded machine it may hit the time limit first: the worker is replaced either way.)
    const reply = await worker.parse("C".repeat(3_000));
    expect(reply.ok).toBe(false);
    expect(["RDKIT_FAILED", "MOLECULE_TIMEOUT"]).toContain(!reply.ok && reply.reason);
    expect(worker.replacements).toBe(before + 1);
    expect(await worker.parse("CCO")).toEqual({ ok: true });
  });

  it("a molecule over the time limit is abandoned with its worker", async () => {
    // 5 ms against 120-160 ms of ring perception on a quiet machine (0.2 to 0.9 s under load): the
    // margin is wide both ways. With 50 ms and polycycle(100) the reply sometimes won the race on a
    // quiet machine, when vitest's main thread ran the worker's message before the late timer.
    const quick = new MoleculeWorker({ timeoutMs: 5 });
    try {
      await quick.parse("C"); // start-up is not counted against the limit
      const reply = await quick.parse(polycycle(200));
      expect(reply).toEqual({ ok: false, reason: "MOLECULE_TIMEOUT" });
      expect(quick.replacements).toBeGreaterThanOrEqual(1);
      // A fresh worker answers the next molecule (with a limit a loaded machine cannot miss).
      quick.timeoutMs = 5_000;
      expect(await quick.parse("CCO")).toEqual({ ok: true });
    } finally {
      await quick.close();
    }
  });

  it("refuses work beyond its queue limit instead of growing", async () => {
    const all = Array.from({ length: 6 }, (_, i) => worker.parse(`C${"C".repeat(i)}O`));
    const settled = await Promise.allSettled(all);
    expect(
      settled.filter((s) => s.status === "rejected" && s.reason instanceof MoleculeBusyError),
    ).toHaveLength(2);
  });
});
