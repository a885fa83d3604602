// RELEVANCE pages of a text search with no other condition: the page asks Lucene for its top hits
// only (`limit` in db.index.fulltext.queryNodes) instead of every hit, so its cost follows the page's
// depth, not how many trials contain the words (at 100k trials "metastatic" matched a large share of
// them, and every page sorted all those hits).
//
// Lucene ranks by score and breaks ties its own way (by document id); the API's order is score, then
// nctId. The top `window` hits are therefore exact only above the lowest score among them (the
// floor): a hit left out has a score at or below the floor, so it may belong among the page's rows
// that sit at the floor itself. A page is settled when Lucene returned fewer hits than asked (it
// returned them all) or when the page's last row scores strictly above the floor; otherwise the
// window grows and the query runs again. Pages after a cursor keep the keyset condition on
// (score, nctId), so no row repeats or goes missing; the cursor's rank (rows before it) only sizes
// the next window. No session here, so the query and the settling rule are unit-tested on their own.
import { int } from "./executor.js";
import { TRIAL_CRITERIA_FULLTEXT_INDEX } from "./index-names.js";
import { keysetCondition, luceneAllWords, type TrialFilter, type TrialKey } from "./trial-filter.js";
import { trialFields } from "./trial-row.js";

/** Spare hits past the page, so that ties at the page's end usually settle in one query. */
export const WINDOW_SLACK = 100;
/** Each unsettled query asks for this many times more hits. */
export const WINDOW_GROWTH = 4;
/**
 * Above this many hits the window is dropped and Lucene returns them all (the plain sort of hits):
 * Lucene allocates its top-N queue up front, so a cursor's rank must never size it unbounded.
 */
export const MAX_WINDOW = 50_000;

/** The full-text query when `filter` searches text and holds no other condition, else null. */
export function relevanceOnlyQuery(filter: TrialFilter | null | undefined): string | null {
  if (!filter) return null;
  const query = filter.text?.trim() ? luceneAllWords(filter.text) : "";
  if (!query) return null;
  const others = Object.entries(filter).some(([k, v]) => k !== "text" && v != null);
  return others ? null : query;
}

/** Hits to ask for first: the rows before the page (the cursor's rank), the page, and some spare. */
export function firstWindow(rowsBefore: number, limit: number): number | null {
  return windowOrAll(rowsBefore + limit + WINDOW_SLACK);
}

/** The next window after an unsettled query (null: all hits). */
export function nextWindow(window: number): number | null {
  return windowOrAll(window * WINDOW_GROWTH);
}

function windowOrAll(n: number): number | null {
  return n > MAX_WINDOW ? null : n;
}

export interface RelevanceWindowResult {
  /** Hits Lucene returned for the window (before the keyset condition). */
  hitCount: number;
  /** Lowest score among them (null without hits). */
  floor: number | null;
  /** The page's scores, in order. */
  scores: number[];
}

/** Whether the page read from a window is the page of the full ordered hit list (see the file head). */
export function pageSettled(window: number | null, limit: number, result: RelevanceWindowResult): boolean {
  if (window === null || result.hitCount < window) return true;
  const last = result.scores[result.scores.length - 1];
  return result.scores.length === limit && last !== undefined && result.floor !== null && last > result.floor;
}

/**
 * Runs `readWindow` with growing windows until the page it reads is settled, and returns that page's
 * rows. `rowsBefore` (the cursor's rank plus any offset) sizes the first window.
 */
export async function settledRelevancePage<R>(
  rowsBefore: number,
  limit: number,
  readWindow: (window: number | null) => Promise<RelevanceWindowResult & { rows: R[] }>,
): Promise<R[]> {
  let window = firstWindow(rowsBefore, limit);
  for (;;) {
    const result = await readWindow(window);
    if (window === null || pageSettled(window, limit, result)) return result.rows;
    window = nextWindow(window);
  }
}

/**
 * One window's query: the top `window` hits (all when null), the keyset condition after `after`,
 * then `skip` rows (offset lists) and `limit` rows in score-then-nctId order, with the window's hit
 * count and floor for pageSettled.
 */
export function relevanceWindowQuery(
  ftQuery: string,
  window: number | null,
  after: TrialKey | null,
  skip: number,
  limit: number,
): { cypher: string; params: Record<string, unknown> } {
  const keyset = after ? `WHERE ${keysetCondition("RELEVANCE", after.value)}` : "";
  const cypher = `CALL db.index.fulltext.queryNodes($ftIndex, $ftQuery, $ftOptions) YIELD node, score
    WITH collect({t: node, score: score}) AS hits, count(*) AS hitCount, min(score) AS floor
    CALL (hits) {
      UNWIND hits AS hit
      WITH hit.t AS t, hit.score AS score ${keyset}
      WITH t, score ORDER BY score DESC, t.nctId SKIP $skip LIMIT $limit
      RETURN collect({trial: ${trialFields("t")}, value: score}) AS rows
    }
    RETURN hitCount, floor, rows`;
  return {
    cypher,
    params: {
      ftIndex: TRIAL_CRITERIA_FULLTEXT_INDEX,
      ftQuery,
      ftOptions: window === null ? {} : { limit: int(window) },
      ...(after ? { afterId: after.nctId, afterValue: after.value } : {}),
      skip: int(skip),
      limit: int(limit),
    },
  };
}
