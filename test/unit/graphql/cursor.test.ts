/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON responses and errors are checked field by field */
import { describe, expect, it } from "vitest";
import { encodeCursor, filterHash, keyAfter } from "../../../src/graphql/cursor.js";

describe("trial cursors (keyset)", () => {
  it("round-trips the sort key for the same order and filter", () => {
    const c = encodeCursor("PROBABILITY_DESC", { phase: "phase 1" }, { nctId: "NCT00000042", value: 0.625 });
    expect(keyAfter(c, "PROBABILITY_DESC", { phase: "phase 1" })).toEqual({
      nctId: "NCT00000042",
      value: 0.625,
    });
    const n = encodeCursor("NCT_ID_ASC", null, { nctId: "NCT00000007", value: null });
    expect(keyAfter(n, "NCT_ID_ASC", null)).toEqual({ nctId: "NCT00000007", value: null });
  });

  it("carries a RELEVANCE row's rank (it sizes the next full-text request) and reads cursors without one", () => {
    const key = { nctId: "NCT00000042", value: 3.25, rank: 40 };
    const c = encodeCursor("RELEVANCE", { text: "glioma" }, key);
    expect(keyAfter(c, "RELEVANCE", { text: "glioma" })).toEqual(key);
    const old = encodeCursor("RELEVANCE", { text: "glioma" }, { nctId: "NCT00000042", value: 3.25 });
    expect(keyAfter(old, "RELEVANCE", { text: "glioma" })).toEqual({ nctId: "NCT00000042", value: 3.25 });
  });

  it("is opaque (base64url, no raw key visible)", () => {
    const c = encodeCursor("NCT_ID_ASC", null, { nctId: "NCT00000007", value: null });
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(c).not.toContain("NCT_ID_ASC");
    expect(c).not.toContain("NCT00000007");
  });

  it("rejects a cursor from another order or filter with BAD_USER_INPUT", () => {
    const c = encodeCursor("NCT_ID_ASC", { phase: "phase 1" }, { nctId: "NCT00000003", value: null });
    for (const [order, filter] of [
      ["NCT_ID_DESC", { phase: "phase 1" }],
      ["NCT_ID_ASC", { phase: "phase 2" }],
    ] as const) {
      try {
        keyAfter(c, order, filter);
        expect.unreachable();
      } catch (e: any) {
        expect(e.extensions.code).toBe("BAD_USER_INPUT");
        expect(e.extensions.value).toBe(c);
      }
    }
  });

  it("rejects garbage and the old offset cursors", () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    for (const bad of [
      "",
      "abc",
      b64("trials:v1:NCT_ID_ASC:xx:41"),
      b64('trials:v2:NCT_ID_ASC:xx:["not-an-id",null]'),
      b64('trials:v2:NCT_ID_ASC:xx:["NCT00000001","0.5"]'),
      b64("trials:v2:NCT_ID_ASC:xx:{"),
      // A rank must be a positive integer (it sizes a request to the index).
      b64('trials:v2:NCT_ID_ASC:xx:["NCT00000001",0.5,0]'),
      b64('trials:v2:NCT_ID_ASC:xx:["NCT00000001",0.5,2.5]'),
      b64('trials:v2:NCT_ID_ASC:xx:["NCT00000001",0.5,"9"]'),
      b64('trials:v2:NCT_ID_ASC:xx:["NCT00000001",0.5,1,2]'),
    ]) {
      expect(() => keyAfter(bad, "NCT_ID_ASC", null)).toThrow(/cursor/);
    }
  });
});

describe("trial cursors: what a well-formed cursor must hold", () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64url");
  /** A cursor for NCT_ID_ASC without a filter (the right hash), with the given key JSON. */
  const withKey = (body: string, prefix = "trials:v2") =>
    b64(`${prefix}:NCT_ID_ASC:${filterHash(null)}:${body}`);

  function refusal(cursor: string, order = "NCT_ID_ASC", filter: unknown = null) {
    try {
      keyAfter(cursor, order, filter);
    } catch (e: any) {
      return { message: e.message, extensions: { ...e.extensions } };
    }
    throw new Error("expected the cursor to be refused");
  }

  it("encodes prefix, order, a 10-hex filter hash and the key", () => {
    const c = encodeCursor("NCT_ID_ASC", { phase: "phase 1" }, { nctId: "NCT00000007", value: null });
    const text = Buffer.from(c, "base64url").toString("utf8");
    expect(text).toMatch(/^trials:v2:NCT_ID_ASC:[0-9a-f]{10}:\["NCT00000007",null\]$/);
    expect(text).toBe(`trials:v2:NCT_ID_ASC:${filterHash({ phase: "phase 1" })}:["NCT00000007",null]`);
    expect(filterHash(undefined)).toBe(filterHash({}));
    expect(keyAfter(withKey('["NCT00000001",0.5]'), "NCT_ID_ASC", null)).toEqual({
      nctId: "NCT00000001",
      value: 0.5,
    });
  });

  it.each([
    ["not a list", '{"0":"NCT00000001","1":0.5,"length":2}'],
    ["one item", '["NCT00000001"]'],
    ["four items", '["NCT00000001",0.5,1,2]'],
    ["rank 0", '["NCT00000001",0.5,0]'],
    ["rank -3", '["NCT00000001",0.5,-3]'],
    ["rank 2.5", '["NCT00000001",0.5,2.5]'],
    ["rank as text", '["NCT00000001",0.5,"9"]'],
    ["id in a list", '[["NCT00000001"],0.5]'],
    ["id with a prefix", '["xNCT00000001",0.5]'],
    ["id with a ninth digit", '["NCT000000012",0.5]'],
    ["id with a colon (the key part is everything after the fourth colon)", '["NCT0000:0001",0.5]'],
    ["value as text", '["NCT00000001","0.5"]'],
    ["value infinite", '["NCT00000001",1e999]'],
    ["not JSON", "[NCT00000001"],
  ])("a key that is %s is malformed, even with the right order and filter hash", (_name, body) => {
    expect(refusal(withKey(body))).toEqual({
      message: "malformed cursor",
      extensions: { code: "BAD_USER_INPUT", argument: "after", value: withKey(body) },
    });
  });

  it("another version's prefix is malformed", () => {
    expect(refusal(withKey('["NCT00000001",0.5]', "trials:v1")).message).toBe("malformed cursor");
    expect(refusal(withKey('["NCT00000001",0.5]', "other:v2")).message).toBe("malformed cursor");
  });

  it("a rank of 1 is kept", () => {
    expect(keyAfter(withKey('["NCT00000001",0.5,1]'), "NCT_ID_ASC", null)).toEqual({
      nctId: "NCT00000001",
      value: 0.5,
      rank: 1,
    });
  });

  it("another order or filter: its own message, naming the argument", () => {
    const c = withKey('["NCT00000001",0.5]');
    for (const [order, filter] of [
      ["NCT_ID_DESC", null],
      ["NCT_ID_ASC", { phase: "phase 1" }],
    ] as const) {
      expect(refusal(c, order, filter)).toEqual({
        message: "cursor belongs to another order or filter",
        extensions: { code: "BAD_USER_INPUT", argument: "after", value: c },
      });
    }
  });
});
