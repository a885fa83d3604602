// The per-request GraphQL context: the graph's repositories, the scorer, limits, reference data
// and a fresh set of loaders.
import type { ServerConfig } from "../config.js";
import type { DrugBankTable } from "../domain/drugbank.js";
import type { Repositories } from "../graph/repositories.js";
import type { ModelMetricRow } from "../model/model-card.js";
import type { Scorer } from "../model/types.js";
import type { MoleculeParser } from "./check-smiles.js";
import { createLoaders, type Loaders } from "./loaders.js";

/** Shared by all requests of one server (built once in createServer). */
export interface ServerServices {
  graph: Repositories;
  scorer: Scorer;
  /** Parses typed SMILES off the event loop (the RDKit worker). */
  molecules: MoleculeParser;
  limits: ServerConfig;
  /** Lower-case DrugBank name -> SMILES, loaded lazily once. */
  drugBankSmiles: () => Promise<DrugBankTable>;
  /** The served model card's version and metrics (read and checked at start-up by model/). */
  modelCard: { modelVersion: string | null; metrics: (ModelMetricRow & { method: string })[] };
}

export interface GraphQLContext extends ServerServices {
  loaders: Loaders;
}

export function createContext(services: ServerServices): GraphQLContext {
  return { ...services, loaders: createLoaders(services.graph, services.scorer) };
}
