// The model layer's cache is bounded by bytes as well as entries (issue 14, class 4).
import { describe, expect, it } from "vitest";
import { LruCache } from "../../../src/model/lru-cache.js";

describe("LruCache byte bound", () => {
  it("drops least recently used entries once their bytes exceed maxBytes", () => {
    const c = new LruCache<string, string>(1_000, { maxBytes: 100, sizeOf: (v) => v.length });
    for (let i = 0; i < 10; i++) c.set(`k${i}`, "x".repeat(30));
    expect(c.bytes).toBeLessThanOrEqual(100);
    expect(c.size).toBe(3);
    expect(c.get("k9")).toBeDefined();
    expect(c.get("k0")).toBeUndefined();
  });

  it("does not keep an entry larger than the whole bound", () => {
    const c = new LruCache<string, string>(10, { maxBytes: 10, sizeOf: (v) => v.length });
    c.set("big", "x".repeat(11));
    expect(c.get("big")).toBeUndefined();
  });
});
