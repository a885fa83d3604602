// The model's input for a trial already in the graph, built the same way wherever it is needed
// (GraphQL scoring on demand, the scoring job): the seeded Trial.drugSmiles / Trial.icdCodes lists
// are exactly what the Python side featurized, so they win over the TESTS / CODED_AS edges, which
// lose order and duplicates. Trials seeded without those lists fall back to the edges.
// Structurally the Scorer's TrialModelInput (graph/ does not import model/). Pure: the queries
// that feed it live in the repositories.
import type { TrialDiseaseRow, TrialDrugRow, TrialRow } from "./trial-row.js";

export interface GraphTrialModelInput {
  nctId: string;
  phase: string;
  inclusionCriteria: string;
  exclusionCriteria: string;
  drugs: { name: string; smiles: string | null }[];
  icdCodes: string[];
}

export function trialModelInput(
  trial: TrialRow,
  drugs: TrialDrugRow[],
  diseases: TrialDiseaseRow[],
): GraphTrialModelInput {
  let modelDrugs: { name: string; smiles: string | null }[];
  if (trial.drugSmiles) {
    // TOP pairs names and SMILES by position only when both lists have the same length.
    const paired = trial.drugSmiles.length === drugs.length;
    modelDrugs = trial.drugSmiles.map((smiles, i) => ({
      name: paired ? drugs[i]!.name : `smiles #${i + 1}`,
      smiles: smiles === "" ? null : smiles,
    }));
  } else {
    modelDrugs = drugs.map((d) => ({ name: d.name, smiles: d.smiles }));
  }
  const icdCodes = trial.icdCodes ?? [...new Set(diseases.flatMap((d) => d.icdCodes.map((c) => c.code)))];
  return {
    nctId: trial.nctId,
    phase: trial.phase ?? "",
    inclusionCriteria: trial.inclusionCriteria ?? "",
    exclusionCriteria: trial.exclusionCriteria ?? "",
    drugs: modelDrugs,
    icdCodes,
  };
}
