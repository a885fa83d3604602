// model-card.json as the analytics API serves it: one row per phase, method and metric, from the
// bootstrap summaries (a threshold next to them is a setting of the method, not a metric).
import { describe, expect, it } from "vitest";
import { allModelMetrics, modelMetrics, type ModelCard } from "../../../src/model/model-card.js";

const card: ModelCard = {
  modelVersion: "cladmop-x",
  metrics: {
    "phase I": {
      n: 10,
      positive_rate: 0.5,
      methods: {
        CLaDMoP: { pr_auc: { mean: 0.7, std: 0.02 }, threshold: 0.45 },
        HINT: { pr_auc: { mean: 0.6, std: 0.03 } },
      },
    },
    "phase II": { n: 4, methods: { CLaDMoP: { roc_auc: { mean: 0.65, std: 0.01 } } } },
  },
};

describe("model card metrics", () => {
  it("lists CLaDMoP's summaries per phase, and the threshold only when asked for everything", () => {
    expect(modelMetrics(card, "CLaDMoP", { summariesOnly: true })).toEqual([
      { phase: "phase I", metric: "pr_auc", mean: 0.7, std: 0.02, n: 10 },
      { phase: "phase II", metric: "roc_auc", mean: 0.65, std: 0.01, n: 4 },
    ]);
    expect(modelMetrics(card).map((r) => r.metric)).toEqual(["pr_auc", "threshold", "roc_auc"]);
  });

  it("lists every method's rows, each naming its method", () => {
    expect(allModelMetrics(card).map((r) => `${r.method} ${r.phase} ${r.metric}`)).toEqual([
      "CLaDMoP phase I pr_auc",
      "CLaDMoP phase II roc_auc",
      "HINT phase I pr_auc",
    ]);
  });
});
