// The queries the scale benchmark times over HTTP at each graph size, each the way a dashboard
// sends it, with p50 / p99 over repetitions (after warm-up runs).
import { encodeCursor } from "../../src/graphql/cursor.js";
import { dataOrThrow, postGraphQL } from "./graphql-client.js";
import { median, percentile } from "./common.js";

export interface ScaleQuery {
  name: string;
  query: string;
  /** Variables of repetition r (so lookups spread over many trials). */
  variables: (r: number) => Record<string, unknown>;
}

export interface QueryTiming {
  p50Ms: number;
  p99Ms: number;
  reps: number;
}

const PAGE = "edges { node { nctId phase successProbability } } pageInfo { hasNextPage endCursor }";

export interface QueryInputs {
  /** Trial ids to look up, spread over the graph. */
  sampleIds: string[];
  /** The id at ~90% of the nctId order: the deep page starts after it. */
  deepId: string;
  drug: string;
  disease: string;
  /** The end cursor of the first SEARCH_DEEP relevance-ranked hits of SEARCH_WORD (see searchCursor). */
  searchCursor: string;
}

/** A word in a large share of the criteria: the full-text search's hits grow with the graph. */
export const SEARCH_WORD = "metastatic";
/** How deep the "after N hits" search page starts. */
export const SEARCH_DEEP = 200;
/** The query whose endCursor is QueryInputs.searchCursor (relevance: the default order of a search). */
export const SEARCH_CURSOR_QUERY = `{ trials(first: ${SEARCH_DEEP}, filter: { text: "${SEARCH_WORD}" }) { pageInfo { endCursor } } }`;

export function scaleQueries(inputs: QueryInputs): ScaleQuery[] {
  const pick = (r: number) => inputs.sampleIds[r % inputs.sampleIds.length]!;
  const filtered = (name: string, filter: Record<string, unknown>): ScaleQuery => ({
    name,
    query: `query($f: TrialFilterInput) { trials(first: 20, filter: $f) { ${PAGE} } }`,
    variables: () => ({ f: filter }),
  });
  return [
    {
      name: "trial(nctId)",
      query: "query($id: String!) { trial(nctId: $id) { nctId phase status successProbability } }",
      variables: (r) => ({ id: pick(r) }),
    },
    { name: "trials first page", query: `{ trials(first: 20) { ${PAGE} } }`, variables: () => ({}) },
    {
      name: "trials deep page (keyset, ~90%)",
      query: `query($a: String) { trials(first: 20, after: $a) { ${PAGE} } }`,
      variables: () => ({ a: encodeCursor("NCT_ID_ASC", null, { nctId: inputs.deepId, value: null }) }),
    },
    filtered("filter drug", { drug: inputs.drug }),
    filtered("filter disease", { disease: inputs.disease }),
    filtered("filter ICD prefix C", { icdPrefix: "C" }),
    filtered("filter probability 0.80-0.81", { minProbability: 0.8, maxProbability: 0.81 }),
    // Without orderBy a search is ranked by relevance: the index's top hits only.
    filtered("full-text search", { text: SEARCH_WORD }),
    {
      name: `full-text search, after ${SEARCH_DEEP} hits (keyset)`,
      query: `query($a: String) { trials(first: 20, after: $a, filter: { text: "${SEARCH_WORD}" }) { ${PAGE} } }`,
      variables: () => ({ a: inputs.searchCursor }),
    },
    {
      // Another order needs every hit: the sort of all of them (the search's cost before relevance).
      name: "full-text search, nctId order",
      query: `query($f: TrialFilterInput) { trials(first: 20, filter: $f, orderBy: NCT_ID_ASC) { ${PAGE} } }`,
      variables: () => ({ f: { text: SEARCH_WORD } }),
    },
    {
      name: "analytics byPhase",
      query: "{ analytics { byPhase { key trialCount observedSuccessRate predictedMean } } }",
      variables: () => ({}),
    },
    {
      name: "analytics byIcdChapter",
      query: "{ analytics { byIcdChapter { key trialCount observedSuccessRate predictedMean } } }",
      variables: () => ({}),
    },
    {
      name: "analytics byDrug(top: 20)",
      query: "{ analytics { byDrug(top: 20) { key trialCount observedSuccessRate predictedMean } } }",
      variables: () => ({}),
    },
    {
      name: "similarTrials(k: 10)",
      query: "query($id: String!) { trial(nctId: $id) { similarTrials(k: 10) { score trial { nctId } } } }",
      variables: (r) => ({ id: pick(r) }),
    },
  ];
}

export async function timeQuery(
  url: string,
  q: ScaleQuery,
  reps: number,
  warmup: number,
): Promise<QueryTiming> {
  for (let r = 0; r < warmup; r++) dataOrThrow(await postGraphQL(url, q.query, q.variables(r + 1000)));
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    dataOrThrow(await postGraphQL(url, q.query, q.variables(r)));
    ms.push(performance.now() - t0);
  }
  return { p50Ms: median(ms), p99Ms: percentile(ms, 99), reps };
}
