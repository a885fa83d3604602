// A Source read from one CSV file (plain or gzipped), named and split by its file name; the
// format's own validation turns its records into rows.
import { parseCsv, type CsvRecord } from "./csv-records.js";
import { readTextFile } from "./read-file.js";
import type { Source, SourceRows } from "./source.js";
import { displayName, splitFromName } from "./source-files.js";

export abstract class CsvFileSource implements Source {
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
    return this.validate(parseCsv(await readTextFile(this.filePath)));
  }

  protected abstract validate(records: CsvRecord[]): SourceRows;
}
