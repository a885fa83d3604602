import { describe, expect, it } from "vitest";
import { modelCardMetrics, modelCardVersion } from "../../../src/graphql/model-card.js";

describe("model-card metrics flattening", () => {
  it("reads nested phase -> method -> metric -> {mean, std}", () => {
    const card = {
      modelVersion: "cladmop-x",
      metrics: {
        "phase 1": {
          cladmop: { pr_auc: { mean: 0.6, std: 0.02 } },
          hint: { pr_auc: { mean: 0.55, std: 0.03 } },
        },
      },
    };
    expect(modelCardVersion(card)).toBe("cladmop-x");
    expect(modelCardMetrics(card)).toEqual([
      { phase: "phase 1", method: "cladmop", metric: "pr_auc", mean: 0.6, std: 0.02 },
      { phase: "phase 1", method: "hint", metric: "pr_auc", mean: 0.55, std: 0.03 },
    ]);
  });

  it("reads a list of rows carrying their own phase / metric", () => {
    const card = { metrics: [{ phase: "phase 2", metric: "roc_auc", mean: 0.7, std: 0.01 }] };
    expect(modelCardMetrics(card)).toEqual([
      { phase: "phase 2", method: "cladmop", metric: "roc_auc", mean: 0.7, std: 0.01 },
    ]);
  });

  it("reads plain numbers under a phase as means", () => {
    const card = { metrics: { "phase 3": { f1: 0.8 } } };
    expect(modelCardMetrics(card)).toEqual([
      { phase: "phase 3", method: "cladmop", metric: "f1", mean: 0.8, std: null },
    ]);
  });

  it("reads the shape models/cladmop writes (phase -> methods -> metric), skipping n / rates / thresholds", () => {
    const card = {
      modelVersion: "cladmop-1",
      metrics: {
        "phase I": {
          n: 600,
          positive_rate: 0.56,
          methods: {
            CLaDMoP: { pr_auc: { mean: 0.7, std: 0.01 }, f1: { mean: 0.6, std: 0.02 }, threshold: 0.4 },
            "HINT (published predictions)": { pr_auc: { mean: 0.65, std: 0.02 }, threshold: 0.5 },
          },
        },
      },
    };
    expect(modelCardMetrics(card)).toEqual([
      { phase: "phase I", method: "CLaDMoP", metric: "pr_auc", mean: 0.7, std: 0.01 },
      { phase: "phase I", method: "CLaDMoP", metric: "f1", mean: 0.6, std: 0.02 },
      { phase: "phase I", method: "HINT (published predictions)", metric: "pr_auc", mean: 0.65, std: 0.02 },
    ]);
  });

  it("gives nothing, not an error, for an unexpected shape", () => {
    expect(modelCardMetrics({ foo: "bar" })).toEqual([]);
    expect(modelCardMetrics(null)).toEqual([]);
  });
});
