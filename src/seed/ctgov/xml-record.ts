// Reads one study of the registry's classic XML (public.xsd, one <clinical_study> per NCT*.xml)
// with saxes, a strict streaming parser: the file is fed in chunks, only the fields the importer
// uses are kept, and a file that is not well-formed XML fails with saxes' line:column message.
// saxes applies XML's own rules: a literal CR LF becomes LF, while the registry's "&#xD;"
// character references stay "\r" (map-record.ts normalises them as TOP did).
import { SaxesParser } from "saxes";
import { downloadDate, isoDate } from "./registry-dates.js";
import { RecordError, type RegistryIntervention, type RegistryRecord } from "./registry-record.js";

const ROOT = "clinical_study";

/** Text fields taken as they are, by element path below the root. */
const SINGLE: Record<string, keyof RegistryRecord> = {
  "id_info/nct_id": "nctId",
  brief_title: "title",
  study_type: "studyType",
  phase: "phase",
  overall_status: "overallStatus",
  why_stopped: "whyStopped",
  "eligibility/criteria/textblock": "criteria",
  "sponsors/lead_sponsor/agency": "sponsor",
};

const TRIMMED = new Set<keyof RegistryRecord>([
  "nctId",
  "title",
  "studyType",
  "phase",
  "overallStatus",
  "sponsor",
]);

export async function parseRegistryXml(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): Promise<RegistryRecord> {
  const parser = new SaxesParser();
  const fields = new Map<string, string>();
  const conditions: string[] = [];
  const meshTerms: string[] = [];
  const interventions: RegistryIntervention[] = [];
  let current: Partial<RegistryIntervention> = {};
  const stack: string[] = [];
  let text = "";
  let sawRoot = false;

  parser.on("opentag", (tag) => {
    if (stack.length === 0) {
      if (tag.name !== ROOT) throw new RecordError(`root element is <${tag.name}>, not <${ROOT}>`);
      sawRoot = true;
    }
    stack.push(tag.name);
    text = "";
  });
  parser.on("text", (t) => (text += t));
  parser.on("cdata", (t) => (text += t));
  parser.on("closetag", () => {
    const at = stack.slice(1).join("/");
    stack.pop();
    switch (at) {
      case "condition":
        conditions.push(text.trim());
        break;
      case "condition_browse/mesh_term":
        meshTerms.push(text.trim());
        break;
      case "intervention/intervention_type":
        current.type = text.trim();
        break;
      case "intervention/intervention_name":
        current.name = text.trim();
        break;
      case "intervention":
        if (current.name) interventions.push({ type: current.type ?? "", name: current.name });
        current = {};
        break;
      default:
        if (!fields.has(at)) fields.set(at, text);
    }
    text = "";
  });

  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of chunks) {
      parser.write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (err) {
    if (err instanceof RecordError) throw err;
    const message = (err as Error).message;
    throw new RecordError(
      err instanceof TypeError && /decode|encoded/i.test(message)
        ? "not UTF-8 text"
        : `malformed XML: ${message}`,
    );
  }
  if (!sawRoot) throw new RecordError(`no <${ROOT}> element`);

  const record: RegistryRecord = {
    nctId: "",
    lastUpdate: isoDate(fields.get("last_update_submitted") ?? fields.get("last_update_posted")),
    downloadDate: downloadDate(fields.get("required_header/download_date")),
    title: null,
    studyType: null,
    phase: null,
    overallStatus: null,
    whyStopped: null,
    conditions: conditions.filter(Boolean),
    meshTerms: meshTerms.filter(Boolean),
    interventions,
    criteria: null,
    startDate: isoDate(fields.get("start_date")),
    completionDate: isoDate(fields.get("completion_date") ?? fields.get("primary_completion_date")),
    enrollment: enrollment(fields.get("enrollment")),
    sponsor: null,
  };
  for (const [pathBelowRoot, key] of Object.entries(SINGLE)) {
    const value = fields.get(pathBelowRoot);
    if (value === undefined) continue;
    const kept = TRIMMED.has(key) ? value.trim() : value;
    (record as unknown as Record<string, unknown>)[key] = kept === "" ? null : kept;
  }
  record.nctId = fields.get("id_info/nct_id")?.trim() ?? "";
  return record;
}

function enrollment(text: string | undefined): number | null {
  const n = Number(text?.trim());
  return text?.trim() && Number.isInteger(n) && n >= 0 ? n : null;
}
