// Version order, idempotent re-import, duplicates and benchmark trials' consent rule.
import { describe, expect, it } from "vitest";
import { decide, type StoredTrial } from "../../../../src/seed/ctgov/import-decision.js";

const trial = { nctId: "NCT01234567", lastUpdate: "2023-02-03" };
const stored = (s: Partial<StoredTrial>): StoredTrial => ({
  nctId: trial.nctId,
  registryLastUpdate: null,
  registryRun: null,
  registryFile: null,
  benchmarkSources: [],
  ...s,
});

describe("decide", () => {
  it("creates a trial the graph lacks", () => {
    expect(decide(trial, undefined, "run", false)).toEqual({ action: "create" });
  });

  it("replaces an older registry version, never the other way round", () => {
    expect(decide(trial, stored({ registryLastUpdate: "2022-12-31" }), "run", false)).toEqual({
      action: "update",
    });
    const older = decide(trial, stored({ registryLastUpdate: "2023-05-01" }), "run", false);
    expect(older).toMatchObject({ action: "skip", reason: expect.stringMatching(/^older version/) });
  });

  it("skips the same version: unchanged on a re-import, a duplicate within one run", () => {
    const same = stored({
      registryLastUpdate: trial.lastUpdate,
      registryRun: "earlier",
      registryFile: "a.xml",
    });
    expect(decide(trial, same, "run", false)).toMatchObject({ reason: expect.stringMatching(/^unchanged/) });
    expect(decide(trial, { ...same, registryRun: "run" }, "run", false)).toMatchObject({
      reason: expect.stringMatching(/^duplicate nctId: .*a\.xml/),
    });
  });

  it("leaves a benchmark trial alone unless the user consents", () => {
    const top = stored({ benchmarkSources: ["phase_II_train.csv"] });
    expect(decide(trial, top, "run", false)).toMatchObject({
      action: "skip",
      reason: expect.stringMatching(/phase_II_train\.csv.*--update-benchmark/),
    });
    expect(decide(trial, top, "run", true)).toEqual({ action: "update-benchmark" });
  });
});
