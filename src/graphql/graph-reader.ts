// The read side of the graph as the resolvers see it: the src/graph/ query functions bound to
// one driver. Resolvers depend on this interface only, so unit tests hand in an in-memory fake.
import type { Driver } from "neo4j-driver";
import type { GraphHandle } from "../graph/read-query.js";
import * as trials from "../graph/trial-queries.js";
import * as catalog from "../graph/catalog-queries.js";
import * as analytics from "../graph/analytics-queries.js";
import * as similar from "../graph/similar-trials.js";
import type { TrialFilter, TrialOrder } from "../graph/trial-filter.js";

type Bound<F> = F extends (graph: GraphHandle, ...rest: infer A) => infer R ? (...args: A) => R : never;

export interface GraphReader {
  trialsByIds: Bound<typeof trials.trialsByIds>;
  listTrials: (
    filter: TrialFilter | null | undefined,
    order: TrialOrder,
    offset: number,
    limit: number,
  ) => Promise<trials.TrialRow[]>;
  countTrials: Bound<typeof trials.countTrials>;
  drugsByTrialIds: Bound<typeof trials.drugsByTrialIds>;
  diseasesByTrialIds: Bound<typeof trials.diseasesByTrialIds>;
  storedEmbeddings: Bound<typeof trials.storedEmbeddings>;
  drugSmilesByNames: Bound<typeof trials.drugSmilesByNames>;
  findDrug: Bound<typeof catalog.findDrug>;
  listDrugs: Bound<typeof catalog.listDrugs>;
  findDisease: Bound<typeof catalog.findDisease>;
  listDiseases: Bound<typeof catalog.listDiseases>;
  findIcdCode: Bound<typeof catalog.findIcdCode>;
  icdNeighbours: Bound<typeof catalog.icdNeighbours>;
  icdCodesByDiseaseNames: Bound<typeof catalog.icdCodesByDiseaseNames>;
  catalogTrials: Bound<typeof catalog.catalogTrials>;
  statsByKeys: Bound<typeof catalog.statsByKeys>;
  statsByPhase: Bound<typeof analytics.statsByPhase>;
  statsByIcdChapter: Bound<typeof analytics.statsByIcdChapter>;
  statsByDrug: Bound<typeof analytics.statsByDrug>;
  similarTrials: Bound<typeof similar.similarTrials>;
}

export function createGraphReader(driver: Driver, database?: string): GraphReader {
  const g: GraphHandle = { driver, database };
  return {
    trialsByIds: (ids) => trials.trialsByIds(g, ids),
    listTrials: (filter, order, offset, limit) => trials.listTrials(g, filter, order, offset, limit),
    countTrials: (filter) => trials.countTrials(g, filter),
    drugsByTrialIds: (ids) => trials.drugsByTrialIds(g, ids),
    diseasesByTrialIds: (ids) => trials.diseasesByTrialIds(g, ids),
    storedEmbeddings: (ids) => trials.storedEmbeddings(g, ids),
    drugSmilesByNames: (names) => trials.drugSmilesByNames(g, names),
    findDrug: (name) => catalog.findDrug(g, name),
    listDrugs: (search, offset, limit) => catalog.listDrugs(g, search, offset, limit),
    findDisease: (name) => catalog.findDisease(g, name),
    listDiseases: (search, offset, limit) => catalog.listDiseases(g, search, offset, limit),
    findIcdCode: (code) => catalog.findIcdCode(g, code),
    icdNeighbours: (code, direction) => catalog.icdNeighbours(g, code, direction),
    icdCodesByDiseaseNames: (names) => catalog.icdCodesByDiseaseNames(g, names),
    catalogTrials: (kind, key, offset, limit) => catalog.catalogTrials(g, kind, key, offset, limit),
    statsByKeys: (kind, keys) => catalog.statsByKeys(g, kind, keys),
    statsByPhase: () => analytics.statsByPhase(g),
    statsByIcdChapter: () => analytics.statsByIcdChapter(g),
    statsByDrug: (top) => analytics.statsByDrug(g, top),
    similarTrials: (q) => similar.similarTrials(g, q),
  };
}
