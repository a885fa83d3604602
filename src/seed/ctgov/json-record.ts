// Maps one study of the registry's API v2 JSON (study -> protocolSection -> identificationModule,
// statusModule, sponsorCollaboratorsModule, conditionsModule, designModule,
// armsInterventionsModule, eligibilityModule; derivedSection -> conditionBrowseModule) onto the
// classic-XML spellings of RegistryRecord, so one mapping serves both formats.
import { isoDate } from "./registry-dates.js";
import { RecordError, type RegistryRecord } from "./registry-record.js";

type Json = Record<string, unknown>;

const obj = (v: unknown): Json =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** v2 enum -> classic spelling ("ACTIVE_NOT_RECRUITING" -> "Active, not recruiting"). */
const STATUS: Record<string, string> = {
  ACTIVE_NOT_RECRUITING: "Active, not recruiting",
  COMPLETED: "Completed",
  ENROLLING_BY_INVITATION: "Enrolling by invitation",
  NOT_YET_RECRUITING: "Not yet recruiting",
  RECRUITING: "Recruiting",
  SUSPENDED: "Suspended",
  TERMINATED: "Terminated",
  WITHDRAWN: "Withdrawn",
  AVAILABLE: "Available",
  NO_LONGER_AVAILABLE: "No longer available",
  TEMPORARILY_NOT_AVAILABLE: "Temporarily not available",
  APPROVED_FOR_MARKETING: "Approved for marketing",
  WITHHELD: "Withheld",
  UNKNOWN: "Unknown status",
};

const PHASE: Record<string, string> = {
  EARLY_PHASE1: "Early Phase 1",
  PHASE1: "Phase 1",
  PHASE2: "Phase 2",
  PHASE3: "Phase 3",
  PHASE4: "Phase 4",
  NA: "N/A",
};

const STUDY_TYPE: Record<string, string> = {
  INTERVENTIONAL: "Interventional",
  OBSERVATIONAL: "Observational",
  EXPANDED_ACCESS: "Expanded Access",
};

/** "DIETARY_SUPPLEMENT" -> "Dietary Supplement" (the classic XML's spelling). */
function interventionType(v: unknown): string {
  const s = str(v) ?? "";
  return s
    .toLowerCase()
    .split("_")
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(" ");
}

function phase(phases: unknown[]): string | null {
  const named = phases.map((p) => PHASE[String(p)] ?? null);
  if (named.length === 0) return null;
  if (named.some((p) => p === null)) throw new RecordError(`unknown phase ${JSON.stringify(phases)}`);
  return named.join("/");
}

export function registryRecordFromJson(study: unknown): RegistryRecord {
  if (study === null || typeof study !== "object" || Array.isArray(study))
    throw new RecordError("a study must be a JSON object");
  const protocol = obj((study as Json).protocolSection);
  if (Object.keys(protocol).length === 0) throw new RecordError("no protocolSection");
  const id = obj(protocol.identificationModule);
  const status = obj(protocol.statusModule);
  const design = obj(protocol.designModule);
  const sponsor = obj(obj(protocol.sponsorCollaboratorsModule).leadSponsor);
  const eligibility = obj(protocol.eligibilityModule);
  const browse = obj(obj((study as Json).derivedSection).conditionBrowseModule);
  const overall = str(status.overallStatus);
  const count = obj(design.enrollmentInfo).count;
  return {
    nctId: str(id.nctId)?.trim() ?? "",
    lastUpdate: isoDate(str(status.lastUpdateSubmitDate) ?? str(obj(status.lastUpdatePostDateStruct).date)),
    downloadDate: null,
    title: str(id.briefTitle),
    studyType: STUDY_TYPE[str(design.studyType) ?? ""] ?? str(design.studyType),
    phase: phase(list(design.phases)),
    overallStatus: overall ? (STATUS[overall] ?? overall) : null,
    whyStopped: str(status.whyStopped),
    conditions: list(obj(protocol.conditionsModule).conditions)
      .map(str)
      .filter((c): c is string => c !== null),
    meshTerms: list(browse.meshes)
      .map((m) => str(obj(m).term))
      .filter((t): t is string => t !== null),
    interventions: list(obj(protocol.armsInterventionsModule).interventions).flatMap((i) => {
      const name = str(obj(i).name);
      return name ? [{ type: interventionType(obj(i).type), name: name.trim() }] : [];
    }),
    criteria: str(eligibility.eligibilityCriteria),
    startDate: isoDate(str(obj(status.startDateStruct).date)),
    completionDate: isoDate(
      str(obj(status.completionDateStruct).date) ?? str(obj(status.primaryCompletionDateStruct).date),
    ),
    enrollment: typeof count === "number" && Number.isInteger(count) && count >= 0 ? count : null,
    sponsor: str(sponsor.name),
  };
}
