import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../src/seed/csv-records.js";
import { readTextFile } from "../../../src/seed/read-file.js";
import path from "node:path";
import { repoRoot } from "../../../src/config.js";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and newlines, and records start lines", () => {
    const text = 'a,b,c\n1,"x, ""y""",z\n2,"multi\nline\n",w\r\n\n3,,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", 'x, "y"', "z"] },
      { line: 3, fields: ["2", "multi\nline\n", "w"] },
      { line: 7, fields: ["3", "", ""] },
    ]);
  });

  it("flags a file that ends inside a quoted field", () => {
    const records = parseCsv('a,b\n1,"never closed\n');
    expect(records[1]).toMatchObject({ line: 2, error: "file ends inside a quoted field" });
  });

  it("finds the 1,044 data rows of phase_I_train (multi-line criteria) and each row's first line", async () => {
    const text = await readTextFile(path.join(repoRoot, "graph-seed/data/phase_I_train.csv.gz"));
    const records = parseCsv(text);
    expect(records).toHaveLength(1045);
    expect(records.every((r) => r.fields.length === 10 && !r.error)).toBe(true);
    const lines = text.split("\n");
    for (const r of records.slice(1, 50)) expect(lines[r.line - 1].startsWith(r.fields[0] + ",")).toBe(true);
  });
});
