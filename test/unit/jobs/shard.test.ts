// `score --shard i/n`: the flag's parsing, and the split itself (every trial in exactly one shard,
// the same shard on any machine).
import { describe, expect, it } from "vitest";
import { inShard, parseShard, shardOf } from "../../../src/jobs/shard.js";

describe("parseShard", () => {
  it.each([
    ["0/2", { index: 0, count: 2 }],
    ["1/2", { index: 1, count: 2 }],
    [" 3/4 ", { index: 3, count: 4 }],
    ["0/1", { index: 0, count: 1 }],
    ["9998/9999", { index: 9998, count: 9999 }],
  ])("%s -> %o", (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each(["2/2", "5/3", "0/0", "1", "a/b", "-1/2", "1/2/3", "", "1 /2", "12345/20000"])(
    "refuses %j, naming the flag and the value",
    (text) => {
      expect(() => parseShard(text)).toThrow(
        `--shard must be i/n with 0 <= i < n (e.g. 0/2), got ${JSON.stringify(text)}`,
      );
    },
  );
});

describe("shardOf", () => {
  it("is FNV-1a (32 bit) of the id modulo the count: the published test vectors", () => {
    // FNV-1a 32: "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968
    expect(shardOf("", 1000)).toBe(0x811c9dc5 % 1000);
    expect(shardOf("a", 1000)).toBe(0xe40c292c % 1000);
    expect(shardOf("foobar", 1000)).toBe(0xbf9cf968 % 1000);
    expect(shardOf("foobar", 7)).toBe(0xbf9cf968 % 7);
  });

  it("puts every trial in exactly one of n shards, in roughly equal parts", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `NCT${String(1_000_000 + i * 37).padStart(8, "0")}`);
    for (const count of [1, 2, 3, 5]) {
      const sizes = Array.from({ length: count }, () => 0);
      for (const id of ids) {
        const owners = sizes.map((_, index) => inShard(id, { index, count })).filter(Boolean);
        expect(owners, id).toHaveLength(1);
        sizes[shardOf(id, count)]!++;
      }
      for (const size of sizes)
        expect(Math.abs(size - ids.length / count)).toBeLessThan((0.1 * ids.length) / count);
    }
  });
});
