import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../src/config.js";
import { parseFeaturizerSpec } from "../../../src/model/featurizer-spec.js";
import { LruCache } from "../../../src/model/lru-cache.js";

const good = JSON.parse(
  readFileSync(path.join(repoRoot, "test/fixtures/model/tiny-artifacts/featurizer.json"), "utf8"),
);

describe("parseFeaturizerSpec", () => {
  it("accepts the contract's shape", () => {
    expect(parseFeaturizerSpec(good).text.maxTokens).toBe(8);
  });

  it.each([
    ["modelVersion missing", { ...good, modelVersion: "" }, /modelVersion/],
    ["maxTokens not an integer", { ...good, text: { ...good.text, maxTokens: 1.5 } }, /text\.maxTokens/],
    ["pad not 0", { ...good, icd: { ...good.icd, vocab: { "<pad>": 1, "<unk>": 0 } } }, /<pad>/],
    ["no <unk>", { ...good, icd: { ...good.icd, vocab: { "<pad>": 0 } } }, /<unk>/],
    ["phase id without name", { ...good, phase: { ...good.phase, vocab: { "phase 4": 7 } } }, /phase 4/],
    ["bad default", { ...good, phase: { ...good.phase, default: 9 } }, /phase\.default/],
    ["other fingerprint", { ...good, drug: { ...good.drug, fingerprint: "ecfp" } }, /morgan/],
  ])("rejects %s", (_name, json, message) => {
    expect(() => parseFeaturizerSpec(json)).toThrow(message);
  });
});

describe("parseFeaturizerSpec, each rule with its message", () => {
  const withText = (text: Record<string, unknown>) => ({ ...good, text: { ...good.text, ...text } });
  const withDrug = (drug: Record<string, unknown>) => ({ ...good, drug: { ...good.drug, ...drug } });
  const withIcd = (icd: Record<string, unknown>) => ({ ...good, icd: { ...good.icd, ...icd } });
  const withPhase = (phase: Record<string, unknown>) => ({ ...good, phase: { ...good.phase, ...phase } });
  it.each<[string, unknown, string]>([
    ["null", null, "not an object"],
    ["a string", "spec", "not an object"],
    ["modelVersion not text", { ...good, modelVersion: 3 }, "modelVersion missing"],
    ["no text", { ...good, text: undefined }, "text.tokenizer missing"],
    ["tokenizer not text", withText({ tokenizer: 1 }), "text.tokenizer missing"],
    ["maxTokens 0", withText({ maxTokens: 0 }), "text.maxTokens must be a positive integer, got 0"],
    [
      "maxTokens a string",
      withText({ maxTokens: "8" }),
      'text.maxTokens must be a positive integer, got "8"',
    ],
    [
      "maxTokens 2",
      withText({ maxTokens: 2 }),
      "text.maxTokens must leave room for [CLS], a word piece and [SEP]",
    ],
    ["maxWindows 0", withText({ maxWindows: 0 }), "text.maxWindows must be a positive integer, got 0"],
    [
      "hiddenSize missing",
      withText({ hiddenSize: undefined }),
      "text.hiddenSize must be a positive integer, got undefined",
    ],
    ["no drug", { ...good, drug: undefined }, 'drug.fingerprint must be "morgan"'],
    ["radius -1", withDrug({ radius: -1 }), "drug.radius must be a positive integer, got -1"],
    ["nBits 0", withDrug({ nBits: 0 }), "drug.nBits must be a positive integer, got 0"],
    ["maxDrugs 1.5", withDrug({ maxDrugs: 1.5 }), "drug.maxDrugs must be a positive integer, got 1.5"],
    ["no icd", { ...good, icd: undefined }, "icd missing"],
    ["maxCodes 0", withIcd({ maxCodes: 0 }), "icd.maxCodes must be a positive integer, got 0"],
    ["icd vocab missing", withIcd({ vocab: undefined }), "icd.vocab must be an object"],
    ["icd vocab a string", withIcd({ vocab: "x" }), "icd.vocab must be an object"],
    [
      "icd id negative",
      withIcd({ vocab: { "<pad>": 0, "<unk>": 1, C71: -1 } }),
      "icd.vocab[C71] must be a non-negative integer",
    ],
    [
      "icd id fractional",
      withIcd({ vocab: { "<pad>": 0, "<unk>": 1, C71: 1.5 } }),
      "icd.vocab[C71] must be a non-negative integer",
    ],
    [
      "icd id text",
      withIcd({ vocab: { "<pad>": 0, "<unk>": 1, C71: "2" } }),
      "icd.vocab[C71] must be a non-negative integer",
    ],
    ["no phase", { ...good, phase: undefined }, "phase missing"],
    [
      "phase id negative",
      withPhase({ vocab: { "phase 1": -1 } }),
      "phase.vocab[phase 1] must be a non-negative integer",
    ],
    ["phase names empty", withPhase({ names: [] }), "phase.names missing"],
    ["phase names not a list", withPhase({ names: "phase 1" }), "phase.names missing"],
    [
      "phase id = names length",
      withPhase({ vocab: { "phase 1": 0, x: 3 }, names: ["a", "b", "c"], default: 0 }),
      "phase.vocab[x] = 3 has no entry in phase.names",
    ],
    ["default fractional", withPhase({ default: 0.5 }), "phase.default must index phase.names"],
    ["default negative", withPhase({ default: -1 }), "phase.default must index phase.names"],
    [
      "default = names length",
      withPhase({ default: good.phase.names.length }),
      "phase.default must index phase.names",
    ],
    ["embeddingDim 0", { ...good, embeddingDim: 0 }, "embeddingDim must be a positive integer, got 0"],
  ])("%s: %s", (_name, json, message) => {
    expect(() => parseFeaturizerSpec(json)).toThrow(`featurizer.json: ${message}`);
  });

  it("the bounds themselves are accepted: maxTokens 3, id 0, the last phase as default, one window by default", () => {
    const spec = parseFeaturizerSpec({
      ...withText({ maxTokens: 3, maxWindows: undefined }),
      phase: { ...good.phase, default: good.phase.names.length - 1 },
    });
    expect(spec.text.maxTokens).toBe(3);
    expect(spec.text.maxWindows).toBe(1);
    expect(parseFeaturizerSpec(withText({ maxWindows: 4 })).text.maxWindows).toBe(4);
    expect(parseFeaturizerSpec(withPhase({ default: 0 })).phase.default).toBe(0);
  });
});

describe("LruCache", () => {
  it("drops the least recently used entry", () => {
    const c = new LruCache<string, number>(2);
    c.set("a", 1);
    c.set("b", 2);
    expect(c.get("a")).toBe(1);
    c.set("c", 3);
    expect(c.get("b")).toBeUndefined();
    expect(c.get("a")).toBe(1);
    expect(c.size).toBe(2);
  });

  it("stores nothing with capacity 0", () => {
    const c = new LruCache<string, number>(0);
    c.set("a", 1);
    expect(c.get("a")).toBeUndefined();
  });
});
