/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON responses and errors are checked field by field */
import { describe, expect, it } from "vitest";
import { encodeCursor, offsetAfter } from "../../../src/graphql/cursor.js";

describe("trial cursors", () => {
  it("round-trips the offset for the same order and filter", () => {
    const c = encodeCursor("NCT_ID_ASC", { phase: "phase 1" }, 41);
    expect(offsetAfter(c, "NCT_ID_ASC", { phase: "phase 1" })).toBe(42);
  });

  it("is opaque (base64url, no raw offset visible)", () => {
    const c = encodeCursor("NCT_ID_ASC", null, 7);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(c).not.toContain("NCT_ID_ASC");
  });

  it("rejects a cursor from another order or filter with BAD_USER_INPUT", () => {
    const c = encodeCursor("NCT_ID_ASC", { phase: "phase 1" }, 3);
    for (const [order, filter] of [
      ["NCT_ID_DESC", { phase: "phase 1" }],
      ["NCT_ID_ASC", { phase: "phase 2" }],
    ] as const) {
      try {
        offsetAfter(c, order, filter);
        expect.unreachable();
      } catch (e: any) {
        expect(e.extensions.code).toBe("BAD_USER_INPUT");
        expect(e.extensions.value).toBe(c);
      }
    }
  });

  it("rejects garbage", () => {
    for (const bad of ["", "abc", Buffer.from("trials:v1:NCT_ID_ASC:xx:-1").toString("base64url")]) {
      expect(() => offsetAfter(bad, "NCT_ID_ASC", null)).toThrow(/cursor/);
    }
  });
});
