// Start-up on broken artifacts and settings: each failure stops the start with a message naming
// what is wrong (the file, the variable), before the first query; nothing half-loaded is kept.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, repoRoot } from "../../../src/config.js";
import { checkArtifacts } from "../../../src/model/artifacts.js";
import { createScorer } from "../../../src/model/create-scorer.js";
import { loadModelCard } from "../../../src/model/model-card.js";

const tiny = path.join(repoRoot, "test/fixtures/model/tiny-artifacts");
const dirs: string[] = [];

/** A copy of the toy artifacts, to break one file of. */
function copyOfTiny(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tg-startup-"));
  dirs.push(dir);
  for (const f of readdirSync(tiny)) copyFileSync(path.join(tiny, f), path.join(dir, f));
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const modelConfig = (artifactsDir: string) => ({
  ...loadConfig({}).model,
  artifactsDir,
  executionProvider: "cpu" as const,
  maxBatch: 4,
});
const quiet = { log: () => undefined };

describe("checkArtifacts", () => {
  it("accepts the toy artifacts and returns their version and card", async () => {
    const served = await checkArtifacts(tiny);
    expect(served.modelVersion).toBe("tiny-test-1");
    expect(served.card.modelVersion).toBe("tiny-test-1");
  });

  it("names every missing file, the model card included", async () => {
    const dir = copyOfTiny();
    rmSync(path.join(dir, "model-card.json"));
    rmSync(path.join(dir, "encoder.onnx"));
    await expect(checkArtifacts(dir)).rejects.toThrow(
      `model artifacts missing in ${dir}: encoder.onnx, model-card.json (train and export with models/)`,
    );
  });

  it("names the tokenizer featurizer.json points at when it is not there", async () => {
    const dir = copyOfTiny();
    rmSync(path.join(dir, "tokenizer.json"));
    await expect(checkArtifacts(dir)).rejects.toThrow(
      "featurizer.json names tokenizer.json, which is not in",
    );
  });

  it("refuses a model card of another model version than featurizer.json", async () => {
    const dir = copyOfTiny();
    writeFileSync(path.join(dir, "model-card.json"), JSON.stringify({ modelVersion: "tiny-test-0" }));
    await expect(checkArtifacts(dir)).rejects.toThrow(
      "model-card.json is tiny-test-0, featurizer.json is tiny-test-1 (export them together)",
    );
  });
});

describe("loadModelCard", () => {
  it.each([
    ["[1, 2]", "is not a JSON object"],
    ["null", "is not a JSON object"],
    ['"text"', "is not a JSON object"],
    ['{"version": "x"}', "has no modelVersion"],
    ['{"modelVersion": 3}', "has no modelVersion"],
    ['{"modelVersion": "x"', "is not valid JSON"],
  ])("%s: %s, naming the file", async (text, message) => {
    const dir = copyOfTiny();
    writeFileSync(path.join(dir, "model-card.json"), text);
    const err = (await loadModelCard(dir).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(message);
    expect(err.message).toContain(path.join(dir, "model-card.json"));
  });

  it("a missing card names its path", async () => {
    const dir = copyOfTiny();
    rmSync(path.join(dir, "model-card.json"));
    await expect(loadModelCard(dir)).rejects.toThrow(
      `model card not found at ${path.join(dir, "model-card.json")}`,
    );
  });
});

describe("createScorer on broken ONNX files", () => {
  it.each(["cladmop.onnx", "encoder.onnx"])("a corrupt %s fails the start", async (file) => {
    const dir = copyOfTiny();
    writeFileSync(path.join(dir, file), "this is not an ONNX protobuf");
    await expect(createScorer(modelConfig(dir), quiet)).rejects.toThrow();
  });

  it("a truncated cladmop.onnx fails the start", async () => {
    const dir = copyOfTiny();
    const bytes = readFileSync(path.join(dir, "cladmop.onnx"));
    writeFileSync(path.join(dir, "cladmop.onnx"), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(createScorer(modelConfig(dir), quiet)).rejects.toThrow();
  });

  it("an encoder swapped in for the model (wrong inputs) fails the start, not the first query", async () => {
    const dir = copyOfTiny();
    copyFileSync(path.join(dir, "encoder.onnx"), path.join(dir, "cladmop.onnx"));
    await expect(createScorer(modelConfig(dir), quiet)).rejects.toThrow();
  });
});

describe("configuration values", () => {
  it.each([
    ["NEO4J_QUERY_TIMEOUT_MS", "0", "NEO4J_QUERY_TIMEOUT_MS must be a positive integer, got 0"],
    ["NEO4J_QUERY_TIMEOUT_MS", "-5", 'NEO4J_QUERY_TIMEOUT_MS must be a non-negative integer, got "-5"'],
    ["NEO4J_QUERY_TIMEOUT_MS", "1.5", 'must be a non-negative integer, got "1.5"'],
    ["NEO4J_QUERY_TIMEOUT_MS", "5s", 'must be a non-negative integer, got "5s"'],
    ["NEO4J_LOCAL_BOLT_PORT", "0", "NEO4J_LOCAL_BOLT_PORT must be a TCP port (1-65535), got 0"],
    ["NEO4J_LOCAL_BOLT_PORT", "65536", "must be a TCP port (1-65535), got 65536"],
    ["TRIALGRAPH_MODEL_CONCURRENCY", "0", "TRIALGRAPH_MODEL_CONCURRENCY must be a positive integer"],
    ["TRIALGRAPH_REQUEST_TIMEOUT_MS", "0", "TRIALGRAPH_REQUEST_TIMEOUT_MS must be a positive integer"],
    ["TRIALGRAPH_MAX_PAGE", "many", 'TRIALGRAPH_MAX_PAGE must be a non-negative integer, got "many"'],
    ["PORT", "-1", "PORT must be a non-negative integer"],
    ["NEO4J_URI", "http://localhost:7474", "NEO4J_URI must start with bolt://"],
    ["TRIALGRAPH_EXECUTION_PROVIDER", "tpu", "TRIALGRAPH_EXECUTION_PROVIDER must be one of"],
  ])("%s=%s is refused: %s", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it.each([
    ["NEO4J_LOCAL_BOLT_PORT", "1", (c: ReturnType<typeof loadConfig>) => c.neo4j.localBoltPort, 1],
    ["NEO4J_LOCAL_BOLT_PORT", "65535", (c: ReturnType<typeof loadConfig>) => c.neo4j.localBoltPort, 65535],
    ["NEO4J_QUERY_TIMEOUT_MS", "1", (c: ReturnType<typeof loadConfig>) => c.neo4j.queryTimeoutMs, 1],
    [
      "NEO4J_LOCAL_START_TIMEOUT",
      "3",
      (c: ReturnType<typeof loadConfig>) => c.neo4j.localStartTimeoutMs,
      3000,
    ],
    [
      "TRIALGRAPH_SCORE_CACHE_MB",
      "2",
      (c: ReturnType<typeof loadConfig>) => c.model.cacheBytes,
      2 * 1024 * 1024,
    ],
    ["TRIALGRAPH_MAX_BATCH", "0", (c: ReturnType<typeof loadConfig>) => c.model.maxBatch, 1],
    [
      "NEO4J_URI",
      "neo4j+s://db.example:7687",
      (c: ReturnType<typeof loadConfig>) => c.neo4j.uri,
      "neo4j+s://db.example:7687",
    ],
    ["NEO4J_URI", "", (c: ReturnType<typeof loadConfig>) => c.neo4j.uri, undefined],
    ["PORT", "", (c: ReturnType<typeof loadConfig>) => c.server.port, 4000],
  ])("%s=%j is accepted", (name, value, read, want) => {
    expect(read(loadConfig({ [name]: value }))).toBe(want);
  });

  it("the defaults work on a laptop", () => {
    const c = loadConfig({});
    expect(c.neo4j).toMatchObject({
      uri: undefined,
      user: "neo4j",
      localBoltPort: 7687,
      queryTimeoutMs: 5000,
    });
    expect(c.model).toMatchObject({ maxBatch: 32, executionProvider: "auto", cacheSize: 50_000 });
    expect(c.server).toMatchObject({ host: "127.0.0.1", port: 4000, corsOrigins: [], maxPageSize: 500 });
    expect(loadConfig({ TRIALGRAPH_CORS_ORIGINS: " http://a , ,http://b" }).server.corsOrigins).toEqual([
      "http://a",
      "http://b",
    ]);
  });
});
