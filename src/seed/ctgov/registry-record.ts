// One ClinicalTrials.gov study as the importer needs it, whatever format it came in (the classic
// XML of the bulk download, or API v2 JSON). Both readers fill this shape with the registry's own
// values (no mapping yet); map-record.ts applies TOP's rules to it.

export interface RegistryIntervention {
  /** The registry's intervention type as written in the classic XML: "Drug", "Biological", ... */
  type: string;
  name: string;
}

export interface RegistryRecord {
  nctId: string;
  /** Last update the sponsor submitted, ISO "YYYY-MM-DD" (a month-only date gets day 01). */
  lastUpdate: string | null;
  /** "processed this data on ..." of the bulk download, or null (API v2 has none per study). */
  downloadDate: string | null;
  title: string | null;
  /** "Interventional", "Observational", "Expanded Access" (classic spelling). */
  studyType: string | null;
  /** Classic spelling: "Phase 1/Phase 2", "Early Phase 1", "N/A", or null when absent. */
  phase: string | null;
  /** Classic spelling: "Recruiting", "Active, not recruiting", "Unknown status", ... */
  overallStatus: string | null;
  whyStopped: string | null;
  conditions: string[];
  /** MeSH terms the registry derived from the conditions (condition_browse). */
  meshTerms: string[];
  interventions: RegistryIntervention[];
  /** The eligibility criteria text block, raw (line endings as the source had them). */
  criteria: string | null;
  startDate: string | null;
  completionDate: string | null;
  enrollment: number | null;
  sponsor: string | null;
}

/** A record that cannot be imported: the reason goes into the reject report. */
export class RecordError extends Error {}
