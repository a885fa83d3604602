// Picks the Source for a file from its header: HINT's bare prediction files, else the TOP layout
// (which also takes SCT-style files without a label). A new format is a new Source and a line here.
import { parseCsv } from "./csv-records.js";
import { HintPredictionsSource, isBarePredictionsHeader } from "./hint-predictions-source.js";
import { readTextFile } from "./read-file.js";
import type { Source } from "./source.js";
import { TopCsvSource } from "./top-csv-source.js";

export async function openSource(filePath: string, dataDir: string): Promise<Source> {
  const firstLine = (await readTextFile(filePath)).split(/\r?\n/, 1)[0] ?? "";
  const header = (parseCsv(firstLine)[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  return isBarePredictionsHeader(header)
    ? new HintPredictionsSource(filePath, dataDir)
    : new TopCsvSource(filePath, dataDir);
}
