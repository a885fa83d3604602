// The model input of a seeded trial: the trial's own SMILES / ICD lists (what the Python side
// featurized, in order, with duplicates) win over the graph edges; names pair with SMILES only
// when the lists have the same length; trials without the lists fall back to the edges.
import { describe, expect, it } from "vitest";
import { trialModelInput } from "../../../src/graph/trial-model-input.js";
import type { TrialDiseaseRow, TrialDrugRow } from "../../../src/graph/trial-row.js";
import { fakeTrial } from "../graphql/fakes.js";

const drugs: TrialDrugRow[] = [
  { name: "aspirin", smiles: "CC(=O)O", canonicalSmiles: null },
  { name: "ethanol", smiles: "CCO", canonicalSmiles: "CCO" },
];
const diseases: TrialDiseaseRow[] = [
  {
    name: "glioma",
    icdCodes: [
      { code: "C71.9", description: null },
      { code: "C71", description: null },
    ],
  },
  {
    name: "other",
    icdCodes: [
      { code: "C71", description: null },
      { code: "D33", description: null },
    ],
  },
];

describe("trialModelInput", () => {
  it("the seeded lists win, names paired by position when the lengths agree; empty SMILES is none", () => {
    const trial = fakeTrial(3, { drugSmiles: ["CCN", ""], icdCodes: ["Z99", "Z99"], phase: "phase 3" });
    expect(trialModelInput(trial, drugs, diseases)).toEqual({
      nctId: trial.nctId,
      phase: "phase 3",
      inclusionCriteria: trial.inclusionCriteria,
      exclusionCriteria: "",
      drugs: [
        { name: "aspirin", smiles: "CCN" },
        { name: "ethanol", smiles: null },
      ],
      icdCodes: ["Z99", "Z99"],
    });
  });

  it("lists of different lengths: SMILES numbered from 1 instead of mis-paired names", () => {
    const trial = fakeTrial(1, { drugSmiles: ["C", "CC", "CCC"] });
    expect(trialModelInput(trial, drugs, diseases).drugs.map((d) => d.name)).toEqual([
      "smiles #1",
      "smiles #2",
      "smiles #3",
    ]);
  });

  it("without the seeded lists: the drug edges and the diseases' codes, each code once, in order", () => {
    const trial = fakeTrial(2, { drugSmiles: null, icdCodes: null });
    const input = trialModelInput(trial, drugs, diseases);
    expect(input.drugs).toEqual([
      { name: "aspirin", smiles: "CC(=O)O" },
      { name: "ethanol", smiles: "CCO" },
    ]);
    expect(input.icdCodes).toEqual(["C71.9", "C71", "D33"]);
  });

  it("missing phase and criteria become empty text", () => {
    const trial = fakeTrial(2, { phase: null, inclusionCriteria: null, exclusionCriteria: null });
    expect(trialModelInput(trial, [], [])).toMatchObject({
      phase: "",
      inclusionCriteria: "",
      exclusionCriteria: "",
    });
  });
});
