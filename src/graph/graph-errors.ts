// The error mapping of the executor: every failure that means "the database cannot answer now"
// (refused, cut, expired, timed out, hanging) becomes one GraphUnavailableError, which the GraphQL
// layer reports as SERVICE_UNAVAILABLE. Everything else (a bad query) passes through unchanged.
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
  if (isUnavailable(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new GraphUnavailableError(`Neo4j is unavailable: ${message}`, { cause: error });
  }
  return error;
}
