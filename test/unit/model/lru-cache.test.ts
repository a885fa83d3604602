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

describe("LruCache entry bound and accounting", () => {
  it("keeps at most `capacity` entries, dropping the least recently used (a get counts as use)", () => {
    const c = new LruCache<string, number>(2);
    c.set("a", 1);
    c.set("b", 2);
    expect(c.get("a")).toBe(1); // a is now the most recent
    c.set("c", 3);
    expect(c.get("b")).toBeUndefined();
    expect([c.get("a"), c.get("c")]).toEqual([1, 3]);
    expect(c.size).toBe(2);
    expect(c.capacity).toBe(2);
  });

  it("capacity 0 caches nothing and reports empty", () => {
    const c = new LruCache<string, number>(0, { maxBytes: 100, sizeOf: () => 1 });
    c.set("a", 1);
    expect(c.get("a")).toBeUndefined();
    expect([c.size, c.bytes]).toEqual([0, 0]);
    expect(() => c.clear()).not.toThrow();
  });

  it("counts bytes as sizeOf gives them, rounded up, at least 1 an entry; clear empties", () => {
    const c = new LruCache<string, string>(10, {
      maxBytes: 1_000,
      sizeOf: (v, k) => v.length + k.length / 2,
    });
    c.set("ab", "xyz"); // 3 + 1
    c.set("k", "v"); // 1 + 0.5 -> 2
    expect(c.bytes).toBe(6);
    c.set("z", ""); // 0 + 0.5 -> 1
    expect(c.bytes).toBe(7);
    const zero = new LruCache<string, string>(10, { maxBytes: 1_000, sizeOf: () => 0 });
    zero.set("a", "b");
    expect(zero.bytes).toBe(1);
    c.clear();
    expect([c.size, c.bytes, c.get("ab")]).toEqual([0, 0, undefined]);
  });

  it("without both maxBytes and sizeOf there is no byte bound (bytes 0)", () => {
    const noSize = new LruCache<string, string>(3, { maxBytes: 1 });
    noSize.set("a", "long value");
    expect([noSize.get("a"), noSize.bytes]).toEqual(["long value", 0]);
    const noMax = new LruCache<string, string>(3, { sizeOf: () => 10 });
    noMax.set("a", "v");
    expect([noMax.get("a"), noMax.bytes]).toEqual(["v", 0]);
  });
});
