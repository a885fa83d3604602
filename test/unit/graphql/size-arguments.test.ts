// Every size argument name of the schema is checked with its own rule, whatever field carries it:
// page sizes (first, limit, top) against maxPageSize, neighbour counts (k, nearest) against
// maxNeighbours, offsets only for sign; other arguments and non-numbers are left alone.
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { checkSizeArguments } from "../../../src/graphql/size-arguments.js";
import { testConfig } from "./fakes.js";

const limits = { ...testConfig().server, maxPageSize: 100, maxNeighbours: 20 };

function refusal(args: Record<string, unknown>): Record<string, unknown> | null {
  try {
    checkSizeArguments(args, limits);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return { message: (error as GraphQLError).message, ...(error as GraphQLError).extensions };
  }
}

describe("checkSizeArguments", () => {
  it.each(["first", "limit", "top"])("%s: up to maxPageSize, not one more, not negative", (name) => {
    expect(refusal({ [name]: 100 })).toBeNull();
    expect(refusal({ [name]: 101 })).toEqual({
      message: `${name} must be at most 100`,
      code: "BAD_USER_INPUT",
      argument: name,
      value: 101,
      limit: 100,
    });
    expect(refusal({ [name]: -1 })).toMatchObject({ argument: name, value: -1 });
  });

  it.each(["k", "nearest"])("%s: up to maxNeighbours, not one more", (name) => {
    expect(refusal({ [name]: 20 })).toBeNull();
    expect(refusal({ [name]: 21 })).toMatchObject({ argument: name, value: 21, limit: 20 });
    expect(refusal({ [name]: -2 })).toMatchObject({
      argument: name,
      message: `${name} must be a non-negative integer`,
    });
  });

  it("offset: any non-negative integer, no cap", () => {
    expect(refusal({ offset: 1_000_000 })).toBeNull();
    expect(refusal({ offset: -1 })).toEqual({
      message: "offset must be a non-negative integer",
      code: "BAD_USER_INPUT",
      argument: "offset",
      value: -1,
    });
  });

  it("other arguments, missing sizes and non-numbers are not checked", () => {
    expect(refusal({})).toBeNull();
    expect(refusal({ depth: 10_000, first: null, limit: "9999", k: undefined })).toBeNull();
  });
});
