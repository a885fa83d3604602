// Does the server's memory level off? RSS steps up when concurrency rises (more requests in
// flight), so the test is per load phase: the slope over the second half of each phase.
export interface RssSample {
  t: number;
  rss: number;
  connections: number;
}

/** Least-squares slope, MiB per minute. */
export function slopePerMinute(points: { t: number; rss: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const mr = points.reduce((a, p) => a + p.rss, 0) / n;
  const num = points.reduce((a, p) => a + (p.t - mt) * (p.rss - mr), 0);
  const den = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return den > 0 ? (num / den) * 60 : 0;
}

export interface PhaseTrend {
  connections: number;
  meanMiB: number;
  maxMiB: number;
  /** Slope over the phase's second half. */
  secondHalfSlopeMiBPerMin: number;
}

export function rssTrend(samples: RssSample[]): PhaseTrend[] {
  const phases = [...new Set(samples.map((s) => s.connections))];
  return phases.map((c) => {
    const ps = samples.filter((s) => s.connections === c);
    const half = ps.slice(Math.floor(ps.length / 2));
    return {
      connections: c,
      meanMiB: ps.reduce((a, p) => a + p.rss, 0) / ps.length,
      maxMiB: Math.max(...ps.map((p) => p.rss)),
      secondHalfSlopeMiBPerMin: slopePerMinute(half),
    };
  });
}

/**
 * Levels off: after the last step up (the highest concurrency, run last) the second-half slope is
 * under `limit` MiB/min. A falling RSS (the garbage collector handing memory back) is no growth, so
 * only an upward slope fails. Earlier phases are reported too; over 30 s their slopes are mostly the
 * +-5 MiB jitter of the garbage collector.
 */
export function levelsOff(trend: PhaseTrend[], limit = 10): boolean {
  const last = trend.at(-1);
  return last !== undefined && last.secondHalfSlopeMiBPerMin < limit;
}
