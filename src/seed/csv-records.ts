// RFC 4180 CSV reader for the TOP files: quoted fields may hold commas, doubled quotes and
// newlines (the criteria column spans many lines). Each record keeps the physical line it starts
// on so a rejected row can be found in the file. Scans with indexOf/slice rather than per
// character: the bundled files are ~17 MB of text.

export interface CsvRecord {
  /** 1-based physical line of the record's first character (the header is line 1). */
  line: number;
  fields: string[];
  /** Set when the file ends inside a quoted field: the record is incomplete. */
  error?: string;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

const FIELD_END = /[,\r\n]/g;

export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Skip blank physical lines between records.
    if (text[i] === "\n" || text[i] === "\r") {
      if (text[i] === "\r" && text[i + 1] === "\n") i++;
      i++;
      line++;
      continue;
    }
    const record: CsvRecord = { line, fields: [] };
    records.push(record);
    for (;;) {
      let value: string;
      if (text[i] === '"') {
        // Quoted field: runs to a quote not followed by another quote.
        let parts = "";
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            parts += text.slice(j);
            line += countNewlines(text, j, n);
            record.error = "file ends inside a quoted field";
            j = n;
            break;
          }
          parts += text.slice(j, q);
          line += countNewlines(text, j, q);
          if (text[q + 1] === '"') {
            parts += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        // Characters after the closing quote up to the separator belong to the field (lenient).
        FIELD_END.lastIndex = j;
        const m = FIELD_END.exec(text);
        const end = m ? m.index : n;
        value = parts + text.slice(j, end);
        i = end;
      } else {
        FIELD_END.lastIndex = i;
        const m = FIELD_END.exec(text);
        const end = m ? m.index : n;
        value = text.slice(i, end);
        i = end;
      }
      record.fields.push(value);
      if (i >= n) break;
      if (text[i] === ",") {
        i++;
        continue;
      }
      // End of record: \n, \r\n or \r.
      if (text[i] === "\r" && text[i + 1] === "\n") i++;
      i++;
      line++;
      break;
    }
  }
  return records;
}
