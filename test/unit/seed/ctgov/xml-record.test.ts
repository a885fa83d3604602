// The classic-XML reader on hand-made records (test/support/ctgov-records.ts).
import { describe, expect, it } from "vitest";
import { RecordError } from "../../../../src/seed/ctgov/registry-record.js";
import { parseRegistryXml } from "../../../../src/seed/ctgov/xml-record.js";
import { xmlRecord } from "../../../support/ctgov-records.js";

describe("parseRegistryXml", () => {
  it("reads the fields the importer maps, keeping the registry's CR character references", async () => {
    const xml = xmlRecord({
      nctId: "NCT01234567",
      lastUpdate: "February 3, 2023",
      phase: "Phase 1/Phase 2",
      conditions: ["Glioma", "Brain Neoplasms"],
      mesh: ["Glioma"],
      interventions: [
        ["Drug", "Temozolomide"],
        ["Radiation", "Radiotherapy"],
      ],
      whyStopped: "Slow accrual",
    });
    // Fed in small chunks: a chunk boundary may fall anywhere, even inside a tag.
    const chunks = xml.match(/[\s\S]{1,7}/g)!.map((c) => Buffer.from(c));
    const r = await parseRegistryXml(chunks);
    expect(r).toMatchObject({
      nctId: "NCT01234567",
      lastUpdate: "2023-02-03",
      downloadDate: "2023-02-03",
      phase: "Phase 1/Phase 2",
      overallStatus: "Recruiting",
      studyType: "Interventional",
      conditions: ["Glioma", "Brain Neoplasms"],
      meshTerms: ["Glioma"],
      interventions: [
        { type: "Drug", name: "Temozolomide" },
        { type: "Radiation", name: "Radiotherapy" },
      ],
      startDate: "2021-03-01",
      enrollment: 40,
      sponsor: "Test Sponsor",
      whyStopped: "Slow accrual",
    });
    expect(r.criteria).toContain("Inclusion Criteria:\r\n");
  });

  it("rejects XML that is not well-formed, naming where", async () => {
    const broken = xmlRecord({ nctId: "NCT01234567", lastUpdate: "May 1, 2022" }).replace(
      "</brief_title>",
      "",
    );
    await expect(parseRegistryXml([broken])).rejects.toThrow(RecordError);
    await expect(parseRegistryXml([broken])).rejects.toThrow(/malformed XML: .*\d+:\d+/);
  });

  it("rejects another root element and bytes that are not UTF-8", async () => {
    await expect(parseRegistryXml(["<study><x/></study>"])).rejects.toThrow(/root element is <study>/);
    await expect(
      parseRegistryXml([Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])]),
    ).rejects.toThrow(/not UTF-8/);
  });
});
