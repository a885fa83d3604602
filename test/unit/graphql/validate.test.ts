// The argument checks the resolvers share, called directly: each cap at its limit and one past it,
// negative and fractional sizes, the filter's value ranges and normalisation (the phase spelled
// canonically, unset fields dropped so equal filters make equal cursors), and each failure as
// BAD_USER_INPUT naming the argument and the value.
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import {
  checkFilter,
  checkIcdCode,
  checkNctId,
  checkNeighbours,
  checkOffset,
  checkPageSize,
  checkText,
  MAX_TEXT_WORDS,
} from "../../../src/graphql/validate.js";
import type { TrialFilterInput } from "../../../src/graphql/types/inputs.js";
import { testConfig } from "./fakes.js";

const limits = { ...testConfig().server, maxPageSize: 100, maxNeighbours: 20, maxCriteriaChars: 50 };

/** The GraphQLError a check throws: its message and extensions. */
function refusal(check: () => unknown): { message: string; extensions: Record<string, unknown> } {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    const e = error as GraphQLError;
    return { message: e.message, extensions: { ...e.extensions } };
  }
  throw new Error("expected the check to refuse");
}

describe("checkNctId", () => {
  it("accepts NCT and 8 digits in any case, returned upper-case", () => {
    expect(checkNctId("nct01234567")).toBe("NCT01234567");
    expect(checkNctId("NCT01234567", "id")).toBe("NCT01234567");
  });

  it.each(["NCT1234567", "NCT012345678", "xNCT01234567", "NCT0123456a", ""])("refuses %j", (id) => {
    expect(refusal(() => checkNctId(id, "nctIds[0]"))).toEqual({
      message: "not a ClinicalTrials.gov id (NCT followed by 8 digits)",
      extensions: { code: "BAD_USER_INPUT", argument: "nctIds[0]", value: id },
    });
  });

  it("names nctId when no argument is given", () => {
    expect(refusal(() => checkNctId("x")).extensions.argument).toBe("nctId");
  });
});

describe("size arguments", () => {
  it.each([
    ["checkPageSize", (v: number) => checkPageSize("first", v, limits), 100],
    ["checkNeighbours", (v: number) => checkNeighbours("first", v, limits), 20],
  ] as const)("%s: 0 and the cap pass, one past the cap is refused with the limit", (_name, check, cap) => {
    expect(check(0)).toBe(0);
    expect(check(cap)).toBe(cap);
    expect(refusal(() => check(cap + 1))).toEqual({
      message: `first must be at most ${cap}`,
      extensions: { code: "BAD_USER_INPUT", argument: "first", value: cap + 1, limit: cap },
    });
  });

  it.each([
    ["checkPageSize", (v: number) => checkPageSize("first", v, limits)],
    ["checkNeighbours", (v: number) => checkNeighbours("first", v, limits)],
    ["checkOffset", (v: number) => checkOffset("first", v)],
  ] as const)("%s: negative and fractional values refused", (_name, check) => {
    for (const v of [-1, 1.5, Number.NaN]) {
      expect(refusal(() => check(v))).toEqual({
        message: "first must be a non-negative integer",
        extensions: { code: "BAD_USER_INPUT", argument: "first", value: v },
      });
    }
  });

  it("an offset has no cap", () => {
    expect(checkOffset("offset", 0)).toBe(0);
    expect(checkOffset("offset", 10_000_000)).toBe(10_000_000);
  });
});

describe("checkText", () => {
  it("up to the limit passes; longer is refused with its length and an 80-character prefix", () => {
    expect(() => checkText("t", "x".repeat(50), limits)).not.toThrow();
    expect(() => checkText("t", null, limits)).not.toThrow();
    expect(() => checkText("t", undefined, limits)).not.toThrow();
    const long = "y".repeat(200);
    expect(refusal(() => checkText("input.inclusionCriteria", long, limits))).toEqual({
      message: "input.inclusionCriteria must be at most 50 characters",
      extensions: {
        code: "BAD_USER_INPUT",
        argument: "input.inclusionCriteria",
        value: `${"y".repeat(80)}…`,
        length: 200,
        limit: 50,
      },
    });
    expect(() => checkText("t", "x".repeat(51), limits)).toThrow(GraphQLError);
  });
});

describe("checkFilter", () => {
  it("no filter, or only unset fields, is null", () => {
    expect(checkFilter(null, limits)).toBeNull();
    expect(checkFilter(undefined, limits)).toBeNull();
    expect(checkFilter({ phase: null, drug: undefined, text: null }, limits)).toBeNull();
  });

  it("keeps set fields (0 and false too), drops unset ones, spells the phase canonically", () => {
    expect(
      checkFilter(
        {
          phase: "Phase II",
          outcome: 0,
          hasOutcome: false,
          drug: "Aspirin",
          disease: null,
          minProbability: 0,
        },
        limits,
      ),
    ).toEqual({ phase: "phase 2", outcome: 0, hasOutcome: false, drug: "Aspirin", minProbability: 0 });
  });

  it("an unknown phase is refused under filter.phase", () => {
    expect(refusal(() => checkFilter({ phase: "phase 9" }, limits)).extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "filter.phase",
      value: "phase 9",
    });
  });

  it.each([2, -1, 0.5])("outcome %s is refused", (outcome) => {
    expect(refusal(() => checkFilter({ outcome }, limits))).toEqual({
      message: "outcome must be 0 or 1",
      extensions: { code: "BAD_USER_INPUT", argument: "filter.outcome", value: outcome },
    });
  });

  it("outcome 1 is kept", () => {
    expect(checkFilter({ outcome: 1 }, limits)).toEqual({ outcome: 1 });
  });

  it.each(["minProbability", "maxProbability"] as const)(
    "%s: 0 and 1 pass, outside [0, 1] or NaN refused",
    (key) => {
      const only = (v: number) => ({ [key]: v }) as TrialFilterInput;
      expect(checkFilter(only(0), limits)).toEqual({ [key]: 0 });
      expect(checkFilter(only(1), limits)).toEqual({ [key]: 1 });
      for (const v of [-0.01, 1.01, Number.NaN]) {
        expect(refusal(() => checkFilter(only(v), limits))).toEqual({
          message: `${key} must be within [0, 1]`,
          extensions: { code: "BAD_USER_INPUT", argument: `filter.${key}`, value: v },
        });
      }
    },
  );

  it("a range whose lower bound is above its upper one is refused; equal bounds pass", () => {
    expect(checkFilter({ minProbability: 0.4, maxProbability: 0.4 }, limits)).toEqual({
      minProbability: 0.4,
      maxProbability: 0.4,
    });
    expect(refusal(() => checkFilter({ minProbability: 0.5, maxProbability: 0.4 }, limits))).toEqual({
      message: "minProbability is above maxProbability",
      extensions: { code: "BAD_USER_INPUT", argument: "filter.minProbability", value: 0.5 },
    });
  });

  it("ICD prefixes: a letter then up to 7 code characters", () => {
    for (const ok of ["C", "c71", "C71.9", "C71.9ABC"])
      expect(checkFilter({ icdPrefix: ok }, limits)).toEqual({ icdPrefix: ok });
    for (const bad of ["71", "C71.9ABCD", "C 71", "", "C-1"]) {
      expect(refusal(() => checkFilter({ icdPrefix: bad }, limits))).toEqual({
        message: "icdPrefix must look like an ICD-10 code prefix",
        extensions: { code: "BAD_USER_INPUT", argument: "filter.icdPrefix", value: bad },
      });
    }
  });

  it("text: at most the configured characters and MAX_TEXT_WORDS words (punctuation is no word)", () => {
    const wide = { ...limits, maxCriteriaChars: 10_000 };
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join("  ");
    expect(checkFilter({ text: `${words(MAX_TEXT_WORDS)} - ( ;` }, wide)).toEqual({
      text: `${words(MAX_TEXT_WORDS)} - ( ;`,
    });
    const tooMany = words(MAX_TEXT_WORDS + 1);
    expect(refusal(() => checkFilter({ text: tooMany }, wide))).toEqual({
      message: `filter.text must have at most ${MAX_TEXT_WORDS} words`,
      extensions: {
        code: "BAD_USER_INPUT",
        argument: "filter.text",
        value: `${tooMany.slice(0, 80)}…`,
        words: MAX_TEXT_WORDS + 1,
        limit: MAX_TEXT_WORDS,
      },
    });
    expect(refusal(() => checkFilter({ text: "x".repeat(51) }, limits)).extensions).toMatchObject({
      argument: "filter.text",
      limit: 50,
    });
  });
});

describe("checkIcdCode", () => {
  it("normalises a code as the graph writes it", () => {
    expect(checkIcdCode("code", "c719")).toBe("C71.9");
  });

  it("refuses what is not ICD-10 shaped, naming the argument", () => {
    expect(refusal(() => checkIcdCode("code", "hello"))).toEqual({
      message:
        "not an ICD-10 code (a letter, two digits or a digit and a letter, then optionally . and 1-4 characters, e.g. C71.9)",
      extensions: { code: "BAD_USER_INPUT", argument: "code", value: "hello" },
    });
  });
});
