// GraphQL errors with a machine-readable extensions.code and the offending value, and the
// mapping of the graph layer's errors (src/graph/graph-errors.ts) onto those codes.
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import {
  GraphQueryTooBroadError,
  GraphUnavailableError,
  VectorIndexMissingError,
} from "../graph/graph-errors.js";

export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const;

export function badInput(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...details } });
}

/** Bad argument against a configured cap. */
export function capError(argument: string, value: unknown, limit: number): GraphQLError {
  return new GraphQLError(`${argument} must be at most ${limit}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument, value, limit },
  });
}

export function notFound(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, ...details } });
}

export function unavailable(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, ...details } });
}

/**
 * Apollo formatError hook: failures that are not the user's fault get a stable code and a
 * message without internals; everything already carrying a code passes through.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // graphql-js throws this without a code, so Apollo would call the user's mistake internal.
  const rootless = /^Schema is not configured to execute (\w+) operation/.exec(formatted.message);
  if (rootless) {
    return {
      ...formatted,
      message: `the TrialGraph API is read-only and has no ${rootless[1]} type; send a query (predictOutcome is a query too)`,
      extensions: { code: ErrorCode.BAD_USER_INPUT, argument: "operation", value: rootless[1] },
    };
  }
  if (original instanceof GraphQLError) return formatted;
  if (original instanceof GraphUnavailableError) {
    return {
      ...formatted,
      message: "the graph database is unreachable or not answering; try again shortly",
      extensions: { ...formatted.extensions, code: ErrorCode.SERVICE_UNAVAILABLE, service: "neo4j" },
    };
  }
  if (original instanceof GraphQueryTooBroadError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT, argument: "filter.text" },
    };
  }
  if (original instanceof VectorIndexMissingError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { ...formatted.extensions, code: ErrorCode.SERVICE_UNAVAILABLE, service: "vector-index" },
    };
  }
  return formatted;
}
