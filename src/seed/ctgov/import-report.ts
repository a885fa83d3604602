// The import's report, written as it goes so that its size never sits in memory: one entry per
// record that was not imported (file, nctId, outcome rejected | skipped, reason), then the
// unresolved drug names and unmapped conditions (one entry per distinct name), then the summary.
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";

export interface ReportEntry {
  file: string;
  nctId?: string;
  outcome: "rejected" | "skipped";
  reason: string;
}

export class ImportReport {
  private first = true;

  private constructor(private readonly out: WriteStream | null) {}

  static async open(reportPath: string | null): Promise<ImportReport> {
    if (!reportPath) return new ImportReport(null);
    await mkdir(path.dirname(reportPath), { recursive: true });
    const out = createWriteStream(reportPath, "utf8");
    out.write('{\n  "records": [');
    return new ImportReport(out);
  }

  async add(entry: ReportEntry): Promise<void> {
    if (!this.out) return;
    const ok = this.out.write(`${this.first ? "\n" : ",\n"}    ${JSON.stringify(entry)}`);
    this.first = false;
    if (!ok) await once(this.out, "drain");
  }

  async close(tail: Record<string, unknown>): Promise<void> {
    if (!this.out) return;
    this.out.write(`${this.first ? "" : "\n  "}]`);
    for (const [key, value] of Object.entries(tail)) {
      this.out.write(`,\n  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, "\n  ")}`);
    }
    this.out.end("\n}\n");
    await once(this.out, "finish");
  }
}
