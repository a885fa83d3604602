// Row validation, the merge of trials listed in two files, and the pure graph build (no Neo4j).
import { describe, expect, it } from "vitest";
import { buildGraph } from "../../../src/seed/build-graph.js";
import { parseCsv } from "../../../src/seed/csv-records.js";
import { mergeTrials } from "../../../src/seed/merge-trials.js";
import { splitFromName } from "../../../src/seed/source-files.js";
import type { Canonical } from "../../../src/seed/smiles.js";
import { validateRecords } from "../../../src/seed/validate-rows.js";

const HEADER = "nctid,status,why_stop,label,phase,diseases,icdcodes,drugs,smiless,criteria";
const row = (
  nct: string,
  label: string,
  phase: string,
  drugs = "['a', 'b']",
  smiles = "['C', 'CC']",
  diseases = "['d1', 'd2']",
  icd = `"[""['C71.9']"", ""['G20']""]"`,
) => `${nct},completed,,${label},${phase},"${diseases}",${icd},"${drugs}","${smiles}",Inclusion Criteria: x`;

// A fake canonicaliser: the build step must not depend on RDKit to be tested.
const canon = (s: string): Canonical =>
  s.startsWith("X") ? { ok: false, reason: "bad" } : { ok: true, canonical: s.toLowerCase() };

describe("validateRecords", () => {
  it("keeps a drugs/smiless length mismatch as a warning, not a rejection", () => {
    const out = validateRecords(
      { name: "f.csv", split: "train" },
      parseCsv(`${HEADER}\n${row("NCT00000001", "1", "phase 1", "['a', 'b', 'c']")}\n`),
    );
    expect(out.rows).toHaveLength(1);
    expect(out.rejected).toEqual([]);
    expect(out.warnings[0]).toMatchObject({ file: "f.csv", line: 2, nctId: "NCT00000001" });
    expect(out.warnings[0].reason).toMatch(/length mismatch \(3 drugs, 2 SMILES\)/);
  });

  it("reads an SCT-style file (no label column) with outcome null", () => {
    const header = HEADER.replace(",label", "");
    const line = row("NCT00000002", "", "phase 2").replace(",,,", ",,");
    const out = validateRecords({ name: "sct.csv", split: null }, parseCsv(`${header}\n${line}\n`));
    expect(out.rejected).toEqual([]);
    expect(out.rows[0]).toMatchObject({
      nctId: "NCT00000002",
      outcome: null,
      kind: "unlabelled",
      phase: "phase 2",
    });
  });

  it("rejects a file whose header lacks columns", () => {
    const out = validateRecords(
      { name: "x.csv", split: null },
      parseCsv("nctid,phase\nNCT00000001,phase 1\n"),
    );
    expect(out.rejected[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/lacks column/) });
  });
});

describe("mergeTrials", () => {
  it("makes one trial of a phase 1/2 row in two files; split = the most protective", () => {
    const a = validateRecords(
      { name: "phase_I_train.csv", split: splitFromName("phase_I_train.csv") },
      parseCsv(`${HEADER}\n${row("NCT00000003", "1", "phase 1/phase 2")}\n`),
    );
    const b = validateRecords(
      { name: "phase_II_test.csv", split: splitFromName("phase_II_test.csv") },
      parseCsv(`${HEADER}\n${row("NCT00000003", "1", "phase 1/phase 2")}\n`),
    );
    const { trials, warnings } = mergeTrials([...a.rows, ...b.rows]);
    expect(trials).toHaveLength(1);
    expect(trials[0]).toMatchObject({
      split: "test",
      splits: ["train", "test"],
      source: ["phase_I_train.csv", "phase_II_test.csv"],
      outcome: 1,
    });
    expect(warnings).toEqual([]);
  });

  it("reports a conflicting label and keeps the first", () => {
    const a = validateRecords(
      { name: "a_train.csv", split: "train" },
      parseCsv(`${HEADER}\n${row("NCT00000004", "1", "phase 2")}\n`),
    );
    const b = validateRecords(
      { name: "b_valid.csv", split: "valid" },
      parseCsv(`${HEADER}\n${row("NCT00000004", "0", "phase 2")}\n`),
    );
    const { trials, warnings } = mergeTrials([...a.rows, ...b.rows]);
    expect(trials[0].outcome).toBe(1);
    expect(warnings.map((w) => w.reason).join()).toMatch(/label 0 conflicts with a_train.csv:2/);
  });
});

describe("buildGraph", () => {
  const build = (csv: string, drugBank = new Map<string, string>()) => {
    const { rows } = validateRecords(
      { name: "f_train.csv", split: "train" },
      parseCsv(`${HEADER}\n${csv}\n`),
    );
    return buildGraph({
      trials: mergeTrials(rows).trials,
      icdDescriptions: new Map([["C71", "Malignant neoplasm of brain"]]),
      drugBank,
      canonicalize: canon,
    });
  };

  it("pairs SMILES by position only where the lists line up, else falls back to DrugBank", () => {
    const { rows, badSmiles } = build(
      [
        row("NCT00000005", "1", "phase 1", "['a', 'b']", "['CA', 'XB']"),
        row("NCT00000006", "0", "phase 1", "['a', 'z', 'q']", "['CZ']"),
      ].join("\n"),
      // The DrugBank table is keyed by lower-case name (src/domain/drugbank.ts).
      new Map([["z", "CCZ"]]),
    );
    const drugs = Object.fromEntries(rows.drugs.map((d) => [d.name, d]));
    expect(drugs.a).toMatchObject({ smiles: "CA", canonicalSmiles: "ca", smilesSource: "trial" });
    expect(drugs.b).toMatchObject({ smiles: null, rawSmiles: "XB", canonicalSmiles: null });
    expect(drugs.z).toMatchObject({ smiles: "CCZ", smilesSource: "drugbank" });
    expect(drugs.q).toMatchObject({ smiles: null, smilesSource: null });
    expect(badSmiles).toEqual([
      { drug: "b", smiles: "XB", source: "trial", reason: "bad", trials: ["NCT00000005"] },
    ]);
    expect(rows.trials[1].drugSmiles).toEqual(["CZ"]);
  });

  it("codes diseases only where disease and ICD lists line up; keeps every code on the trial", () => {
    const { rows } = build(
      [
        row("NCT00000007", "1", "phase 1"),
        row("NCT00000008", "1", "phase 1", undefined, undefined, "['d3', 'd4', 'd5']"),
      ].join("\n"),
    );
    expect(rows.codedAs).toEqual([
      { name: "d1", code: "C71.9" },
      { name: "d2", code: "G20" },
    ]);
    expect(rows.trials[1].icdCodes).toEqual(["C71.9", "G20"]);
    expect(rows.icdCodes.map((c) => c.code)).toEqual(["C", "C71", "C71.9", "G", "G20"]);
    expect(rows.isA).toEqual([
      { code: "C71", parent: "C" },
      { code: "C71.9", parent: "C71" },
      { code: "G20", parent: "G" },
    ]);
    expect(rows.icdCodes.find((c) => c.code === "C71")?.description).toBe("Malignant neoplasm of brain");
    expect(rows.icdCodes.find((c) => c.code === "C")?.description).toMatch(/^Neoplasms/);
  });

  it("writes one TESTS edge per distinct drug with its first position", () => {
    const { rows } = build(row("NCT00000009", "1", "phase 1", "['p', 'p', 'r']", "['C', 'C', 'N']"));
    expect(rows.tests).toEqual([
      { nctId: "NCT00000009", name: "p", position: 0 },
      { nctId: "NCT00000009", name: "r", position: 2 },
    ]);
  });
});
