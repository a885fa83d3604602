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
