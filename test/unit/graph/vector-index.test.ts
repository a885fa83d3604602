// The embedding vector index: its dimension read from the index options; made again (dropped and
// created unquantized) when its dimension differs or it is quantized; left alone when it fits;
// dimensions outside 1..4096 or not integers refused before any query (they go into the text).
import { describe, expect, it } from "vitest";
import { SCHEMA_TIMEOUT_MS } from "../../../src/graph/apply-schema.js";
import { currentVectorDimensions, ensureVectorIndex } from "../../../src/graph/vector-index.js";
import { oneLine, recordingExecutor } from "./recording-executor.js";

/** An executor whose SHOW INDEXES answers with the given index config (null: no index). */
function withIndex(indexConfig: Record<string, unknown> | null | undefined) {
  return recordingExecutor((cypher, params) => {
    if (!cypher.startsWith("SHOW INDEXES")) return [];
    expect(params).toEqual({ name: "trial_embedding" });
    expect(cypher).toContain("WHERE name = $name");
    if (indexConfig === null) return [];
    return [{ options: indexConfig === undefined ? null : { indexConfig } }];
  });
}

describe("currentVectorDimensions", () => {
  it("the index's dimension as a number; null without an index", async () => {
    expect(await currentVectorDimensions(withIndex({ "vector.dimensions": 128 }).executor)).toBe(128);
    expect(await currentVectorDimensions(withIndex({ "vector.dimensions": "64" }).executor)).toBe(64);
    expect(await currentVectorDimensions(withIndex(null).executor)).toBeNull();
  });

  it("an index without options has no dimension (NaN), not a crash", async () => {
    expect(await currentVectorDimensions(withIndex(undefined).executor)).toBeNaN();
  });
});

describe("ensureVectorIndex", () => {
  it("an unquantized index of the right dimension is kept: no write", async () => {
    const { executor, writes } = withIndex({
      "vector.dimensions": 128,
      "vector.quantization.enabled": false,
    });
    expect(await ensureVectorIndex(executor, 128)).toEqual({
      name: "trial_embedding",
      dimensions: 128,
      recreated: false,
    });
    expect(writes()).toEqual([]);
  });

  it("no index yet: created unquantized with cosine similarity, not counted as recreated", async () => {
    const { executor, writes } = withIndex(null);
    expect(await ensureVectorIndex(executor, 64)).toEqual({
      name: "trial_embedding",
      dimensions: 64,
      recreated: false,
    });
    const w = writes();
    expect(w.map((c) => c.timeoutMs)).toEqual([SCHEMA_TIMEOUT_MS, SCHEMA_TIMEOUT_MS]);
    const create = oneLine(w[0]!.cypher);
    expect(create).toContain(
      "CREATE VECTOR INDEX trial_embedding IF NOT EXISTS FOR (t:Trial) ON (t.embedding)",
    );
    expect(create).toContain("`vector.dimensions`: 64");
    expect(create).toContain("`vector.similarity_function`: 'cosine'");
    expect(create).toContain("`vector.quantization.enabled`: false");
    expect(w[1]!.cypher).toBe("CALL db.awaitIndexes(300)");
  });

  it.each([
    ["another dimension", { "vector.dimensions": 32, "vector.quantization.enabled": false }],
    ["quantized (Neo4j's default when the option is missing)", { "vector.dimensions": 64 }],
    ["quantized explicitly", { "vector.dimensions": 64, "vector.quantization.enabled": true }],
  ])("%s: dropped and created again", async (_name, config) => {
    const { executor, writes } = withIndex(config);
    expect(await ensureVectorIndex(executor, 64)).toEqual({
      name: "trial_embedding",
      dimensions: 64,
      recreated: true,
    });
    const w = writes().map((c) => [c.cypher.split(" ").slice(0, 3).join(" "), c.timeoutMs]);
    expect(w).toEqual([
      ["DROP INDEX trial_embedding", SCHEMA_TIMEOUT_MS],
      ["CREATE VECTOR INDEX", SCHEMA_TIMEOUT_MS],
      ["CALL db.awaitIndexes(300)", SCHEMA_TIMEOUT_MS],
    ]);
    expect(writes()[0]!.cypher).toBe("DROP INDEX trial_embedding IF EXISTS");
  });

  it.each([0, -1, 4097, 1.5, Number.NaN])("dimension %s refused before any query", async (dim) => {
    const { executor, calls } = withIndex(null);
    await expect(ensureVectorIndex(executor, dim)).rejects.toThrow(
      `vector index dimension must be an integer in 1..4096, got ${dim}`,
    );
    expect(calls).toEqual([]);
  });

  it.each([1, 4096])("dimension %s (a bound) is accepted", async (dim) => {
    const { executor } = withIndex(null);
    expect((await ensureVectorIndex(executor, dim)).dimensions).toBe(dim);
  });
});
