// model-card.json, as written by the Python export, for the analytics API. Only a few fields are
// typed; the rest passes through unchanged so a richer card needs no change here.
import { readFile } from "node:fs/promises";
import path from "node:path";

export interface ModelCard {
  /** The same string as featurizer.json's modelVersion. */
  modelVersion?: string;
  /** Per phase name ("phase 1", …): metric name -> value (or { mean, std }). */
  metrics?: Record<string, Record<string, unknown>>;
  [field: string]: unknown;
}

/** Reads `<artifactsDir>/model-card.json`; throws with the path when it is missing or not JSON. */
export async function loadModelCard(artifactsDir: string): Promise<ModelCard> {
  const file = path.join(artifactsDir, "model-card.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new Error(`model card not found at ${file}: ${(err as Error).message}`);
  }
  const card = JSON.parse(text) as unknown;
  if (!card || typeof card !== "object" || Array.isArray(card)) {
    throw new Error(`model card ${file} is not a JSON object`);
  }
  return card as ModelCard;
}
