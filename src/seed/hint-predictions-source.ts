// HINT's bare prediction files (`nctid, label, prediction`, e.g. results/phase_II_test.csv of the
// rebuilt data): they annotate trials the phase files define, with HINT's probability (and the
// label), and define no trial of their own. Rows become "predictions" rows without descriptive
// fields; merge-trials.ts drops any whose trial no data file has.
import type { CsvRecord } from "./csv-records.js";
import { CsvFileSource } from "./csv-file-source.js";
import type { SourceRows } from "./source.js";

const NCT_ID = /^NCT\d{8}$/;

/** A header this source reads: an nctid and a prediction column, and no criteria column. */
export function isBarePredictionsHeader(header: string[]): boolean {
  return header.includes("nctid") && header.includes("prediction") && !header.includes("criteria");
}

export function validatePredictionRecords(
  file: { name: string; split: string | null },
  records: CsvRecord[],
): SourceRows {
  const out: SourceRows = { rows: [], rejected: [], warnings: [], read: 0 };
  if (records.length === 0) {
    out.rejected.push({ file: file.name, line: 0, reason: "empty file (no header)" });
    return out;
  }
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const record of records.slice(1)) {
    out.read++;
    const get = (name: string) => (col(name) < 0 ? "" : (record.fields[col(name)] ?? "").trim());
    const nctId = get("nctid");
    const reject = (reason: string) =>
      out.rejected.push({ file: file.name, line: record.line, ...(nctId ? { nctId } : {}), reason });
    if (record.error) {
      reject(record.error);
      continue;
    }
    if (!NCT_ID.test(nctId)) {
      reject(`bad nctid ${JSON.stringify(nctId)} (expected NCT + 8 digits)`);
      continue;
    }
    const label = get("label");
    const outcome = label === "1" || label === "1.0" ? 1 : label === "0" || label === "0.0" ? 0 : null;
    if (outcome === null && label !== "") {
      reject(`bad label ${JSON.stringify(label)} (expected 0, 1 or empty)`);
      continue;
    }
    const p = Number(get("prediction"));
    if (get("prediction") === "" || !Number.isFinite(p) || p < 0 || p > 1) {
      reject(`bad prediction ${JSON.stringify(get("prediction"))} (expected a probability)`);
      continue;
    }
    out.rows.push({
      file: file.name,
      line: record.line,
      split: file.split,
      kind: "predictions",
      nctId,
      status: null,
      whyStop: null,
      outcome,
      hintPrediction: p,
      phase: "",
      diseases: [],
      icdCodes: [],
      drugs: [],
      smiles: [],
      criteria: "",
    });
  }
  return out;
}

export class HintPredictionsSource extends CsvFileSource {
  protected validate(records: CsvRecord[]): SourceRows {
    return validatePredictionRecords(this, records);
  }
}
