// The reference data both the seeder and the API use: one DrugBank table, one ICD-10 code shape.
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDrugBank } from "../../../src/domain/drugbank.js";
import { isIcd10Code, normaliseIcd10Code } from "../../../src/domain/icd10.js";

describe("DrugBank table", () => {
  it("is keyed by lower-case name, the first spelling wins, and blanks are dropped", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "trialgraph-drugbank-"));
    await mkdir(path.join(dir, "helpers"));
    await writeFile(
      path.join(dir, "helpers", "drug_smiless.json"),
      JSON.stringify({ Aspirin: "CC(=O)O", ASPIRIN: "other", Empty: "", Odd: 3 }),
    );
    const table = await loadDrugBank(dir);
    expect([...table]).toEqual([["aspirin", "CC(=O)O"]]);
  });

  it("is empty when the data folder has none", async () => {
    expect((await loadDrugBank(os.tmpdir())).size).toBe(0);
  });
});

describe("ICD-10 code shape", () => {
  it("accepts categories and subdivisions, refuses the rest", () => {
    expect(["C71", "C71.9", "Z3A.1", "O88.211", "S72.001A"].every(isIcd10Code)).toBe(true);
    expect(["ZZZ.99", "C7", "C71.", "71.9", "C71.90000", "c71.9", ""].some(isIcd10Code)).toBe(false);
  });

  it("normalises what people type, or says null", () => {
    expect(normaliseIcd10Code(" c71.9 ")).toBe("C71.9");
    expect(normaliseIcd10Code("C719")).toBe("C71.9");
    expect(normaliseIcd10Code("ZZZ.99")).toBeNull();
  });
});
