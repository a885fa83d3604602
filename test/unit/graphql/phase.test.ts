// The phase grammar of the API: the spellings people write map to the TOP phases; anything else
// is refused, never mapped to some model.
import { describe, expect, it } from "vitest";
import { normalisePhase, TRIAL_PHASES } from "../../../src/graphql/phase.js";

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
