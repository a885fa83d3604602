// Registry record -> the trial the graph and the model take, with TOP's rules wherever TOP has
// one (checked on the 245 trials both have, bench/ctgov-top-agreement.ts):
//  - phase and status: the registry's text lower-cased ("Phase 1/Phase 2" -> "phase 1/phase 2");
//  - why stopped: lower-cased and trimmed, as the TOP loader stores it;
//  - criteria: the raw text with CR LF turned into LF (TOP's text equals the registry's after
//    that), then split by the shared rule (../criteria.ts);
//  - diseases: the condition names lower-cased, whole (TOP does not split them at commas);
//  - drugs: intervention names lower-cased, "[" "]" dropped. TOP split some names at commas and
//    not others ("vardenafil (levitra" + "bay38-9456)" but "sorafenib (nexavar, bay43-9006)"):
//    names are kept whole here (2 fewer of 245 equal TOP, no broken names). TOP takes Drug
//    interventions only; the importer also takes Biological ones, as the issue asks (a vaccine or
//    antibody is a drug to the model), and records the type on the TESTS edge.
// Studies the model cannot score are kept, flagged, with the reason.
import { TRIAL_PHASES } from "../../domain/trial-phases.js";
import { splitCriteria } from "../criteria.js";
import { RecordError, type RegistryRecord } from "./registry-record.js";

/** Phases with a CLaDMoP phase model (the TOP phase column's values). */
export const SCORABLE_PHASES: ReadonlySet<string> = new Set(TRIAL_PHASES);

const DRUG_TYPES = new Set(["drug", "biological"]);
const NCT_ID = /^NCT\d{8}$/;

export interface ImportedDrug {
  name: string;
  /** "drug" or "biological". */
  interventionType: string;
}

export interface ImportedTrial {
  nctId: string;
  lastUpdate: string;
  downloadDate: string | null;
  title: string | null;
  studyType: string | null;
  /** Lower-case registry phase; "n/a" when the registry says N/A or gives none. */
  phase: string;
  status: string | null;
  whyStop: string | null;
  /** Criteria text with LF line endings, before splitting (what TOP's criteria column holds). */
  criteria: string;
  inclusionCriteria: string;
  exclusionCriteria: string;
  diseases: string[];
  meshTerms: string[];
  drugs: ImportedDrug[];
  startDate: string | null;
  completionDate: string | null;
  enrollment: number | null;
  sponsor: string | null;
  scorable: boolean;
  /** Why the model does not score it (null when scorable). */
  notScorableReason: string | null;
}

const lf = (text: string) => text.replace(/\r\n?/g, "\n");

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ""))];
}

/** A drug's name from an intervention name: lower-case, square brackets dropped (as in TOP). */
export function drugName(interventionName: string): string {
  return interventionName.toLowerCase().replace(/[[\]]/g, "").replace(/\s+/g, " ").trim();
}

function notScorable(studyType: string | null, phase: string, drugs: ImportedDrug[]): string | null {
  if (studyType && studyType.toLowerCase() !== "interventional")
    return `${studyType.toLowerCase()} study: the model scores interventional trials`;
  if (phase === "n/a") return "no phase: the model has a model per phase";
  if (!SCORABLE_PHASES.has(phase)) return `${phase}: no phase model (phases 1-3 only)`;
  if (drugs.length === 0) return "no drug or biological intervention: the model scores drug trials";
  return null;
}

export function mapRecord(record: RegistryRecord): ImportedTrial {
  if (!record.nctId) throw new RecordError("missing nct_id");
  if (!NCT_ID.test(record.nctId)) throw new RecordError(`bad nct_id ${JSON.stringify(record.nctId)}`);
  if (!record.lastUpdate)
    throw new RecordError("missing last update date (needed to tell a newer version from an older one)");
  const phase = record.phase ? record.phase.trim().toLowerCase() : "n/a";
  const criteria = lf(record.criteria ?? "");
  const { inclusion, exclusion } = splitCriteria(criteria);
  const seen = new Set<string>();
  const drugs: ImportedDrug[] = [];
  for (const i of record.interventions) {
    const type = i.type.trim().toLowerCase();
    if (!DRUG_TYPES.has(type)) continue;
    const name = drugName(i.name);
    if (name === "" || seen.has(name)) continue;
    seen.add(name);
    drugs.push({ name, interventionType: type });
  }
  const reason = notScorable(record.studyType, phase, drugs);
  return {
    nctId: record.nctId,
    lastUpdate: record.lastUpdate,
    downloadDate: record.downloadDate,
    title: record.title,
    studyType: record.studyType?.toLowerCase() ?? null,
    phase,
    status: record.overallStatus?.toLowerCase() ?? null,
    whyStop: record.whyStopped === null ? null : lf(record.whyStopped).trim().toLowerCase() || null,
    criteria,
    inclusionCriteria: inclusion,
    exclusionCriteria: exclusion,
    diseases: unique(record.conditions.map((c) => c.trim().toLowerCase())),
    meshTerms: unique(record.meshTerms.map((c) => c.trim())),
    drugs,
    startDate: record.startDate,
    completionDate: record.completionDate,
    enrollment: record.enrollment,
    sponsor: record.sponsor,
    scorable: reason === null,
    notScorableReason: reason,
  };
}
