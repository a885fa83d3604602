// The model's input for a trial already in the graph, built the same way wherever it is needed
// (GraphQL scoring on demand, the scoring job): the seeded Trial.drugSmiles / Trial.icdCodes lists
// are exactly what the Python side featurized, so they win over the TESTS / CODED_AS edges, which
// lose order and duplicates. Trials seeded without those lists fall back to the edges.
// Structurally the Scorer's TrialModelInput (graph/ does not import model/).
import { readRows, type GraphHandle } from "./read-query.js";
import {
  diseasesByTrialIds,
  drugsByTrialIds,
  trialsByIds,
  type TrialDiseaseRow,
  type TrialDrugRow,
  type TrialRow,
} from "./trial-queries.js";

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

/** Model inputs for the given trials (unknown ids are left out). */
export async function trialModelInputs(
  graph: GraphHandle,
  ids: readonly string[],
): Promise<GraphTrialModelInput[]> {
  const [trials, drugs, diseases] = await Promise.all([
    trialsByIds(graph, ids),
    drugsByTrialIds(graph, ids),
    diseasesByTrialIds(graph, ids),
  ]);
  return ids
    .filter((id) => trials.has(id))
    .map((id) => trialModelInput(trials.get(id)!, drugs.get(id) ?? [], diseases.get(id) ?? []));
}

/** Every trial id, in order (a forced re-scoring, benchmarks). */
export async function allTrialIds(graph: GraphHandle): Promise<string[]> {
  const rows = await readRows<{ id: string }>(graph, "MATCH (t:Trial) RETURN t.nctId AS id ORDER BY id");
  return rows.map((r) => r.id);
}

/** Ids of trials without a stored score of `modelVersion` (what a scoring run still has to do). */
export async function unscoredTrialIds(
  graph: GraphHandle,
  modelVersion: string,
  limit?: number,
): Promise<string[]> {
  const rows = await readRows<{ id: string }>(
    graph,
    `MATCH (t:Trial) WHERE t.modelVersion IS NULL OR t.modelVersion <> $modelVersion OR t.embedding IS NULL
     RETURN t.nctId AS id ORDER BY id` + (limit !== undefined ? " LIMIT toInteger($limit)" : ""),
    { modelVersion, limit: limit ?? null },
  );
  return rows.map((r) => r.id);
}
