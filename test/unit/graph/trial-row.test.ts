// A Trial node's map projection and its typed row: every property the projection reads comes back
// in the row, missing properties become null (never "undefined" or the string "null"), and the
// list fields keep their order.
import { describe, expect, it } from "vitest";
import { toTrialRow, trialFields, type TrialRow } from "../../../src/graph/trial-row.js";

const full: Record<string, unknown> = {
  nctId: "NCT00000001",
  phase: "phase 2",
  status: "completed",
  whyStop: "funding",
  outcome: 1,
  split: "test",
  inclusionCriteria: "adults",
  exclusionCriteria: "children",
  source: ["phase_II_test.csv", "phase_III_test.csv"],
  hintPrediction: 0.4,
  successProbability: 0.7,
  modelVersion: "cladmop-1",
  phaseModel: "phase 2",
  drugSmiles: ["CCO", ""],
  icdCodes: ["C71.9", "C71"],
  scorable: true,
  notScorableReason: null,
  registryLastUpdate: "2023-05-01",
};

describe("toTrialRow", () => {
  it("keeps every stored property, in the projection's names", () => {
    expect(toTrialRow(full)).toEqual({ ...full, notScorableReason: null });
  });

  it("the projection reads exactly the row's properties, from the given variable", () => {
    const projection = trialFields("s").replace(/\s+/g, " ");
    expect(projection.startsWith("s { ")).toBe(true);
    expect(projection.endsWith(" }")).toBe(true);
    const read = [...projection.matchAll(/\.(\w+)/g)].map((m) => m[1]).sort();
    expect(read).toEqual(Object.keys(toTrialRow(full)).sort());
  });

  it("missing and null properties are null; a bare trial is scorable with no sources", () => {
    const row = toTrialRow({ nctId: "NCT1", phase: null, outcome: undefined });
    const nulls: (keyof TrialRow)[] = [
      "phase",
      "status",
      "whyStop",
      "outcome",
      "split",
      "inclusionCriteria",
      "exclusionCriteria",
      "hintPrediction",
      "successProbability",
      "modelVersion",
      "phaseModel",
      "drugSmiles",
      "icdCodes",
      "notScorableReason",
      "registryLastUpdate",
    ];
    for (const key of nulls) expect(row[key], key).toBeNull();
    expect(row.source).toEqual([]);
    expect(row.scorable).toBe(true);
    expect(row.nctId).toBe("NCT1");
  });

  it("null numbers stay null (not 0)", () => {
    const row = toTrialRow({ nctId: "N", outcome: null, successProbability: null, hintPrediction: null });
    expect([row.outcome, row.successProbability, row.hintPrediction]).toEqual([null, null, null]);
  });

  it("falsy values that are data stay: outcome 0, probability 0, empty text", () => {
    const row = toTrialRow({
      nctId: "NCT1",
      outcome: 0,
      successProbability: 0,
      hintPrediction: 0,
      whyStop: "",
    });
    expect(row.outcome).toBe(0);
    expect(row.successProbability).toBe(0);
    expect(row.hintPrediction).toBe(0);
    expect(row.whyStop).toBe("");
  });

  it("converts driver values: numbers from numeric strings, text from numbers", () => {
    const row = toTrialRow({ nctId: 42, outcome: "1", successProbability: "0.25", status: 7 });
    expect(row.nctId).toBe("42");
    expect(row.outcome).toBe(1);
    expect(row.successProbability).toBe(0.25);
    expect(row.status).toBe("7");
  });

  it("a single source (an older seed) becomes a one-item list; list items become text", () => {
    expect(toTrialRow({ nctId: "N", source: "phase_I_test.csv" }).source).toEqual(["phase_I_test.csv"]);
    expect(toTrialRow({ nctId: "N", source: [1, 2] }).source).toEqual(["1", "2"]);
    expect(toTrialRow({ nctId: "N", drugSmiles: [1], icdCodes: [2] })).toMatchObject({
      drugSmiles: ["1"],
      icdCodes: ["2"],
    });
  });

  it("drug SMILES and ICD code lists that are not lists are left out (null), not split", () => {
    expect(toTrialRow({ nctId: "N", drugSmiles: "CCO", icdCodes: "C71" })).toMatchObject({
      drugSmiles: null,
      icdCodes: null,
    });
  });

  it("only an explicit false makes a trial not scorable", () => {
    expect(toTrialRow({ nctId: "N", scorable: false }).scorable).toBe(false);
    expect(toTrialRow({ nctId: "N", scorable: null }).scorable).toBe(true);
    expect(toTrialRow({ nctId: "N", scorable: true, notScorableReason: "NO_DRUG" }).notScorableReason).toBe(
      "NO_DRUG",
    );
  });
});
