// The arithmetic every benchmark figure goes through, and the profile summary used to name bottlenecks.
import { describe, expect, it } from "vitest";
import { fmt, mdTable, median, percentile } from "../../bench/lib/common.js";
import { summarise } from "../../bench/profile-summary.js";
import { levelsOff, rssTrend, slopePerMinute } from "../../bench/lib/rss-trend.js";

describe("bench helpers", () => {
  it("median of odd and even counts, unsorted input", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("nearest-rank percentiles", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it("formats figures to about three significant digits in markdown rows", () => {
    expect(fmt(1234.5)).toBe("1235");
    expect(fmt(12.345)).toBe("12.3");
    expect(fmt(0.012345)).toBe("0.0123");
    expect(mdTable(["a", "b"], [["x", 1.5]])).toEqual(["| a | b |", "|---|---|", "| x | 1.50 |"]);
  });

  it("profile summary attributes self time to functions and packages", () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const lines = summarise({
      nodes: [
        { id: 1, callFrame: frame("run", "file:///x/node_modules/onnxruntime-node/dist/backend.js") },
        { id: 2, callFrame: frame("featurize", "file:///x/src/model/featurizer.ts") },
      ],
      samples: [1, 1, 1, 2],
      timeDeltas: [1000, 1000, 1000, 1000],
      startTime: 0,
      endTime: 4000,
    });
    expect(lines[0]).toBe("total sampled 4 ms");
    expect(lines.find((l) => l.includes("onnxruntime-node") && !l.includes("run "))).toMatch(/75\.0%/);
    expect(lines.find((l) => l.includes("featurize featurizer.ts:1"))).toMatch(/25\.0%/);
  });
});

describe("RSS trend of the load benchmark", () => {
  const phase = (c: number, t0: number, rss: (i: number) => number) =>
    Array.from({ length: 60 }, (_, i) => ({ t: t0 + i, rss: rss(i), connections: c }));

  it("a step up between phases that stays flat levels off", () => {
    const samples = [...phase(1, 0, () => 300), ...phase(32, 60, (i) => (i < 5 ? 300 + 5 * i : 325))];
    const trend = rssTrend(samples);
    expect(trend.map((p) => p.connections)).toEqual([1, 32]);
    expect(trend[1]!.secondHalfSlopeMiBPerMin).toBeCloseTo(0, 5);
    expect(levelsOff(trend)).toBe(true);
  });

  it("steady growth in the last phase does not", () => {
    const samples = [...phase(1, 0, () => 300), ...phase(32, 60, (i) => 300 + i)]; // 60 MiB/min
    expect(rssTrend(samples)[1]!.secondHalfSlopeMiBPerMin).toBeCloseTo(60, 5);
    expect(levelsOff(rssTrend(samples))).toBe(false);
  });

  it("memory handed back in the last phase is no growth (regression: a falling RSS was flagged)", () => {
    const samples = [...phase(1, 0, () => 300), ...phase(32, 60, (i) => 360 - i / 2)]; // -30 MiB/min
    expect(rssTrend(samples)[1]!.secondHalfSlopeMiBPerMin).toBeCloseTo(-30, 5);
    expect(levelsOff(rssTrend(samples))).toBe(true);
  });

  it("slope is in MiB per minute", () => {
    expect(
      slopePerMinute([
        { t: 0, rss: 0 },
        { t: 30, rss: 1 },
      ]),
    ).toBeCloseTo(2, 10);
  });
});
