// Query-shape limits: a depth validation rule and a complexity check that runs once the
// operation and its variables are known (graphql-query-complexity, shipped with type-graphql).
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";
import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";

// graphql-query-complexity's ESM build imports "graphql/index.mjs", a second graphql instance next
// to the CommonJS one Apollo and type-graphql load ("from another module or realm"); its CommonJS
// build shares theirs.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

/** Depth of a selection set: fields nest, fragments and inline fragments do not add a level. */
export function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string> = new Set(),
): number {
  if (!set) return 0;
  let max = 0;
  for (const sel of set.selections) {
    let d = 0;
    if (sel.kind === Kind.FIELD) {
      // Introspection (the IDE's schema query) is deep by nature and cheap; don't count it.
      if (sel.name.value.startsWith("__")) continue;
      d = sel.selectionSet ? 1 + selectionDepth(sel.selectionSet, fragments, seen) : 1;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      d = selectionDepth(sel.selectionSet, fragments, seen);
    } else {
      const name = sel.name.value;
      const frag = fragments[name];
      if (!frag || seen.has(name)) continue; // unknown or cyclic fragments are other rules' business
      d = selectionDepth(frag.selectionSet, fragments, new Set([...seen, name]));
    }
    if (d > max) max = d;
  }
  return max;
}

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    }
    return {
      OperationDefinition(node) {
        const depth = selectionDepth(node.selectionSet, fragments);
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

/** Rejects operations whose estimated cost exceeds `maxComplexity` before anything runs. */
export function complexityLimitPlugin(schema: GraphQLSchema, maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
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

/** Bad argument against a configured cap. */
export function capError(argument: string, value: unknown, limit: number): GraphQLError {
  return new GraphQLError(`${argument} must be at most ${limit}`, {
    extensions: { code: "BAD_USER_INPUT", argument, value, limit },
  });
}
