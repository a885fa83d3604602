// RFC 4180 CSV reader for the TOP files: quoted fields may hold commas, doubled quotes and
// newlines (the criteria column spans many lines). Each record keeps the physical line it starts
// on so a rejected row can be found in the file.

export interface CsvRecord {
  /** 1-based physical line of the record's first character (the header is line 1). */
  line: number;
  fields: string[];
  /** Set when the file ends inside a quoted field: the record is incomplete. */
  error?: string;
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let fieldStarted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "") {
      inQuotes = true;
      fieldStarted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      fieldStarted = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      line++;
      // A blank physical line is not a record.
      if (fieldStarted || field !== "" || fields.length > 0) endRecord();
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (fieldStarted || field !== "" || fields.length > 0) endRecord();
  if (inQuotes) records[records.length - 1].error = "file ends inside a quoted field";
  return records;
}
