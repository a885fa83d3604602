// Turns the CSV records of one file into validated TrialRows. A record that cannot be used is
// rejected with its line and reason; one that can be used with a caveat is kept with a warning.
import type { CsvRecord } from "./csv-records.js";
import { parseNestedIcdList, parsePyStringList, PyLiteralError } from "./py-literal.js";
import type { SourceRows } from "./source.js";
import type { FileKind, SourceFile } from "./types.js";

const REQUIRED = ["nctid", "phase", "diseases", "icdcodes", "drugs", "smiless", "criteria"] as const;
const NCT_ID = /^NCT\d{8}$/;

export type FileRows = SourceRows;

export function fileKindFromHeader(header: string[]): FileKind {
  if (header.includes("label")) return "labelled";
  if (header.includes("prediction")) return "predictions";
  return "unlabelled";
}

function listColumn(value: string, column: string): string[] {
  try {
    return parsePyStringList(value);
  } catch (err) {
    const why = err instanceof PyLiteralError ? err.message : String(err);
    throw new Error(`unparsable ${column} list (${why})`);
  }
}

export function validateRecords(file: Pick<SourceFile, "name" | "split">, records: CsvRecord[]): FileRows {
  const out: FileRows = { rows: [], rejected: [], warnings: [], read: 0 };
  if (records.length === 0) {
    out.rejected.push({ file: file.name, line: 0, reason: "empty file (no header)" });
    return out;
  }
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    out.rejected.push({ file: file.name, line: 1, reason: `header lacks column(s) ${missing.join(", ")}` });
    out.read = records.length - 1;
    return out;
  }
  const kind = fileKindFromHeader(header);
  const col = (name: string) => header.indexOf(name);
  for (const record of records.slice(1)) {
    out.read++;
    const get = (name: string): string | undefined => {
      const i = col(name);
      return i < 0 ? undefined : record.fields[i];
    };
    const nctId = (get("nctid") ?? "").trim();
    const reject = (reason: string) =>
      out.rejected.push({ file: file.name, line: record.line, ...(nctId ? { nctId } : {}), reason });
    if (record.error) {
      reject(record.error);
      continue;
    }
    if (record.fields.length !== header.length) {
      reject(`has ${record.fields.length} fields, header has ${header.length}`);
      continue;
    }
    if (nctId === "") {
      reject("missing nctid");
      continue;
    }
    if (!NCT_ID.test(nctId)) {
      reject(`bad nctid ${JSON.stringify(nctId)} (expected NCT + 8 digits)`);
      continue;
    }
    const phase = (get("phase") ?? "").trim().toLowerCase();
    if (phase === "") {
      reject("missing phase");
      continue;
    }
    let outcome: 0 | 1 | null = null;
    const label = (get("label") ?? "").trim();
    if (label === "1" || label === "1.0") outcome = 1;
    else if (label === "0" || label === "0.0") outcome = 0;
    else if (label !== "") {
      reject(`bad label ${JSON.stringify(label)} (expected 0, 1 or empty)`);
      continue;
    }
    let hintPrediction: number | null = null;
    const prediction = (get("prediction") ?? "").trim();
    if (prediction !== "") {
      const p = Number(prediction);
      if (!Number.isFinite(p) || p < 0 || p > 1) {
        reject(`bad prediction ${JSON.stringify(prediction)} (expected a probability)`);
        continue;
      }
      hintPrediction = p;
    }
    let diseases: string[], drugs: string[], smiles: string[], icdCodes: string[][];
    try {
      diseases = listColumn(get("diseases")!, "diseases").map((s) => s.trim());
      drugs = listColumn(get("drugs")!, "drugs").map((s) => s.trim());
      smiles = listColumn(get("smiless")!, "smiless");
      try {
        icdCodes = parseNestedIcdList(get("icdcodes")!).map((codes) =>
          codes.map((c) => c.trim().toUpperCase()),
        );
      } catch (err) {
        throw new Error(`unparsable icdcodes list (${(err as Error).message})`);
      }
    } catch (err) {
      reject((err as Error).message);
      continue;
    }
    const warn = (reason: string) => out.warnings.push({ file: file.name, line: record.line, nctId, reason });
    if (drugs.some((d) => d === "") || diseases.some((d) => d === "")) {
      warn("empty drug or disease name dropped");
      drugs = drugs.filter((d) => d !== "");
      diseases = diseases.filter((d) => d !== "");
    }
    if (drugs.length !== smiles.length && kind !== "predictions") {
      // TOP lists SMILES only for drugs it matched in DrugBank, so the two columns are not aligned
      // by position in many rows; the row stays, drugs get SMILES by name (see build-graph.ts).
      warn(
        `drugs/smiless length mismatch (${drugs.length} drugs, ${smiles.length} SMILES): SMILES not paired by position`,
      );
    }
    out.rows.push({
      file: file.name,
      line: record.line,
      split: file.split,
      kind,
      nctId,
      status: (get("status") ?? "").trim() || null,
      whyStop: (get("why_stop") ?? "").trim() || null,
      outcome,
      hintPrediction,
      phase,
      diseases,
      icdCodes,
      drugs,
      smiles,
      criteria: get("criteria") ?? "",
    });
  }
  return out;
}
