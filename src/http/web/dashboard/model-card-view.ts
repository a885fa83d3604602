/// <reference lib="dom" />
// The model card: versions, the execution provider, and the per-phase test metrics of the served
// model next to HINT's (mean ± std over the bootstrap samples, as model-card.json has them).
import { h, pct, prob, valueCell } from "./dom.js";
import type { CalibrationRow, OverviewData } from "./queries.js";
import { reliabilityChart } from "./reliability-chart.js";

const METRICS = ["pr_auc", "roc_auc", "f1", "ece", "brier"];
const METHODS = ["CLaDMoP", "HINT"];

function calibrationTable(bins: CalibrationRow[]): HTMLTableElement {
  return h(
    "table",
    { id: "calibration", class: "data" },
    h("caption", {}, "Reliability on the test split (stored scores)"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["bin", "trials", "mean predicted", "observed success"].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      bins.map((b) =>
        h(
          "tr",
          { "data-key": String(b.lower) },
          h("th", { scope: "row" }, `${b.lower.toFixed(1)}–${b.upper.toFixed(1)}`),
          valueCell(b.trialCount, String(b.trialCount)),
          valueCell(b.meanPredicted, prob(b.meanPredicted)),
          valueCell(b.observedSuccessRate, pct(b.observedSuccessRate)),
        ),
      ),
    ),
  );
}

export function modelCardView(
  card: OverviewData["analytics"]["modelCard"],
  calibration: CalibrationRow[],
): HTMLElement {
  const phases = [...new Set(card.metrics.map((m) => m.phase))];
  const find = (phase: string, method: string, metric: string) =>
    card.metrics.find((m) => m.phase === phase && m.method === method && m.metric === metric);
  const columns = METRICS.flatMap((metric) => METHODS.map((method) => ({ metric, method })));
  return h(
    "section",
    { "aria-labelledby": "model-card-h" },
    h("h2", { id: "model-card-h" }, "Model card"),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "model version (card)"),
      h("dd", { id: "card-version" }, card.modelVersion ?? "—"),
      h("dt", {}, "loaded model version"),
      h("dd", { id: "loaded-version" }, card.loadedModelVersion),
      h("dt", {}, "execution provider"),
      h("dd", { id: "provider" }, card.executionProvider),
    ),
    h(
      "table",
      { id: "model-metrics", class: "data" },
      h("caption", {}, "Test-split metrics per phase: the served model (CLaDMoP) next to HINT, mean ± std"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "phase"),
          columns.map((c) => h("th", { scope: "col" }, `${c.metric} ${c.method}`)),
        ),
      ),
      h(
        "tbody",
        {},
        phases.map((phase) =>
          h(
            "tr",
            { "data-key": phase },
            h("th", { scope: "row" }, phase),
            columns.map((c) => {
              const m = find(phase, c.method, c.metric);
              const text = m ? `${m.mean.toFixed(3)}${m.std === null ? "" : ` ± ${m.std.toFixed(3)}`}` : "—";
              const cell = valueCell(m?.mean, text);
              cell.dataset.metric = `${c.method}:${c.metric}`;
              return cell;
            }),
          ),
        ),
      ),
    ),
    h("h3", {}, "Reliability (calibration) curve, test split"),
    calibration.length
      ? h(
          "div",
          { class: "grid" },
          h("div", { class: "chart-box" }, reliabilityChart(calibration)),
          calibrationTable(calibration),
        )
      : h("p", { id: "calibration" }, "No scored test-split trial with an outcome yet (run `score`)."),
  );
}
