// The GraphQL layer as one object for the HTTP layer: the schema, its query-shape limits and error
// formatting in an Apollo Server, and a fresh per-request context. No HTTP here.
// type-graphql's decorators need the Reflect metadata API before any type or resolver module loads.
import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { ServerConfig } from "../config.js";
import { createContext, type GraphQLContext, type ServerServices } from "./context.js";
import { formatError } from "./errors.js";
import { complexityLimitPlugin, depthLimitRule } from "./limits.js";
import { buildSchema } from "./schema.js";

export interface GraphQLLayer {
  apollo: ApolloServer<GraphQLContext>;
  context(): Promise<GraphQLContext>;
}

export async function createGraphQL(services: ServerServices, limits: ServerConfig): Promise<GraphQLLayer> {
  const schema = await buildSchema();
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    csrfPrevention: true,
    // The owner of the process (serve command, tests) stops the server; Apollo's own signal
    // handlers would race it and re-raise the signal before the local Neo4j is shut down.
    stopOnTerminationSignals: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // The HTTP layer refuses oversized documents before this (src/graphql/query-guard.ts); these
    // hold for any other caller of Apollo too.
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [depthLimitRule(limits.maxDepth)],
    // Apollo's landing page loads from a CDN; the offline IDE at `/` replaces it.
    plugins: [ApolloServerPluginLandingPageDisabled(), complexityLimitPlugin(schema, limits)],
    formatError,
  });
  await apollo.start();
  return { apollo, context: async () => createContext(services) };
}
