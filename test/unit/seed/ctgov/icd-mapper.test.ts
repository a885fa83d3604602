// Each mapping method, in its order of trust, and an unmapped condition.
import { describe, expect, it } from "vitest";
import { IcdMapper } from "../../../../src/seed/ctgov/icd-mapper.js";

const pairs = new Map([
  ["glioma", ["C71.9"]],
  ["alzheimer disease", ["G30.9"]],
]);
const descriptions = new Map([
  ["C50", "Malignant neoplasm of breast"],
  ["C50.9", "Malignant neoplasm of breast of unspecified site"],
  ["D05", "Carcinoma in situ of breast"],
  ["E11", "Type 2 diabetes mellitus"],
  ["J44", "Other chronic obstructive pulmonary disease"],
]);
const mapper = new IcdMapper(pairs, descriptions);

describe("IcdMapper", () => {
  it("prefers TOP's own pairs, exact then normalised", () => {
    expect(mapper.map("Glioma")).toMatchObject({ codes: ["C71.9"], method: "top-exact", confidence: 0.95 });
    expect(mapper.map("Alzheimer's Diseases")).toMatchObject({ codes: ["G30.9"], method: "top-normalised" });
  });

  it("then an ICD description, exact or by words (synonyms, plurals, word order)", () => {
    expect(mapper.map("type 2 diabetes mellitus")).toMatchObject({
      codes: ["E11"],
      method: "icd-description",
    });
    // Regression: D05 "Carcinoma in situ of breast" also holds every word (carcinoma -> malignant
    // neoplasm) and has the shorter text; the closest description is C50's.
    expect(mapper.map("Breast Cancers")).toMatchObject({ codes: ["C50"], method: "icd-description-words" });
    expect(mapper.map("Pulmonary Disease, Chronic Obstructive")).toMatchObject({
      codes: ["J44"],
      method: "icd-description-words",
    });
  });

  it("falls back to the registry's MeSH terms, and reports what it cannot map", () => {
    expect(mapper.map("Low grade brain tumour in children", ["Glioma"])).toMatchObject({
      codes: ["C71.9"],
      method: "mesh-top",
    });
    expect(mapper.map("Healthy volunteers")).toBeNull();
  });
});
