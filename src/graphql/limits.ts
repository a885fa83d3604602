// Query-shape limits: a depth validation rule (linear in the document, src/graphql/query-shape.ts)
// and a cost check that runs once the operation and its variables are known
// (graphql-query-complexity, shipped with type-graphql), after every size argument is checked.
import {
  getVariableValues,
  GraphQLError,
  type ASTVisitor,
  type GraphQLSchema,
  type ValidationContext,
} from "graphql";
import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import type { ServerConfig } from "../config.js";
import { ShapeMeter } from "./query-shape.js";
import { checkSizeArguments } from "./size-arguments.js";

// graphql-query-complexity's ESM build imports "graphql/index.mjs", a second graphql instance next
// to the CommonJS one Apollo and type-graphql load ("from another module or realm"); its CommonJS
// build shares theirs.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const meter = new ShapeMeter(context.getDocument());
    return {
      OperationDefinition(node) {
        const { depth } = meter.of(node.selectionSet);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${depth} exceeds the limit of ${maxDepth}`, {
              nodes: [node],
              extensions: { reason: "MAX_DEPTH", depth, limit: maxDepth },
            }),
          );
        }
      },
    };
  };
}

/**
 * Rejects, before anything runs, operations with a size argument out of range (400 BAD_USER_INPUT)
 * or whose estimated cost exceeds `maxComplexity` (400 GRAPHQL_VALIDATION_FAILED).
 */
export function complexityLimitPlugin(schema: GraphQLSchema, limits: ServerConfig): ApolloServerPlugin {
  const maxComplexity = limits.maxComplexity;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // Variables that do not coerce (null for a non-null, 1.5 for an Int, 1e999) are Apollo's
          // to report as 400 BAD_USER_INPUT when it executes; estimating with them threw a 500.
          const coerced = getVariableValues(
            schema,
            operation?.variableDefinitions ?? [],
            request.variables ?? {},
            { maxErrors: 1 },
          );
          if (coerced.errors) return;
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [
                ({ args }) => checkSizeArguments(args, limits),
                fieldExtensionsEstimator(),
                simpleEstimator({ defaultComplexity: 1 }),
              ],
            });
          } catch (error) {
            if (error instanceof GraphQLError) {
              throw new GraphQLError(error.message, {
                extensions: { code: "BAD_USER_INPUT", ...error.extensions, http: { status: 400 } },
              });
            }
            throw error;
          }
          if (complexity > maxComplexity) {
            throw new GraphQLError(`query complexity ${complexity} exceeds the limit of ${maxComplexity}`, {
              extensions: {
                code: "GRAPHQL_VALIDATION_FAILED",
                reason: "MAX_COMPLEXITY",
                complexity,
                limit: maxComplexity,
                http: { status: 400 },
              },
            });
          }
        },
      };
    },
  };
}
