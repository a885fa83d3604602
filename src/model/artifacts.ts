// The start-up check of models/artifacts: every file the service serves from is there, the model
// card parses, and it describes the same model version as featurizer.json. A missing or stale
// artifact stops the start with a message naming it, instead of failing at the first query.
import { existsSync } from "node:fs";
import path from "node:path";
import { missingArtifacts } from "./create-scorer.js";
import { loadFeaturizerSpec } from "./featurizer-spec.js";
import { loadModelCard, type ModelCard } from "./model-card.js";

export interface ServedArtifacts {
  modelVersion: string;
  card: ModelCard;
}

export async function checkArtifacts(artifactsDir: string): Promise<ServedArtifacts> {
  const missing = missingArtifacts(artifactsDir);
  if (!existsSync(path.join(artifactsDir, "model-card.json"))) missing.push("model-card.json");
  if (missing.length) {
    throw new Error(
      `model artifacts missing in ${artifactsDir}: ${missing.join(", ")} (train and export with models/)`,
    );
  }
  const spec = await loadFeaturizerSpec(path.join(artifactsDir, "featurizer.json"));
  if (!existsSync(path.join(artifactsDir, spec.text.tokenizer))) {
    throw new Error(
      `model artifacts: featurizer.json names ${spec.text.tokenizer}, which is not in ${artifactsDir}`,
    );
  }
  const card = await loadModelCard(artifactsDir);
  if (card.modelVersion !== spec.modelVersion) {
    throw new Error(
      `model artifacts in ${artifactsDir} disagree: model-card.json is ${card.modelVersion}, ` +
        `featurizer.json is ${spec.modelVersion} (export them together)`,
    );
  }
  return { modelVersion: spec.modelVersion, card };
}
