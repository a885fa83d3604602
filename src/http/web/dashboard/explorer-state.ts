// The trial explorer's state, kept in the URL's hash (`#/trials?phase=phase 2&sort=PROBABILITY_DESC`)
// so a view can be bookmarked and shared, and its translation into the API's filter.

export const PHASES = [
  "early phase 1",
  "phase 1",
  "phase 1/phase 2",
  "phase 2",
  "phase 2/phase 3",
  "phase 3",
];
export const SORTS = ["NCT_ID_ASC", "NCT_ID_DESC", "PROBABILITY_DESC", "PROBABILITY_ASC", "RELEVANCE"];
export const PAGE_SIZES = [10, 25, 50, 100];

export interface ExplorerState {
  text: string;
  phase: string;
  drug: string;
  disease: string;
  icd: string;
  /** "", "success", "failure" or "unknown". */
  outcome: string;
  minP: string;
  maxP: string;
  sort: string;
  size: number;
}

const KEYS = ["text", "phase", "drug", "disease", "icd", "outcome", "minP", "maxP", "sort", "size"] as const;

export function parseState(params: URLSearchParams): ExplorerState {
  const size = Number(params.get("size"));
  const sort = params.get("sort") ?? "";
  return {
    text: params.get("text") ?? "",
    phase: params.get("phase") ?? "",
    drug: params.get("drug") ?? "",
    disease: params.get("disease") ?? "",
    icd: params.get("icd") ?? "",
    outcome: params.get("outcome") ?? "",
    minP: params.get("minP") ?? "",
    maxP: params.get("maxP") ?? "",
    sort: SORTS.includes(sort) ? sort : "NCT_ID_ASC",
    size: PAGE_SIZES.includes(size) ? size : 25,
  };
}

export function stateQuery(state: ExplorerState): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = String(state[key]);
    if (value && !(key === "sort" && value === "NCT_ID_ASC") && !(key === "size" && value === "25"))
      params.set(key, value);
  }
  return params.toString();
}

/** A typed NCT id searches for that trial, not for words in the criteria. */
export function nctIdOf(text: string): string | null {
  const m = /^\s*(NCT\d{8})\s*$/i.exec(text);
  return m ? m[1]!.toUpperCase() : null;
}

/** The API's TrialFilterInput for the state; empty fields are left out. */
export function toFilter(state: ExplorerState): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (state.text.trim()) filter.text = state.text.trim();
  if (state.phase) filter.phase = state.phase;
  if (state.drug.trim()) filter.drug = state.drug.trim();
  if (state.disease.trim()) filter.disease = state.disease.trim();
  if (state.icd.trim()) filter.icdPrefix = state.icd.trim();
  if (state.outcome === "success") filter.outcome = 1;
  if (state.outcome === "failure") filter.outcome = 0;
  if (state.outcome === "unknown") filter.hasOutcome = false;
  if (state.minP !== "") filter.minProbability = Number(state.minP);
  if (state.maxP !== "") filter.maxProbability = Number(state.maxP);
  return filter;
}
