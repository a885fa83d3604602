// model-card.json as the analytics API serves it: one row per phase, method and metric, from the
// bootstrap summaries (a threshold next to them is a setting of the method, not a metric).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allModelMetrics,
  loadModelCard,
  modelMetrics,
  type ModelCard,
} from "../../../src/model/model-card.js";

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

describe("model card metrics, edge rows", () => {
  it("a threshold row has no std and the phase's n; a summary without std or a phase without n gives null", () => {
    const odd: ModelCard = {
      modelVersion: "v",
      metrics: {
        "phase III": {
          methods: {
            CLaDMoP: {
              f1: { mean: 0.5 } as never,
              threshold: 0.3,
              note: "text",
              broken: { std: 1 } as never,
            },
          },
        },
      },
    };
    expect(modelMetrics(odd)).toEqual([
      { phase: "phase III", metric: "f1", mean: 0.5, std: null, n: null },
      { phase: "phase III", metric: "threshold", mean: 0.3, std: null, n: null },
    ]);
    expect(modelMetrics(card).find((r) => r.metric === "threshold")).toEqual({
      phase: "phase I",
      metric: "threshold",
      mean: 0.45,
      std: null,
      n: 10,
    });
  });

  it("a card without metrics, or a method it does not have, lists nothing", () => {
    expect(modelMetrics({ modelVersion: "v" })).toEqual([]);
    expect(modelMetrics(card, "NoSuchMethod")).toEqual([]);
    expect(allModelMetrics({ modelVersion: "v" })).toEqual([]);
    expect(allModelMetrics({ modelVersion: "v", metrics: { "phase I": { n: 3 } } })).toEqual([]);
  });
});

describe("loadModelCard", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "model-card-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function cardWith(text: string | null): Promise<string> {
    const d = await mkdtemp(path.join(dir, "c-"));
    if (text !== null) await writeFile(path.join(d, "model-card.json"), text);
    return d;
  }

  it("reads <dir>/model-card.json, passing unknown fields through", async () => {
    const d = await cardWith(JSON.stringify({ modelVersion: "v9", extra: [1] }));
    expect(await loadModelCard(d)).toEqual({ modelVersion: "v9", extra: [1] });
  });

  it.each<[string, string | null, RegExp]>([
    ["missing", null, /^model card not found at .*model-card\.json: ENOENT/],
    ["not JSON", "{", /^model card .*model-card\.json is not valid JSON: /],
    ["an array", "[]", /^model card .*model-card\.json is not a JSON object$/],
    ["null", "null", /is not a JSON object$/],
    ["a number", "3", /is not a JSON object$/],
    ["without modelVersion", "{}", /^model card .*model-card\.json has no modelVersion$/],
    ["a numeric modelVersion", '{"modelVersion": 3}', /has no modelVersion$/],
  ])("%s: an error naming the file", async (_name, text, message) => {
    await expect(loadModelCard(await cardWith(text))).rejects.toThrow(message);
  });
});
