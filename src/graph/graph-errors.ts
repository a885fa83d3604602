// The error mapping of the executor: every failure that means "the database cannot answer now"
// (refused, cut, expired, timed out, hanging) becomes one GraphUnavailableError, which the GraphQL
// layer reports as SERVICE_UNAVAILABLE; an index's clause limit becomes GraphQueryTooBroadError
// (BAD_USER_INPUT). Everything else (a bad query) passes through unchanged.
import neo4j from "neo4j-driver";

export class GraphUnavailableError extends Error {
  readonly code = "GRAPH_UNAVAILABLE";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GraphUnavailableError";
  }
}

/** Raised by the similar-trials query before the scoring job has created the vector index. */
export class VectorIndexMissingError extends Error {
  constructor() {
    super("no vector index over Trial.embedding yet: score the trials first");
    this.name = "VectorIndexMissingError";
  }
}

/**
 * The query is legal but asks more of an index than it allows (Lucene's clause limit on a full-text
 * search of many words): the caller's to narrow, reported as BAD_USER_INPUT, never Lucene internals.
 */
export class GraphQueryTooBroadError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("the full-text search has too many terms for the index; use fewer words", options);
    this.name = "GraphQueryTooBroadError";
  }
}

const UNAVAILABLE_CODES = new Set<string>([
  neo4j.error.SERVICE_UNAVAILABLE,
  neo4j.error.SESSION_EXPIRED,
  "Neo.TransientError.General.DatabaseUnavailable",
  // The server-side transaction timeout (the executor sends its deadline as one).
  "Neo.ClientError.Transaction.TransactionTimedOut",
  "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
]);

function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
  return (
    error instanceof Error &&
    /ECONNREFUSED|ECONNRESET|Connection was closed|Could not perform discovery|acquisition timed out|Connection acquisition/i.test(
      error.message,
    )
  );
}

export function toGraphError(error: unknown): unknown {
  if (error instanceof GraphUnavailableError) return error;
  if (error instanceof Error && /TooManyClauses|maxClauseCount/.test(error.message)) {
    return new GraphQueryTooBroadError({ cause: error });
  }
  if (isUnavailable(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new GraphUnavailableError(`Neo4j is unavailable: ${message}`, { cause: error });
  }
  return error;
}
