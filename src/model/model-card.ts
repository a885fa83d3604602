// model-card.json, as written by the Python export (models/cladmop), for the analytics API. The
// fields the service reads are typed; everything else passes through unchanged.
import { readFile } from "node:fs/promises";
import path from "node:path";

/** Mean and standard deviation over the bootstrap samples of the test split. */
export interface MetricSummary {
  mean: number;
  std: number;
}

export interface PhaseMetrics {
  /** Test trials of that phase. */
  n?: number;
  positive_rate?: number;
  /** Method name ("CLaDMoP", baselines…) -> metric name ("pr_auc", "roc_auc", "f1") -> summary. */
  methods?: Record<string, Record<string, MetricSummary | number | string>>;
  [field: string]: unknown;
}

export interface ModelCard {
  /** The same string as featurizer.json's modelVersion. */
  modelVersion: string;
  /** Phase label ("phase I", …) -> metrics. */
  metrics?: Record<string, PhaseMetrics>;
  [field: string]: unknown;
}

/** One row per phase and metric of one method, flat for GraphQL. */
export interface ModelMetricRow {
  phase: string;
  metric: string;
  mean: number;
  std: number | null;
  n: number | null;
}

/** Reads `<artifactsDir>/model-card.json`; throws with the path when it is missing or malformed. */
export async function loadModelCard(artifactsDir: string): Promise<ModelCard> {
  const file = path.join(artifactsDir, "model-card.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new Error(`model card not found at ${file}: ${(err as Error).message}`);
  }
  let card: unknown;
  try {
    card = JSON.parse(text);
  } catch (err) {
    throw new Error(`model card ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!card || typeof card !== "object" || Array.isArray(card)) {
    throw new Error(`model card ${file} is not a JSON object`);
  }
  if (typeof (card as ModelCard).modelVersion !== "string") {
    throw new Error(`model card ${file} has no modelVersion`);
  }
  return card as ModelCard;
}

/**
 * The test metrics of `method` per phase, e.g. [{ phase: "phase I", metric: "pr_auc", mean, std, n }]:
 * bootstrap summaries, and plain numbers next to them (the decision threshold) as rows without a
 * std unless `summariesOnly`.
 */
export function modelMetrics(
  card: ModelCard,
  method = "CLaDMoP",
  options: { summariesOnly?: boolean } = {},
): ModelMetricRow[] {
  const rows: ModelMetricRow[] = [];
  for (const [phase, m] of Object.entries(card.metrics ?? {})) {
    for (const [metric, value] of Object.entries(m.methods?.[method] ?? {})) {
      if (typeof value === "number") {
        if (!options.summariesOnly) rows.push({ phase, metric, mean: value, std: null, n: m.n ?? null });
      } else if (value && typeof value === "object" && typeof value.mean === "number") {
        rows.push({ phase, metric, mean: value.mean, std: value.std ?? null, n: m.n ?? null });
      }
    }
  }
  return rows;
}

/**
 * What the analytics API lists: every method's metrics (CLaDMoP, the ablations and the baselines),
 * each row naming its method; a threshold is a setting of a method, not a metric, so it is left out.
 */
export function allModelMetrics(card: ModelCard): (ModelMetricRow & { method: string })[] {
  const methods = new Set<string>();
  for (const m of Object.values(card.metrics ?? {}))
    for (const name of Object.keys(m.methods ?? {})) methods.add(name);
  return [...methods].flatMap((method) =>
    modelMetrics(card, method, { summariesOnly: true }).map((row) => ({ ...row, method })),
  );
}
