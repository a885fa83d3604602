// The TOP benchmark's CSV layout (and SCT-style files with the same columns and no label), plain
// or gzipped: parse, then validate each record into a TrialRow.
import type { CsvRecord } from "./csv-records.js";
import { CsvFileSource } from "./csv-file-source.js";
import type { SourceRows } from "./source.js";
import { validateRecords } from "./validate-rows.js";

export class TopCsvSource extends CsvFileSource {
  protected validate(records: CsvRecord[]): SourceRows {
    return validateRecords(this, records);
  }
}
