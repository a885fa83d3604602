// The phase grammar of the API: the spellings people write map to the TOP phases; anything else
// is refused, never mapped to some model.
import { describe, expect, it } from "vitest";
import type { GraphQLError } from "graphql";
import { checkPhase, normalisePhase, TRIAL_PHASES } from "../../../src/graphql/phase.js";

describe("normalisePhase", () => {
  it("accepts the canonical phases unchanged", () => {
    for (const p of TRIAL_PHASES) expect(normalisePhase(p)).toBe(p);
  });

  it("accepts the usual spellings", () => {
    const cases: [string, string][] = [
      ["Phase 2", "phase 2"],
      ["Phase II", "phase 2"],
      ["PHASE2", "phase 2"],
      ["phase-3", "phase 3"],
      ["  phase   iii ", "phase 3"],
      ["II", "phase 2"],
      ["Phase I/II", "phase 1/phase 2"],
      ["phase 1/phase 2", "phase 1/phase 2"],
      ["Phase 2/3", "phase 2/phase 3"],
      ["PHASE2/PHASE3", "phase 2/phase 3"],
      ["Early Phase I", "early phase 1"],
      ["phase 0", "early phase 1"],
    ];
    for (const [text, phase] of cases) expect(normalisePhase(text), text).toBe(phase);
  });

  it("refuses what is not one of the phases", () => {
    for (const text of [
      "",
      "phase",
      "phase 5",
      "phase 4",
      "phase 3/phase 2",
      "phase 1/phase 3",
      "early phase 2",
      "banana",
      "2b",
    ]) {
      expect(normalisePhase(text), text).toBeNull();
    }
  });
});

describe("normalisePhase, the grammar's edges", () => {
  it.each([
    ["Ph 2", "phase 2"],
    ["ph2", "phase 2"],
    ["Early-Phase I", "early phase 1"],
    ["early phase 0", "early phase 1"],
    ["phase 2 and 3", "phase 2/phase 3"],
    ["phase 1 to 2", "phase 1/phase 2"],
  ])("%j -> %s", (text, phase) => {
    expect(normalisePhase(text)).toBe(phase);
  });

  it.each([
    "early phase 1/2", // early applies to one phase only
    "1/2/3",
    "phase early 1", // "early" only leads
    "phase 14",
    "2x",
  ])("%j is refused", (text) => {
    expect(normalisePhase(text)).toBeNull();
  });
});

describe("checkPhase", () => {
  it("returns the canonical phase", () => {
    expect(checkPhase("input.phase", "Phase II")).toBe("phase 2");
  });

  it("refuses with the argument, the value and every accepted phase", () => {
    try {
      checkPhase("input.phase", "phase 9");
      expect.unreachable();
    } catch (e) {
      const error = e as GraphQLError;
      expect(error.message).toBe(
        `unknown phase "phase 9"; accepted: ${TRIAL_PHASES.join(", ")} (also written e.g. "Phase II", "PHASE2", "Phase I/II")`,
      );
      expect(error.extensions).toEqual({
        code: "BAD_USER_INPUT",
        argument: "input.phase",
        value: "phase 9",
        accepted: [...TRIAL_PHASES],
      });
    }
  });
});
