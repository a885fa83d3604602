// Turns a trial filter into a parameterised Cypher head + WHERE clause.
// Pure (no driver) so the clause building is unit-tested on its own; values only ever travel as parameters.
import { TRIAL_CRITERIA_FULLTEXT_INDEX } from "./index-names.js";

export interface TrialFilter {
  phase?: string | null;
  status?: string | null;
  /** Any of these statuses (e.g. the running ones: recruiting, active, not recruiting, ...). */
  statusIn?: string[] | null;
  /** true: trials the model scores; false: imported trials it cannot score (not-scorable reason). */
  scorable?: boolean | null;
  /** Observed outcome: 1 success, 0 failure. */
  outcome?: number | null;
  /** When true only trials with an observed outcome, when false only those without. */
  hasOutcome?: boolean | null;
  split?: string | null;
  /** Drug name, matched case-insensitively. */
  drug?: string | null;
  /** Disease name, matched case-insensitively. */
  disease?: string | null;
  /** ICD-10 prefix such as "C" or "C71" (matched on the codes of the trial's diseases). */
  icdPrefix?: string | null;
  /** Stored successProbability range, inclusive. */
  minProbability?: number | null;
  maxProbability?: number | null;
  /** Full-text search over the criteria (all words must appear). */
  text?: string | null;
}

export type TrialOrder = "NCT_ID_ASC" | "NCT_ID_DESC" | "PROBABILITY_DESC" | "PROBABILITY_ASC" | "RELEVANCE";

/** A row's place in a trial order: its nctId, and its probability or relevance where the order uses one. */
export interface TrialKey {
  nctId: string;
  value: number | null;
  /**
   * RELEVANCE pages only: rows up to and including this one. It sizes the next page's request to
   * the full-text index (relevance-page.ts); the keyset (value, nctId) alone decides the rows.
   */
  rank?: number;
}

/** Whether the filter searches text (holds a word the full-text index can match). */
export function searchesText(filter: TrialFilter | null | undefined): boolean {
  return Boolean(filter?.text?.trim() && luceneAllWords(filter.text));
}

/**
 * The order when the caller asks none: by relevance for a text search (what a search user expects
 * first: the best matches), else by nctId. RELEVANCE without a text search is nctId order (every
 * score is 0), read as such so the nctId index drives it.
 */
export function effectiveTrialOrder(
  asked: TrialOrder | null | undefined,
  filter: TrialFilter | null | undefined,
): TrialOrder {
  const text = searchesText(filter);
  if (asked == null) return text ? "RELEVANCE" : "NCT_ID_ASC";
  return asked === "RELEVANCE" && !text ? "NCT_ID_ASC" : asked;
}

export interface TrialMatchClause {
  /** Binds `t` (the trial) and `score` (full-text relevance, 0 without a text filter). */
  cypher: string;
  params: Record<string, unknown>;
}

/**
 * Every word must appear. Each word goes in as a quoted Lucene term (only `"` and `\` need escaping
 * inside quotes), so user text such as `AND`, `(` or `title:x` can never change the query's structure;
 * words without a letter or digit are dropped (the analyzer would drop them anyway).
 */
export function luceneAllWords(text: string): string {
  return text
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .map((w) => `"${w.replace(/["\\]/g, (c) => `\\${c}`)}"`)
    .join(" AND ");
}

export function trialMatchClause(
  filter: TrialFilter | null | undefined,
  after?: { order: TrialOrder; key: TrialKey } | null,
): TrialMatchClause {
  const f = filter ?? {};
  const params: Record<string, unknown> = {};
  const where: string[] = [];
  // Without a text search the trial match is planned from an index: the nctId constraint's index
  // in nctId order (a page stops after `limit` rows), or a selective drug / disease / ICD category
  // the trials are reached from ("driving" matches). Conditions stay inside the MATCH's WHERE: a
  // projection (WITH) between them and the MATCH hid them from the planner, which then sorted every
  // trial on every page.
  const drive: string[] = [];
  let distinct = false;
  let afterWith: string | null = null;
  if (after) {
    const condition = keysetCondition(after.order, after.key.value);
    // Relevance is the full-text score, bound by the WITH; the other orders use trial properties.
    if (after.order === "RELEVANCE") afterWith = condition;
    else where.push(condition);
    params.afterId = after.key.nctId;
    params.afterValue = after.key.value;
  }
  let head = "MATCH (t:Trial)";
  let score = "0.0 AS score";

  const text = f.text?.trim();
  const textQuery = text ? luceneAllWords(text) : null;
  if (text) {
    if (textQuery) {
      head = "CALL db.index.fulltext.queryNodes($ftIndex, $ftQuery) YIELD node AS t, score";
      score = "score";
      where.push("t:Trial");
      params.ftIndex = TRIAL_CRITERIA_FULLTEXT_INDEX;
      params.ftQuery = textQuery;
    } else {
      // Only punctuation: nothing a word index could match, so nothing matches.
      where.push("false");
    }
  }
  const fromIndex = !textQuery;
  /** Paths from driving nodes to the trial, matched with the trial itself. */
  const patterns: string[] = [];
  if (f.phase != null) {
    where.push("t.phase = $phase");
    // The seed stores phases lower-case ("phase 2"); accept "Phase 2" too without losing the index.
    params.phase = f.phase.trim().toLowerCase();
  }
  if (f.status != null) {
    where.push("t.status = $status");
    params.status = f.status;
  }
  if (f.statusIn != null) {
    // Statuses are stored lower-case (TOP's spelling; the registry importer lower-cases too).
    where.push("t.status IN $statusIn");
    params.statusIn = f.statusIn.map((s) => s.trim().toLowerCase());
  }
  if (f.scorable != null) {
    where.push(f.scorable ? "coalesce(t.scorable, true)" : "t.scorable = false");
  }
  if (f.outcome != null) {
    where.push("t.outcome = $outcome");
    params.outcome = f.outcome;
  }
  if (f.hasOutcome != null) {
    where.push(f.hasOutcome ? "t.outcome IS NOT NULL" : "t.outcome IS NULL");
  }
  if (f.split != null) {
    where.push("t.split = $split");
    params.split = f.split;
  }
  if (f.drug != null) {
    // A drug has few trials next to the whole graph: reach them from it.
    if (fromIndex) {
      drive.push("CALL { MATCH (xd:Drug) WHERE toLower(xd.name) = $drug RETURN xd }");
      patterns.push("(xd)<-[:TESTS]-(t)");
      distinct = true;
    } else where.push("EXISTS { MATCH (t)-[:TESTS]->(d:Drug) WHERE toLower(d.name) = $drug }");
    params.drug = f.drug.toLowerCase();
  }
  if (f.disease != null) {
    if (fromIndex) {
      drive.push("CALL { MATCH (xs:Disease) WHERE toLower(xs.name) = $disease RETURN xs }");
      patterns.push("(xs)<-[:STUDIES]-(t)");
      distinct = true;
    } else where.push("EXISTS { MATCH (t)-[:STUDIES]->(s:Disease) WHERE toLower(s.name) = $disease }");
    params.disease = f.disease.toLowerCase();
  }
  if (f.icdPrefix != null) {
    const prefix = f.icdPrefix.toUpperCase();
    params.icdPrefix = prefix;
    // A category or code (3+ characters) is selective: reach its trials from the codes. A chapter
    // ("C") or block holds a large share of all trials: scanning trials in order finds a page of
    // them after a few rows.
    if (fromIndex && prefix.length >= 3) {
      drive.push("CALL { MATCH (xc:IcdCode) WHERE xc.code STARTS WITH $icdPrefix RETURN xc }");
      patterns.push("(xc)<-[:CODED_AS]-(:Disease)<-[:STUDIES]-(t)");
      distinct = true;
    } else
      where.push(
        "EXISTS { MATCH (t)-[:STUDIES]->(:Disease)-[:CODED_AS]->(c:IcdCode) WHERE c.code STARTS WITH $icdPrefix }",
      );
  }
  if (f.minProbability != null) {
    where.push("t.successProbability >= $minProbability");
    params.minProbability = f.minProbability;
  }
  if (f.maxProbability != null) {
    where.push("t.successProbability <= $maxProbability");
    params.maxProbability = f.maxProbability;
  }
  if (fromIndex && patterns.length === 0 && (after?.order ?? "NCT_ID_ASC").startsWith("NCT_ID")) {
    // Lets the planner read trials from the nctId index in order and stop after a page.
    where.push("t.nctId IS NOT NULL");
  }
  if (patterns.length > 0) head = `MATCH ${["(t:Trial)", ...patterns].join(", ")}`;
  // Driving nodes first (uncorrelated CALLs, run once), then the trials reached from them.
  const match = [...drive, where.length > 0 ? `${head} WHERE ${where.join(" AND ")}` : head].join(" ");
  const cypher = `${match} WITH ${distinct ? "DISTINCT " : ""}t, ${score}${afterWith ? ` WHERE ${afterWith}` : ""}`;
  return { cypher, params };
}

/** ORDER BY for a trial list; nctId breaks ties so pages are stable. Missing probabilities sort last. */
export function trialOrderBy(order: TrialOrder): string {
  switch (order) {
    case "NCT_ID_DESC":
      return "ORDER BY t.nctId DESC";
    case "PROBABILITY_DESC":
      return "ORDER BY t.successProbability IS NULL, t.successProbability DESC, t.nctId";
    case "PROBABILITY_ASC":
      return "ORDER BY t.successProbability IS NULL, t.successProbability ASC, t.nctId";
    case "RELEVANCE":
      return "ORDER BY score DESC, t.nctId";
    case "NCT_ID_ASC":
    default:
      return "ORDER BY t.nctId";
  }
}

/** The expression whose value (besides nctId) places a row in `order`: what a cursor stores. */
export function trialOrderValue(order: TrialOrder): string {
  switch (order) {
    case "PROBABILITY_DESC":
    case "PROBABILITY_ASC":
      return "t.successProbability";
    case "RELEVANCE":
      return "score";
    default:
      return "null";
  }
}

/**
 * Rows strictly after the key ($afterId, $afterValue) in `order` (the same order trialOrderBy
 * sorts by): the keyset condition that replaces SKIP. `value` tells whether the key's probability
 * was null (those rows sort last, by nctId).
 */
export function keysetCondition(order: TrialOrder, value: number | null): string {
  const p = "t.successProbability";
  switch (order) {
    case "NCT_ID_DESC":
      return "t.nctId < $afterId";
    case "PROBABILITY_DESC":
    case "PROBABILITY_ASC": {
      if (value === null) return `(${p} IS NULL AND t.nctId > $afterId)`;
      const beyond = order === "PROBABILITY_DESC" ? "<" : ">";
      return `(${p} ${beyond} $afterValue OR (${p} = $afterValue AND t.nctId > $afterId) OR ${p} IS NULL)`;
    }
    case "RELEVANCE":
      return "(score < $afterValue OR (score = $afterValue AND t.nctId > $afterId))";
    case "NCT_ID_ASC":
    default:
      return "t.nctId > $afterId";
  }
}
