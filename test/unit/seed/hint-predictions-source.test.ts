// HINT's bare prediction files (nctid, label, prediction) annotate the trials the phase files
// define: their probability and label reach the trial, and they never make a trial of their own.
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../src/seed/csv-records.js";
import {
  HintPredictionsSource,
  validatePredictionRecords,
} from "../../../src/seed/hint-predictions-source.js";
import { mergeTrials } from "../../../src/seed/merge-trials.js";
import { openSource } from "../../../src/seed/open-source.js";
import { TopCsvSource } from "../../../src/seed/top-csv-source.js";
import { validateRecords } from "../../../src/seed/validate-rows.js";

const TOP_HEADER = "nctid,status,why_stop,label,phase,diseases,icdcodes,drugs,smiless,criteria";
const topRow = (id: string) =>
  `${id},completed,,1,phase 2,['glioma'],"[""['C71.9']""]",['a'],['CC'],inclusion criteria: adults`;

describe("bare HINT prediction files", () => {
  it("reads nctid, label and prediction, and refuses bad values", () => {
    const out = validatePredictionRecords(
      { name: "results/phase_II_test.csv", split: "test" },
      parseCsv(
        "nctid,label,prediction\nNCT00000001,1,0.25\nNCT00000002,,0.5\nNCT0000003,1,0.5\nNCT00000004,1,1.5\n",
      ),
    );
    expect(out.read).toBe(4);
    expect(out.rows.map((r) => [r.nctId, r.outcome, r.hintPrediction, r.kind])).toEqual([
      ["NCT00000001", 1, 0.25, "predictions"],
      ["NCT00000002", null, 0.5, "predictions"],
    ]);
    expect(out.rejected.map((r) => r.line)).toEqual([4, 5]);
  });

  it("annotate the trials of the data files and add none of their own", () => {
    const data = validateRecords(
      { name: "phase_II_test.csv", split: "test" },
      parseCsv(`${TOP_HEADER}\n${topRow("NCT00000001")}\n`),
    );
    const preds = validatePredictionRecords(
      { name: "results/phase_II_test.csv", split: "test" },
      parseCsv("nctid,label,prediction\nNCT00000001,1,0.25\nNCT00000009,0,0.75\n"),
    );
    const { trials, warnings } = mergeTrials([...data.rows, ...preds.rows]);
    expect(trials).toHaveLength(1);
    expect(trials[0]).toMatchObject({
      nctId: "NCT00000001",
      phase: "phase 2",
      hintPrediction: 0.25,
      outcome: 1,
    });
    expect(trials[0]!.source).toEqual(["phase_II_test.csv", "results/phase_II_test.csv"]);
    expect(warnings).toEqual([
      expect.objectContaining({ nctId: "NCT00000009", reason: expect.stringContaining("not loaded") }),
    ]);
  });

  it("openSource picks the source by the file's header", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "trialgraph-sources-"));
    await writeFile(path.join(dir, "preds_test.csv"), "nctid,label,prediction\nNCT00000001,1,0.25\n");
    await writeFile(path.join(dir, "phase_II_test.csv"), `${TOP_HEADER}\n${topRow("NCT00000001")}\n`);
    expect(await openSource(path.join(dir, "preds_test.csv"), dir)).toBeInstanceOf(HintPredictionsSource);
    expect(await openSource(path.join(dir, "phase_II_test.csv"), dir)).toBeInstanceOf(TopCsvSource);
  });
});
