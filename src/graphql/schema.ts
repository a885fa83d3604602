// Builds the executable schema from the type-graphql classes, and prints it as SDL for the
// committed schema/schema.graphql (a unit test fails when that file drifts from the code).
import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema as buildTypeGraphQLSchema } from "type-graphql";
import { TrialQueryResolver } from "./resolvers/trial-query-resolver.js";
import { TrialFieldsResolver } from "./resolvers/trial-fields-resolver.js";
import {
  CatalogQueryResolver,
  DiseaseFieldsResolver,
  DrugFieldsResolver,
  IcdCodeFieldsResolver,
} from "./resolvers/catalog-resolver.js";
import { PredictResolver } from "./resolvers/predict-resolver.js";
import { AnalyticsResolver } from "./resolvers/analytics-resolver.js";

let built: Promise<GraphQLSchema> | undefined;

export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildTypeGraphQLSchema({
    resolvers: [
      TrialQueryResolver,
      TrialFieldsResolver,
      CatalogQueryResolver,
      DrugFieldsResolver,
      DiseaseFieldsResolver,
      IcdCodeFieldsResolver,
      PredictResolver,
      AnalyticsResolver,
    ],
    validate: false,
  });
  return built;
}

/** The SDL written to schema/schema.graphql: sorted so the file is stable across builds. */
export async function printSchemaSDL(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildSchema()))}\n`;
}
