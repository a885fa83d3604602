// The input readers: one item per record, a bad record never stops the ones after it, and a file
// that is not a zip at all is one reject, not a crash.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readRegistryInput, type InputItem } from "../../../../src/seed/ctgov/registry-inputs.js";
import { xmlRecord } from "../../../support/ctgov-records.js";
import { writeStoredZip } from "../../../support/zip-writer.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "ctgov-inputs-"));

async function items(input: string): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of readRegistryInput(input)) out.push(item);
  return out;
}

const summary = (list: InputItem[]) =>
  list.map((i) => ("error" in i ? `${i.file}: ${i.error.split(":")[0]}` : `${i.file}: ${i.record.nctId}`));

describe("readRegistryInput", () => {
  it("goes on after a malformed zip entry, skipping folders and non-XML entries", async () => {
    const zip = path.join(dir, "bulk.zip");
    writeStoredZip(zip, [
      { name: "AllPublicXML/", data: "" },
      { name: "AllPublicXML/NCT0000xxxx/NCT00000001.xml", data: "<clinical_study><phase>" },
      { name: "AllPublicXML/Contents.txt", data: "not a record" },
      {
        name: "AllPublicXML/NCT0000xxxx/NCT00000002.xml",
        data: xmlRecord({ nctId: "NCT00000002", lastUpdate: "May 2, 2022" }),
      },
    ]);
    expect(summary(await items(zip))).toEqual([
      "bulk.zip/AllPublicXML/NCT0000xxxx/NCT00000001.xml: malformed XML",
      "bulk.zip/AllPublicXML/NCT0000xxxx/NCT00000002.xml: NCT00000002",
    ]);
    const [bad] = await items(zip);
    expect(bad).toMatchObject({ nctId: "NCT00000001" });
  });

  it("reports a file that is not a zip as one reject", async () => {
    const fake = path.join(dir, "fake.zip");
    writeFileSync(fake, "this is not a zip archive");
    expect(summary(await items(fake))).toEqual(["fake.zip: unreadable zip"]);
  });

  it("reads a folder recursively in name order, JSON pages included", async () => {
    const folder = mkdtempSync(path.join(dir, "folder-"));
    writeFileSync(path.join(folder, "b.xml"), xmlRecord({ nctId: "NCT00000004", lastUpdate: "May 2, 2022" }));
    writeFileSync(path.join(folder, "a.json"), "{ not json");
    writeFileSync(path.join(folder, "notes.txt"), "ignored");
    expect(summary(await items(folder))).toEqual(["a.json: malformed JSON", "b.xml: NCT00000004"]);
  });
});
