import { describe, expect, it } from "vitest";
import { descriptionTable, icdLevel, icdLineage, icdParent } from "../../../src/seed/icd.js";
import { isIcd10Code as isIcdCode } from "../../../src/domain/icd10.js";

describe("ICD hierarchy", () => {
  it("walks a code up to its chapter letter", () => {
    expect(icdLineage("C71.9")).toEqual(["C71.9", "C71", "C"]);
    expect(icdLineage("O88.211")).toEqual(["O88.211", "O88.21", "O88.2", "O88", "O"]);
    expect(icdLineage("G20")).toEqual(["G20", "G"]);
    expect(icdParent("C")).toBeNull();
    expect([icdLevel("C"), icdLevel("C71"), icdLevel("C71.9"), icdLevel("O88.211")]).toEqual([0, 1, 2, 4]);
  });

  it("accepts ICD-10-CM shapes only", () => {
    expect(["C71.9", "Z3A.1", "O88.211", "G20", "S72.001A"].every(isIcdCode)).toBe(true);
    expect(["c71.9", "C7", "C71.", "71.9", "C71.90000", ""].some(isIcdCode)).toBe(false);
  });

  it("reads the undotted description table into dotted codes", () => {
    const table = descriptionTable([
      { fields: ["C71", "Malignant neoplasm of brain"] },
      { fields: ["A010", "Typhoid fever"] },
    ]);
    expect(table.get("C71")).toBe("Malignant neoplasm of brain");
    expect(table.get("A01.0")).toBe("Typhoid fever");
  });
});
