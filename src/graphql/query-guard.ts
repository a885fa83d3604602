// A cheap look at a query's text before Apollo parses and validates it: graphql-js's validation
// rules all walk the document together (some, like field-overlap checking, worse than linearly),
// so a document too long or too wide must be refused before any of them runs, in time linear in
// its length. The HTTP layer calls this and answers 400 at once.
import { GraphQLError, Kind, Lexer, parse, Source, TokenKind, visit, type DocumentNode } from "graphql";
import type { ServerConfig } from "../config.js";
import { ShapeMeter } from "./query-shape.js";

/** Copies of one response key in one selection set (real queries repeat a field a few times at most). */
export const MAX_REPEATS = 20;

export type QueryLimits = Pick<ServerConfig, "maxTokens" | "maxFields" | "maxDepth">;

function tooBig(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED", ...extensions } });
}

/** Counts lexical tokens up to `max + 1`; null when the text does not lex (Apollo reports that). */
function countTokens(query: string, max: number): number | null {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > max) return count;
    }
  } catch {
    return null;
  }
  return count;
}

/** The first limit the query breaks, or null (also null for text that is not GraphQL: Apollo says why). */
export function guardQuery(query: string, limits: QueryLimits): GraphQLError | null {
  const tokens = countTokens(query, limits.maxTokens);
  if (tokens === null) return null;
  if (tokens > limits.maxTokens) {
    return tooBig(`query has more than ${limits.maxTokens} tokens`, {
      reason: "MAX_TOKENS",
      limit: limits.maxTokens,
    });
  }
  let document;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return null;
  }
  const meter = new ShapeMeter(document);
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const shape = meter.of(def.selectionSet);
    if (shape.fields > limits.maxFields) {
      return tooBig(
        `query selects ${shape.fields} fields once its fragments are spread, over the limit of ${limits.maxFields}`,
        { reason: "MAX_FIELDS", fields: shape.fields, limit: limits.maxFields },
      );
    }
    if (shape.depth > limits.maxDepth) {
      return tooBig(`query depth ${shape.depth} exceeds the limit of ${limits.maxDepth}`, {
        reason: "MAX_DEPTH",
        depth: shape.depth,
        limit: limits.maxDepth,
      });
    }
  }
  const repeated = firstRepeatedKey(document, meter);
  if (repeated) {
    return tooBig(
      `field ${repeated.key} is selected ${repeated.count} times in one selection set, over the limit of ${MAX_REPEATS}`,
      {
        reason: "REPEATED_FIELD",
        field: repeated.key,
        count: repeated.count,
        limit: MAX_REPEATS,
      },
    );
  }
  return null;
}

/** The first response key repeated more than MAX_REPEATS times in any selection set of the document. */
function firstRepeatedKey(document: DocumentNode, meter: ShapeMeter): { key: string; count: number } | null {
  let found: { key: string; count: number } | null = null;
  visit(document, {
    SelectionSet(node) {
      if (found) return false;
      for (const [key, count] of meter.responseKeys(node)) {
        if (count > MAX_REPEATS) {
          found = { key, count };
          return false;
        }
      }
      return undefined;
    },
  });
  return found;
}
