// A Trial node as the read side returns it: the one map projection every trial query uses, and
// its conversion to a typed row (the embedding stays in the graph).

export interface TrialRow {
  nctId: string;
  phase: string | null;
  status: string | null;
  whyStop: string | null;
  outcome: number | null;
  split: string | null;
  inclusionCriteria: string | null;
  exclusionCriteria: string | null;
  source: string[];
  hintPrediction: number | null;
  successProbability: number | null;
  modelVersion: string | null;
  phaseModel: string | null;
  /** The source row's SMILES list in order, exactly what the model featurizes (seeded on the Trial). */
  drugSmiles: string[] | null;
  /** The source row's ICD codes, flattened in order without duplicates (model input). */
  icdCodes: string[] | null;
  /** False for an imported registry trial the model cannot score (TOP trials: true). */
  scorable: boolean;
  notScorableReason: string | null;
  /** Last update of the ClinicalTrials.gov record the trial was imported from (ISO date), or null. */
  registryLastUpdate: string | null;
}

export interface TrialDrugRow {
  name: string;
  smiles: string | null;
  canonicalSmiles: string | null;
}

export interface TrialDiseaseRow {
  name: string;
  icdCodes: { code: string; description: string | null }[];
}

/** Map projection of a trial bound to the given variable. */
export function trialFields(variable: string): string {
  return `${variable} { .nctId, .phase, .status, .whyStop, .outcome, .split, .inclusionCriteria,
  .exclusionCriteria, .source, .hintPrediction, .successProbability, .modelVersion, .phaseModel, .drugSmiles, .icdCodes,
  .scorable, .notScorableReason, .registryLastUpdate }`;
}

export function toTrialRow(raw: Record<string, unknown>): TrialRow {
  const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
  const num = (v: unknown): number | null => (v === undefined || v === null ? null : Number(v));
  return {
    nctId: String(raw.nctId),
    phase: str(raw.phase),
    status: str(raw.status),
    whyStop: str(raw.whyStop),
    outcome: num(raw.outcome),
    split: str(raw.split),
    inclusionCriteria: str(raw.inclusionCriteria),
    exclusionCriteria: str(raw.exclusionCriteria),
    source: Array.isArray(raw.source)
      ? raw.source.map(String)
      : raw.source == null
        ? []
        : [String(raw.source)],
    hintPrediction: num(raw.hintPrediction),
    successProbability: num(raw.successProbability),
    modelVersion: str(raw.modelVersion),
    phaseModel: str(raw.phaseModel),
    drugSmiles: Array.isArray(raw.drugSmiles) ? raw.drugSmiles.map(String) : null,
    icdCodes: Array.isArray(raw.icdCodes) ? raw.icdCodes.map(String) : null,
    scorable: raw.scorable !== false,
    notScorableReason: str(raw.notScorableReason),
    registryLastUpdate: str(raw.registryLastUpdate),
  };
}
