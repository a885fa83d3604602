// The TOP benchmark's CSV layout (and SCT-style files with the same columns and no label), plain
// or gzipped: parse, then validate each record into a TrialRow.
import { parseCsv } from "./csv-records.js";
import { readTextFile } from "./read-file.js";
import type { Source, SourceRows } from "./source.js";
import { displayName, splitFromName } from "./source-files.js";
import { validateRecords } from "./validate-rows.js";

export class TopCsvSource implements Source {
  readonly name: string;
  readonly split: string | null;

  constructor(
    private readonly filePath: string,
    dataDir: string,
  ) {
    this.name = displayName(filePath, dataDir);
    this.split = splitFromName(this.name);
  }

  async read(): Promise<SourceRows> {
    return validateRecords(this, parseCsv(await readTextFile(this.filePath)));
  }
}
