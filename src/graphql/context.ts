// The per-request GraphQL context: graph access, the scorer, limits, and a fresh set of loaders.
import type { ServerConfig } from "../config.js";
import type { Scorer } from "../model/types.js";
import type { GraphReader } from "./graph-reader.js";
import { createLoaders, type Loaders } from "./loaders.js";
import type { ModelCardMetric } from "./model-card.js";

/** Shared by all requests of one server (built once in createServer). */
export interface ServerServices {
  graph: GraphReader;
  scorer: Scorer;
  limits: ServerConfig;
  /** Lower-case DrugBank name -> SMILES, loaded lazily once. */
  drugBankSmiles: () => Promise<Map<string, string>>;
  /** Metrics from model-card.json, read lazily once (empty when the file is absent). */
  modelCard: () => Promise<{ modelVersion: string | null; metrics: ModelCardMetric[] }>;
}

export interface GraphQLContext extends ServerServices {
  loaders: Loaders;
}

export function createContext(services: ServerServices): GraphQLContext {
  return { ...services, loaders: createLoaders(services.graph, services.scorer) };
}
