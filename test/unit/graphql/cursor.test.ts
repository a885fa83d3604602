/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON responses and errors are checked field by field */
import { describe, expect, it } from "vitest";
import { encodeCursor, keyAfter } from "../../../src/graphql/cursor.js";

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
