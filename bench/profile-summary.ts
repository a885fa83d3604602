// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file, so a
// benchmark's bottleneck can be named without opening DevTools.
//   tsx bench/profile-summary.ts <file.cpuprofile> [--top 15]
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function summarise(p: Profile, top = 15): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const f = n.callFrame.url ? path.basename(n.callFrame.url.replace(/^file:\/\//, "")) : "(native)";
    const name = `${n.callFrame.functionName || "(anonymous)"} ${f}:${n.callFrame.lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(n.callFrame.url)?.[1] ?? f;
    file.set(pkg, (file.get(pkg) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${pct(us)} ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  return [
    `total sampled ${(total / 1000).toFixed(0)} ms`,
    "-- self time by function",
    ...rows(fn),
    "-- self time by file / package",
    ...rows(file),
  ];
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: "string", default: "15" } },
  });
  if (!positionals[0]) throw new Error("usage: tsx bench/profile-summary.ts <file.cpuprofile>");
  const p = JSON.parse(await readFile(positionals[0], "utf8")) as Profile;
  console.log(summarise(p, Number(values.top)).join("\n"));
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
