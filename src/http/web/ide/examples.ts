// Example queries the IDE opens with, one tab each: every use of the API, ready to run.

export interface ExampleTab {
  query: string;
  variables?: string;
}

export const EXAMPLES: ExampleTab[] = [
  {
    query: `# A trial, its prediction (model version and provider) and the most similar successful past trials.
query TrialWithSimilar($nctId: String!) {
  trial(nctId: $nctId) {
    nctId
    phase
    outcome
    drugs { name }
    diseases { name icdCodes { code } }
    outcomePrediction { probability phaseModel modelVersion executionProvider source }
    similarTrials(k: 5, successfulOnly: true) {
      score
      sharedDrugs
      sharedDiseases
      trial { nctId phase outcome }
    }
  }
}`,
    variables: JSON.stringify({ nctId: "NCT01609816" }, null, 2),
  },
  {
    query: `# What if: a planned trial's probability, what fell back, and the nearest past trials.
query WhatIf($input: PredictOutcomeInput!) {
  predictOutcome(input: $input, nearest: 3) {
    probability
    phaseModel
    modelVersion
    executionProvider
    drugs { name source }
    fallbacks { kind value usedInstead message }
    nearestTrials { score trial { nctId phase outcome } }
  }
}`,
    variables: JSON.stringify(
      {
        input: {
          phase: "phase 2",
          inclusionCriteria: "Histologically confirmed glioblastoma\nKarnofsky performance status >= 70",
          exclusionCriteria: "Prior treatment with bevacizumab\nPregnancy",
          drugs: [{ name: "temozolomide" }, { name: "bevacizumab" }],
          diseases: [{ name: "glioblastoma", icdCodes: ["C71.9"] }],
        },
      },
      null,
      2,
    ),
  },
  {
    query: `# Dashboard aggregates: observed vs predicted success by phase, ICD chapter and top drugs, and the model card.
query DashboardAggregates {
  analytics {
    byPhase { key trialCount withOutcome observedSuccessRate scoredCount predictedMean }
    byIcdChapter { key label trialCount observedSuccessRate predictedMean }
    byDrug(top: 10) { key trialCount observedSuccessRate predictedMean }
    modelCard { modelVersion loadedModelVersion executionProvider metrics { phase method metric mean std } }
  }
}`,
  },
  {
    query: `# A flat table for a dashboard tool: one row per trial, offset-paged.
query FlatTrials($filter: TrialFilterInput, $limit: Int!, $offset: Int!) {
  trialList(filter: $filter, limit: $limit, offset: $offset, orderBy: PROBABILITY_DESC) {
    nctId
    phase
    status
    outcome
    successProbability
    modelVersion
  }
}`,
    variables: JSON.stringify(
      { filter: { phase: "phase 2", hasOutcome: true }, limit: 20, offset: 0 },
      null,
      2,
    ),
  },
  {
    query: `# Full-text search over the criteria, paged through the connection (pass endCursor as $after).
query SearchTrials($text: String!, $after: String) {
  trials(first: 10, after: $after, filter: { text: $text }, orderBy: RELEVANCE) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { nctId phase outcome successProbability } }
  }
}`,
    variables: JSON.stringify({ text: "glioblastoma" }, null, 2),
  },
];
