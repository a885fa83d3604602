// What an imported record may do to the graph (pure, so every rule is unit-tested):
//  - a trial not in the graph is created;
//  - a trial loaded from a benchmark file (TOP or another seed file) keeps its label and split
//    always, and its other fields unless the user consented (--update-benchmark);
//  - registry versions are ordered by the record's last-update date: a newer one replaces the
//    stored one, an older one is skipped, the same one is skipped as unchanged (so re-importing
//    changes nothing) or, when this very run already wrote it, as a duplicate nctId.
import type { ImportedTrial } from "./map-record.js";

/** What the graph holds for an nctId, read before each batch is written. */
export interface StoredTrial {
  nctId: string;
  registryLastUpdate: string | null;
  registryRun: string | null;
  registryFile: string | null;
  /** Source files that are not this importer's (TOP phase files, SCT-style files). */
  benchmarkSources: string[];
}

export type Decision =
  | { action: "create" }
  | { action: "update" }
  | { action: "update-benchmark" }
  | { action: "skip"; reason: string };

export function decide(
  trial: Pick<ImportedTrial, "nctId" | "lastUpdate">,
  stored: StoredTrial | undefined,
  run: string,
  updateBenchmark: boolean,
): Decision {
  if (!stored) return { action: "create" };
  const last = stored.registryLastUpdate;
  if (last !== null && last > trial.lastUpdate)
    return {
      action: "skip",
      reason: `older version (last update ${trial.lastUpdate}) than the graph's (${last})`,
    };
  if (last !== null && last === trial.lastUpdate) {
    return stored.registryRun === run
      ? {
          action: "skip",
          reason: `duplicate nctId: the same version was imported from ${stored.registryFile}`,
        }
      : { action: "skip", reason: `unchanged: the graph already holds this version (last update ${last})` };
  }
  if (stored.benchmarkSources.length > 0) {
    return updateBenchmark
      ? { action: "update-benchmark" }
      : {
          action: "skip",
          reason: `in the graph from ${stored.benchmarkSources.join(", ")}: kept as it is (--update-benchmark updates its registry fields; its label and split never change)`,
        };
  }
  return { action: "update" };
}
