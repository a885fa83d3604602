// The rule of docs/model-contract.md "Criteria splitting", on texts copied from the bundled data.
// Expected outputs are written out by hand from the rule, not produced by the code under test.
import { describe, expect, it } from "vitest";
import { splitCriteria } from "../../../src/seed/criteria.js";

describe("splitCriteria", () => {
  it("splits numbered lists and drops both headers (NCT01843972)", () => {
    const raw =
      "\n        Inclusion criteria:\n\n          1. Healthy male subjects\n\n          2. Subjects must be able to understand and comply with study requirements\n\n          3. Age from 18 to 55 years\n\n          4. BMI range: from 18.5 to 29.9 kg/m2\n\n          5. Known genotype as specified in the study protocol\n\n        Exclusion criteria:\n\n        1. Any relevant deviation from healthy conditions\n      ";
    expect(splitCriteria(raw)).toEqual({
      inclusion:
        "Healthy male subjects\nSubjects must be able to understand and comply with study requirements\nAge from 18 to 55 years\nBMI range: from 18.5 to 29.9 kg/m2\nKnown genotype as specified in the study protocol",
      exclusion: "Any relevant deviation from healthy conditions",
    });
  });

  it("puts everything into inclusion when there is no exclusion header (NCT01086332)", () => {
    expect(splitCriteria("\n        Closed to accrual.\n      ")).toEqual({
      inclusion: "Closed to accrual.",
      exclusion: "",
    });
  });

  it("keeps text after 'Inclusion Criteria' on the header line and joins wrapped bullet lines (NCT00087451)", () => {
    const raw =
      "\n        Inclusion Criteria (Patients must meet each of the following criteria to be eligible for\n        participation in the trial):\n\n          -  Male or female patients ≥ 18 years of age\n\n          -  Patients must have a radiographically suspected progressive or recurrent primary\n             malignant glioma\n\n        Exclusion Criteria:\n\n          -  Women who are pregnant\n";
    expect(splitCriteria(raw)).toEqual({
      inclusion:
        "(Patients must meet each of the following criteria to be eligible for\nparticipation in the trial):\nMale or female patients ≥ 18 years of age\nPatients must have a radiographically suspected progressive or recurrent primary\nmalignant glioma",
      exclusion: "Women who are pregnant",
    });
  });

  it("uses the first exclusion header only, case-insensitively, and CRLF line endings", () => {
    const raw =
      "INCLUSION CRITERIA\r\n* adults\r\nEXCLUSION CRITERIA :\r\n• pregnancy\r\n2) see exclusion criteria above\r\n";
    expect(splitCriteria(raw)).toEqual({
      inclusion: "adults",
      exclusion: "pregnancy\nsee exclusion criteria above",
    });
  });

  it("drops a bullet then a number, but not a number without a following space", () => {
    expect(splitCriteria("- 1. dose\n3.5 mg/kg\n12)\n-\n").inclusion).toBe("dose\n3.5 mg/kg\n12)");
  });

  it("gives empty parts for empty text", () => {
    expect(splitCriteria("")).toEqual({ inclusion: "", exclusion: "" });
  });
});
