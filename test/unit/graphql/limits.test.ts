import { describe, expect, it } from "vitest";
import { buildSchema as buildSdlSchema, parse, validate } from "graphql";
import { depthLimitRule } from "../../../src/graphql/limits.js";

const schema = buildSdlSchema(`type Query { a: A } type A { b: A n: Int }`);

function depthErrors(query: string, max: number) {
  return validate(schema, parse(query), [depthLimitRule(max)]);
}

describe("depth limit rule", () => {
  it("counts nested fields, not fragments", () => {
    expect(depthErrors(`{ a { b { n } } }`, 3)).toHaveLength(0);
    expect(depthErrors(`{ a { b { b { n } } } }`, 3)[0]!.extensions).toMatchObject({
      reason: "MAX_DEPTH",
      depth: 4,
      limit: 3,
    });
    expect(
      depthErrors(`{ a { ...F } } fragment F on A { b { ... on A { b { n } } } }`, 3)[0]!.extensions.depth,
    ).toBe(4);
  });

  it("ignores introspection subtrees and survives fragment cycles", () => {
    expect(
      depthErrors(`{ __schema { types { fields { type { ofType { ofType { name } } } } } } }`, 2),
    ).toHaveLength(0);
    // A cycle is reported by graphql's own NoFragmentCycles rule; the depth rule must not loop.
    expect(() => depthErrors(`{ a { ...F } } fragment F on A { b { ...F } }`, 10)).not.toThrow();
  });
});

describe("depth limit rule cost (regression, issue 14)", () => {
  it("computes each fragment once: 60 levels of doubling spreads validate in well under a second", () => {
    const defs = [`fragment F0 on A { n }`];
    for (let i = 1; i <= 60; i++) defs.push(`fragment F${i} on A { ...F${i - 1} ...F${i - 1} }`);
    const t0 = performance.now();
    expect(depthErrors(`{ a { ...F60 } } ${defs.join(" ")}`, 3)).toHaveLength(0);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe("query guard", () => {
  it("lets the IDE's introspection query through with the default limits", async () => {
    const { getIntrospectionQuery } = await import("graphql");
    const { guardQuery } = await import("../../../src/graphql/query-guard.js");
    expect(guardQuery(getIntrospectionQuery(), { maxTokens: 5000, maxFields: 2000, maxDepth: 8 })).toBeNull();
  });
});
