// All of the graph that the layers above use, over one executor. The repository classes are
// the interface: `Repositories` is their public shape, so unit tests hand in in-memory objects of
// the same type and the compiler keeps them in step with the Cypher-backed ones.
import { AnalyticsRepository } from "./analytics-repository.js";
import { CalibrationRepository } from "./calibration-repository.js";
import { CatalogRepository } from "./catalog-repository.js";
import type { Executor } from "./executor.js";
import { ScoreRepository } from "./score-repository.js";
import { SimilarTrialRepository } from "./similar-trial-repository.js";
import { TrialRepository } from "./trial-repository.js";

/** The public members of a class (what a fake has to provide; private fields are left out). */
export type PublicOf<T> = { [K in keyof T]: T[K] };

export interface Repositories {
  trials: PublicOf<TrialRepository>;
  catalog: PublicOf<CatalogRepository>;
  analytics: PublicOf<AnalyticsRepository>;
  calibration: PublicOf<CalibrationRepository>;
  similar: PublicOf<SimilarTrialRepository>;
  scores: PublicOf<ScoreRepository>;
}

export function createRepositories(executor: Executor): Repositories {
  const trials = new TrialRepository(executor);
  return {
    trials,
    catalog: new CatalogRepository(executor),
    analytics: new AnalyticsRepository(executor),
    calibration: new CalibrationRepository(executor),
    similar: new SimilarTrialRepository(executor),
    scores: new ScoreRepository(executor, trials),
  };
}
