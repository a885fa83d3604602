// TOP's rules applied to registry records, and the not-scorable flags.
import { describe, expect, it } from "vitest";
import { mapRecord } from "../../../../src/seed/ctgov/map-record.js";
import type { RegistryRecord } from "../../../../src/seed/ctgov/registry-record.js";

const base: RegistryRecord = {
  nctId: "NCT01234567",
  lastUpdate: "2023-02-03",
  downloadDate: null,
  title: null,
  studyType: "Interventional",
  phase: "Phase 2/Phase 3",
  overallStatus: "Active, not recruiting",
  whyStopped: "\n    Poor Accrual\r\n  ",
  conditions: ["Pulmonary Disease, Chronic Obstructive", "COPD", "copd"],
  meshTerms: [],
  interventions: [
    { type: "Drug", name: "Luteinizing hormone releasing hormone [LHRH] agonist" },
    { type: "Biological", name: "Pembrolizumab" },
    { type: "Procedure", name: "Surgery" },
    { type: "Drug", name: "pembrolizumab" },
  ],
  criteria:
    "\n  Inclusion Criteria:\r\n\r\n  -  Adults\r\n\r\n  Exclusion Criteria:\r\n\r\n  -  Pregnancy\r\n",
  startDate: null,
  completionDate: null,
  enrollment: null,
  sponsor: null,
};

describe("mapRecord", () => {
  it("applies TOP's rules: lower-case phase and status, LF criteria split by the shared rule", () => {
    const t = mapRecord(base);
    expect(t).toMatchObject({
      phase: "phase 2/phase 3",
      status: "active, not recruiting",
      whyStop: "poor accrual",
      criteria: "\n  Inclusion Criteria:\n\n  -  Adults\n\n  Exclusion Criteria:\n\n  -  Pregnancy\n",
      inclusionCriteria: "Adults",
      exclusionCriteria: "Pregnancy",
      diseases: ["pulmonary disease, chronic obstructive", "copd"],
      scorable: true,
      notScorableReason: null,
    });
    expect(t.drugs).toEqual([
      { name: "luteinizing hormone releasing hormone lhrh agonist", interventionType: "drug" },
      { name: "pembrolizumab", interventionType: "biological" },
    ]);
  });

  it("keeps unscorable studies, saying why", () => {
    const reason = (r: Partial<RegistryRecord>) => mapRecord({ ...base, ...r }).notScorableReason;
    expect(reason({ studyType: "Observational", phase: null })).toMatch(/^observational study/);
    expect(reason({ phase: "N/A" })).toMatch(/^no phase/);
    expect(reason({ phase: null })).toMatch(/^no phase/);
    expect(reason({ phase: "Phase 4" })).toMatch(/^phase 4: no phase model/);
    expect(reason({ interventions: [{ type: "Device", name: "Stent" }] })).toMatch(/^no drug or biological/);
    expect(mapRecord({ ...base, phase: "N/A" }).phase).toBe("n/a");
  });

  it("rejects records without a usable nctId or last-update date", () => {
    expect(() => mapRecord({ ...base, nctId: "" })).toThrow(/missing nct_id/);
    expect(() => mapRecord({ ...base, nctId: "NCT123" })).toThrow(/bad nct_id/);
    expect(() => mapRecord({ ...base, lastUpdate: null })).toThrow(/missing last update/);
  });
});
