// Hand-made ClinicalTrials.gov records for the importer's tests, written from the registry's
// documented structures (not copied from real records): the classic XML of the bulk download
// (public.xsd: clinical_study, id_info/nct_id, overall_status, phase, study_type, condition,
// condition_browse/mesh_term, intervention, eligibility/criteria/textblock, last_update_submitted)
// and API v2 JSON (protocolSection modules, derivedSection.conditionBrowseModule). No real v2
// record is available here, so the v2 studies below are the only v2 input the tests see.

export interface XmlRecordSpec {
  nctId?: string;
  lastUpdate?: string;
  status?: string;
  phase?: string | null;
  studyType?: string;
  conditions?: string[];
  mesh?: string[];
  interventions?: [type: string, name: string][];
  criteria?: string;
  whyStopped?: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function xmlRecord(spec: XmlRecordSpec): string {
  const criteria = (
    spec.criteria ?? "Inclusion Criteria:\n\n  -  Adults\n\nExclusion Criteria:\n\n  -  Pregnancy\n"
  )
    .split("\n")
    .map(esc)
    .join("&#xD;\n");
  return [
    "<clinical_study>",
    "  <required_header><download_date>ClinicalTrials.gov processed this data on February 03, 2023</download_date></required_header>",
    spec.nctId === undefined
      ? ""
      : `  <id_info><org_study_id>X</org_study_id><nct_id>${spec.nctId}</nct_id></id_info>`,
    "  <brief_title>A hand-made study</brief_title>",
    "  <sponsors><lead_sponsor><agency>Test Sponsor</agency><agency_class>Other</agency_class></lead_sponsor></sponsors>",
    `  <overall_status>${esc(spec.status ?? "Recruiting")}</overall_status>`,
    spec.whyStopped ? `  <why_stopped>${esc(spec.whyStopped)}</why_stopped>` : "",
    "  <start_date>March 2021</start_date>",
    spec.phase === null ? "" : `  <phase>${esc(spec.phase ?? "Phase 2")}</phase>`,
    `  <study_type>${spec.studyType ?? "Interventional"}</study_type>`,
    '  <enrollment type="Anticipated">40</enrollment>',
    ...(spec.conditions ?? ["Glioma"]).map((c) => `  <condition>${esc(c)}</condition>`),
    ...(spec.interventions ?? [["Drug", "Metformin"]]).map(
      ([type, name]) =>
        `  <intervention><intervention_type>${type}</intervention_type><intervention_name>${esc(name)}</intervention_name></intervention>`,
    ),
    `  <eligibility><criteria><textblock>\n${criteria}</textblock></criteria><gender>All</gender></eligibility>`,
    spec.lastUpdate === undefined
      ? ""
      : `  <last_update_submitted>${spec.lastUpdate}</last_update_submitted>`,
    spec.mesh
      ? `  <condition_browse>${spec.mesh.map((m) => `<mesh_term>${esc(m)}</mesh_term>`).join("")}</condition_browse>`
      : "",
    "</clinical_study>",
    "",
  ]
    .filter((l) => l !== "")
    .join("\n");
}

/** A v2 study (documented structure: study -> protocolSection -> ...Module). */
export function v2Study(
  nctId: string,
  overrides: { status?: string; lastUpdate?: string; phases?: string[] } = {},
) {
  return {
    protocolSection: {
      identificationModule: { nctId, briefTitle: "A hand-made v2 study" },
      statusModule: {
        overallStatus: overrides.status ?? "RECRUITING",
        lastUpdateSubmitDate: overrides.lastUpdate ?? "2024-05-06",
        startDateStruct: { date: "2024-01" },
      },
      sponsorCollaboratorsModule: { leadSponsor: { name: "Test Sponsor", class: "OTHER" } },
      conditionsModule: { conditions: ["Type 2 Diabetes Mellitus"] },
      designModule: {
        studyType: "INTERVENTIONAL",
        phases: overrides.phases ?? ["PHASE1", "PHASE2"],
        enrollmentInfo: { count: 120, type: "ESTIMATED" },
      },
      armsInterventionsModule: {
        interventions: [
          { type: "DRUG", name: "Metformin" },
          { type: "BIOLOGICAL", name: "Insulin Glargine" },
          { type: "BEHAVIORAL", name: "Diet counselling" },
        ],
      },
      eligibilityModule: {
        eligibilityCriteria:
          "Inclusion Criteria:\n\n* Adults with type 2 diabetes\n\nExclusion Criteria:\n\n* Pregnancy",
      },
    },
    derivedSection: {
      conditionBrowseModule: { meshes: [{ id: "D003924", term: "Diabetes Mellitus, Type 2" }] },
    },
  };
}
