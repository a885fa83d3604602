// API v2 JSON: no real v2 record is available here, so these studies are hand-made from the
// registry's documented v2 structure (test/support/ctgov-records.ts).
import { describe, expect, it } from "vitest";
import { registryRecordFromJson } from "../../../../src/seed/ctgov/json-record.js";
import { v2Study } from "../../../support/ctgov-records.js";

describe("registryRecordFromJson (hand-made v2 studies)", () => {
  it("maps v2 enums onto the classic spellings", () => {
    const r = registryRecordFromJson(v2Study("NCT07654321", { status: "ACTIVE_NOT_RECRUITING" }));
    expect(r).toMatchObject({
      nctId: "NCT07654321",
      lastUpdate: "2024-05-06",
      overallStatus: "Active, not recruiting",
      phase: "Phase 1/Phase 2",
      studyType: "Interventional",
      conditions: ["Type 2 Diabetes Mellitus"],
      meshTerms: ["Diabetes Mellitus, Type 2"],
      interventions: [
        { type: "Drug", name: "Metformin" },
        { type: "Biological", name: "Insulin Glargine" },
        { type: "Behavioral", name: "Diet counselling" },
      ],
      startDate: "2024-01-01",
      enrollment: 120,
      sponsor: "Test Sponsor",
    });
  });

  it("reads NA as the classic N/A and no phases as none", () => {
    expect(registryRecordFromJson(v2Study("NCT07654321", { phases: ["NA"] })).phase).toBe("N/A");
    expect(registryRecordFromJson(v2Study("NCT07654321", { phases: [] })).phase).toBeNull();
  });

  it("rejects what is not a study", () => {
    expect(() => registryRecordFromJson([1, 2])).toThrow(/JSON object/);
    expect(() => registryRecordFromJson({ studies: [] })).toThrow(/no protocolSection/);
    expect(() => registryRecordFromJson(v2Study("NCT07654321", { phases: ["PHASE9"] }))).toThrow(
      /unknown phase/,
    );
  });
});
