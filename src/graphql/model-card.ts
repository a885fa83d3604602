// Reads model-card.json and flattens whatever nesting it uses into {phase, method, metric, mean, std}
// rows: any object with a numeric `mean` is one metric; the keys and string fields above it say
// which phase, method and metric it belongs to. A plain number under a phase counts as a mean when
// its key names a metric (so counts, rates and thresholds next to the metrics are not taken for one).
import { readFile } from "node:fs/promises";

export interface ModelCardMetric {
  phase: string;
  method: string;
  metric: string;
  mean: number;
  std: number | null;
}

const PHASE_RE = /phase|^p?[123]$|^(i|ii|iii)$/i;
const SKIP_KEYS = new Set([
  "methods",
  "metrics",
  "test",
  "results",
  "evaluation",
  "bootstrap",
  "perPhase",
  "per_phase",
  "phases",
]);

const METRIC_KEY = /auc|^f1|accuracy|precision|recall|brier|^ece$|mcc|^ap$/i;

interface Ctx {
  phase?: string;
  method?: string;
  path: string[];
}

function walk(node: unknown, ctx: Ctx, out: ModelCardMetric[]): void {
  if (Array.isArray(node)) {
    node.forEach((item) => walk(item, ctx, out));
    return;
  }
  if (node === null || typeof node !== "object") return;
  const obj = node as Record<string, unknown>;
  const here: Ctx = { ...ctx, path: [...ctx.path] };
  if (typeof obj.phase === "string" || typeof obj.phase === "number") here.phase = String(obj.phase);
  for (const k of ["method", "model"]) if (typeof obj[k] === "string") here.method = obj[k] as string;

  if (typeof obj.mean === "number") {
    const metric = typeof obj.metric === "string" ? obj.metric : here.path[here.path.length - 1];
    if (here.phase && metric) {
      const methodParts = here.path.slice(0, -1).filter((p) => !PHASE_RE.test(p) && !SKIP_KEYS.has(p));
      out.push({
        phase: here.phase,
        method: here.method ?? (methodParts.length ? methodParts.join("/") : "cladmop"),
        metric,
        mean: obj.mean,
        std: typeof obj.std === "number" ? obj.std : null,
      });
    }
    return;
  }
  for (const [key, value] of Object.entries(obj)) {
    if (["phase", "method", "model", "metric"].includes(key)) continue;
    const child: Ctx = { ...here, path: [...here.path, key] };
    if (!here.phase && PHASE_RE.test(key)) child.phase = key;
    if (typeof value === "number" && here.phase && METRIC_KEY.test(key)) {
      const methodParts = here.path.filter((p) => !PHASE_RE.test(p) && !SKIP_KEYS.has(p));
      out.push({
        phase: here.phase,
        method: here.method ?? (methodParts.length ? methodParts.join("/") : "cladmop"),
        metric: key,
        mean: value,
        std: null,
      });
      continue;
    }
    walk(value, child, out);
  }
}

export function modelCardMetrics(card: unknown): ModelCardMetric[] {
  const root = card as Record<string, unknown> | null;
  const source = root && typeof root === "object" && "metrics" in root ? root.metrics : card;
  const out: ModelCardMetric[] = [];
  walk(source, { path: [] }, out);
  return out;
}

export function modelCardVersion(card: unknown): string | null {
  const root = card as Record<string, unknown> | null;
  const v = root?.modelVersion ?? root?.model_version ?? root?.version;
  return typeof v === "string" ? v : null;
}

/** Lazily reads the card once; a missing or broken file gives no metrics rather than an error. */
export function modelCardReader(
  file: string,
): () => Promise<{ modelVersion: string | null; metrics: ModelCardMetric[] }> {
  let cached: Promise<{ modelVersion: string | null; metrics: ModelCardMetric[] }> | undefined;
  return () => {
    cached ??= readFile(file, "utf8")
      .then((text) => {
        const card = JSON.parse(text) as unknown;
        return { modelVersion: modelCardVersion(card), metrics: modelCardMetrics(card) };
      })
      .catch(() => ({ modelVersion: null, metrics: [] }));
    return cached;
  };
}
