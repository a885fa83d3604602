// HTTP caching of repeated dashboard reads. A GET whose operation selects only `analytics` (the
// aggregates and the model card: they change only with new data or a new model version) answers
// with `Cache-Control: public, max-age=60` and an ETag of its body; a client that sends the ETag
// back in If-None-Match gets 304 Not Modified without the body. Everything else (POST, trials,
// predictions, any answer with errors) carries no cache headers. Automatic persisted queries
// (Apollo's APQ) are on: a GET may carry only the query's sha256, so the judgement of each query
// text seen is remembered by its hash.
import { createHash } from "node:crypto";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";

export const ANALYTICS_MAX_AGE_S = 60;

const byHash = new LRUCache<string, boolean>({ max: 1000 });

/** True when the operation (the named one, or the only one) is a query of `analytics` fields only. */
export function isAnalyticsOnly(query: string, operationName?: string | null): boolean {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
  } catch {
    return false;
  }
  const op = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!op || op.operation !== "query" || (!operationName && operations.length !== 1)) return false;
  return op.selectionSet.selections.every(
    (s) => s.kind === Kind.FIELD && (s.name.value === "analytics" || s.name.value === "__typename"),
  );
}

interface GetRequest {
  query: string | null;
  operationName: string | null;
  persistedHash: string | null;
}

function getRequest(url: URL): GetRequest {
  let persistedHash: string | null = null;
  try {
    const ext = JSON.parse(url.searchParams.get("extensions") ?? "null") as {
      persistedQuery?: { sha256Hash?: unknown };
    } | null;
    const hash = ext?.persistedQuery?.sha256Hash;
    if (typeof hash === "string") persistedHash = hash;
  } catch {
    // Not JSON: Apollo answers the request with its own error.
  }
  return {
    query: url.searchParams.get("query"),
    operationName: url.searchParams.get("operationName"),
    persistedHash,
  };
}

/** Whether a GET request's answer may be cached (see the file's head). */
export function cacheableGet(url: URL): boolean {
  const r = getRequest(url);
  if (r.query !== null) {
    const ok = isAnalyticsOnly(r.query, r.operationName);
    byHash.set(createHash("sha256").update(r.query).digest("hex"), ok);
    return ok;
  }
  return r.persistedHash !== null && byHash.get(r.persistedHash) === true;
}

/** Remembers a POSTed query's judgement under its sha256, for later GETs by hash (APQ). */
export function rememberQuery(query: string, operationName?: string | null): void {
  byHash.set(createHash("sha256").update(query).digest("hex"), isAnalyticsOnly(query, operationName));
}

/** Quoted strong ETag of a response body. */
export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}
