// Every GraphQL document the dashboard sends, with the shapes of their answers. The browser tests
// send the same documents to the API and compare what each view shows with the answer.

export interface GroupRate {
  key: string;
  label: string | null;
  trialCount: number;
  withOutcome: number;
  observedSuccessRate: number | null;
  scoredCount: number;
  predictedMean: number | null;
}

export interface MetricRow {
  phase: string;
  method: string;
  metric: string;
  mean: number;
  std: number | null;
}

const GROUP = "key label trialCount withOutcome observedSuccessRate scoredCount predictedMean";

export const OVERVIEW_QUERY = `query DashboardOverview($topDrugs: Int!) {
  analytics {
    byPhase { ${GROUP} }
    byIcdChapter { ${GROUP} }
    byDrug(top: $topDrugs) { ${GROUP} }
    modelCard { modelVersion loadedModelVersion executionProvider metrics { phase method metric mean std } }
    calibration(bins: 10) { lower upper trialCount meanPredicted observedSuccessRate }
  }
}`;

export interface CalibrationRow {
  lower: number;
  upper: number;
  trialCount: number;
  meanPredicted: number;
  observedSuccessRate: number;
}

export interface OverviewData {
  analytics: {
    byPhase: GroupRate[];
    byIcdChapter: GroupRate[];
    byDrug: GroupRate[];
    modelCard: {
      modelVersion: string | null;
      loadedModelVersion: string;
      executionProvider: string;
      metrics: MetricRow[];
    };
    calibration: CalibrationRow[];
  };
}

export interface TrialRow {
  nctId: string;
  phase: string | null;
  status: string | null;
  outcome: number | null;
  successProbability: number | null;
  modelVersion: string | null;
  drugs: { name: string }[];
  diseases: { name: string }[];
}

const ROW = "nctId phase status outcome successProbability modelVersion drugs { name } diseases { name }";

export const TRIALS_QUERY = `query DashboardTrials($filter: TrialFilterInput, $first: Int!, $after: String, $orderBy: TrialOrderBy!) {
  trials(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${ROW} } }
  }
}`;

export interface TrialsData {
  trials: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: TrialRow }[];
  };
}

export const TRIAL_ROW_QUERY = `query DashboardTrialRow($nctId: String!) { trial(nctId: $nctId) { ${ROW} } }`;

export interface SimilarRow {
  score: number;
  sharedDrugs: string[];
  sharedDiseases: string[];
  trial: { nctId: string; phase: string | null; outcome: number | null; successProbability: number | null };
}

const SIMILAR = "score sharedDrugs sharedDiseases trial { nctId phase outcome successProbability }";

export const TRIAL_QUERY = `query DashboardTrial($nctId: String!, $k: Int!, $successfulOnly: Boolean!, $samePhase: Boolean!) {
  trial(nctId: $nctId) {
    nctId phase status whyStop outcome split inclusionCriteria exclusionCriteria
    drugs { name }
    diseases { name icdCodes { code description } }
    outcomePrediction { probability phaseModel modelVersion executionProvider source fallbacks { kind value } }
    similarTrials(k: $k, successfulOnly: $successfulOnly, samePhase: $samePhase) { ${SIMILAR} }
  }
  analytics { modelCard { executionProvider } }
}`;

export interface IcdRef {
  code: string;
  description: string | null;
}

export interface TrialData {
  trial: {
    nctId: string;
    phase: string | null;
    status: string | null;
    whyStop: string | null;
    outcome: number | null;
    split: string | null;
    inclusionCriteria: string | null;
    exclusionCriteria: string | null;
    drugs: { name: string }[];
    diseases: { name: string; icdCodes: IcdRef[] }[];
    outcomePrediction: {
      probability: number;
      phaseModel: string | null;
      modelVersion: string;
      executionProvider: string | null;
      source: string;
      fallbacks: { kind: string; value: string }[];
    };
    similarTrials: SimilarRow[];
  } | null;
  analytics: { modelCard: { executionProvider: string } };
}

export const SIMILAR_QUERY = `query DashboardSimilar($nctId: String!, $k: Int!, $successfulOnly: Boolean!, $samePhase: Boolean!) {
  trial(nctId: $nctId) { similarTrials(k: $k, successfulOnly: $successfulOnly, samePhase: $samePhase) { ${SIMILAR} } }
}`;

export interface SimilarData {
  trial: { similarTrials: SimilarRow[] } | null;
}

export const WHAT_IF_QUERY = `query DashboardWhatIf($input: PredictOutcomeInput!, $nearest: Int!) {
  predictOutcome(input: $input, nearest: $nearest) {
    probability phaseModel modelVersion executionProvider
    drugs { name smiles source }
    fallbacks { kind value message usedInstead }
    nearestTrials { ${SIMILAR} }
  }
}`;

export interface WhatIfData {
  predictOutcome: {
    probability: number;
    phaseModel: string;
    modelVersion: string;
    executionProvider: string;
    drugs: { name: string; smiles: string | null; source: string }[];
    fallbacks: { kind: string; value: string; message: string; usedInstead: string | null }[];
    nearestTrials: SimilarRow[];
  };
}
