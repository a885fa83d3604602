// How faithfully the ClinicalTrials.gov importer reproduces TOP on the trials both have (245 in
// the bundled sample): phase, criteria (raw text after CR LF -> LF, and after the shared split),
// status and why-stopped (TOP is a 2021 snapshot, the sample 2023: changed records are listed),
// drugs and diseases, and the offline ICD-10 mapping at category level (precision / recall of
// the 3-character categories against TOP's codes). The ICD mapper here learns its disease -> ICD
// pairs from TOP rows of the OTHER trials only (leave-out), so a trial's own TOP codes never
// answer for it; the figure with every TOP pair (what an import after the full seed sees) is
// given too. No database: both sides are read from files.
//   tsx bench/ctgov-top-agreement.ts [--smoke] [--input PATH]
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "../src/config.js";
import { splitCriteria } from "../src/seed/criteria.js";
import { IcdMapper, type IcdMethod } from "../src/seed/ctgov/icd-mapper.js";
import { drugName, mapRecord, type ImportedTrial } from "../src/seed/ctgov/map-record.js";
import type { RegistryRecord } from "../src/seed/ctgov/registry-record.js";
import { readRegistryInput } from "../src/seed/ctgov/registry-inputs.js";
import { loadIcdDescriptions } from "../src/seed/prepare-seed.js";
import { defaultSeedFiles } from "../src/seed/source-files.js";
import { TopCsvSource } from "../src/seed/top-csv-source.js";
import type { TrialRow } from "../src/seed/types.js";
import { finishMachine, machineInfo, mdTable, writeResult } from "./lib/common.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    input: {
      type: "string",
      default: path.resolve(repoRoot, "..", "shared", "data", "ctgov", "ctgov-xml-sample.zip"),
    },
  },
});
const smoke = values.smoke!;
const dataDir = path.join(repoRoot, "graph-seed", "data");

const lf = (s: string) => s.replace(/\r\n?/g, "\n");
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const category = (code: string) => code.slice(0, 3);

function pairsFrom(rows: TrialRow[], skip: ReadonlySet<string>): Map<string, string[]> {
  const pairs = new Map<string, Set<string>>();
  for (const r of rows) {
    if (skip.has(r.nctId) || r.diseases.length !== r.icdCodes.length) continue;
    r.diseases.forEach((d, i) => {
      const set = pairs.get(d) ?? new Set<string>();
      for (const c of r.icdCodes[i]) set.add(c);
      pairs.set(d, set);
    });
  }
  return new Map([...pairs].map(([d, s]) => [d, [...s]]));
}

interface IcdScore {
  precision: number;
  recall: number;
  truePositives: number;
  predicted: number;
  reference: number;
  conditions: number;
  unmapped: number;
  byMethod: Partial<Record<IcdMethod, number>>;
}

function scoreIcd(mapper: IcdMapper, pairs: [ImportedTrial, TrialRow][]): IcdScore {
  let tp = 0;
  let predicted = 0;
  let reference = 0;
  let conditions = 0;
  let unmapped = 0;
  const byMethod: Partial<Record<IcdMethod, number>> = {};
  for (const [trial, top] of pairs) {
    const pred = new Set<string>();
    for (const d of trial.diseases) {
      conditions++;
      const m = mapper.map(d, trial.meshTerms);
      if (!m) {
        unmapped++;
        continue;
      }
      byMethod[m.method] = (byMethod[m.method] ?? 0) + 1;
      for (const c of m.codes) pred.add(category(c));
    }
    const ref = new Set(top.icdCodes.flat().map(category));
    predicted += pred.size;
    reference += ref.size;
    for (const c of pred) if (ref.has(c)) tp++;
  }
  return {
    precision: predicted ? tp / predicted : NaN,
    recall: reference ? tp / reference : NaN,
    truePositives: tp,
    predicted,
    reference,
    conditions,
    unmapped,
    byMethod,
  };
}

async function main(): Promise<void> {
  if (!existsSync(values.input!)) {
    console.error(`[bench ctgov-top-agreement] SKIPPED: no sample at ${values.input}`);
    return;
  }
  const machine = machineInfo();
  const started = performance.now();
  const files = (await defaultSeedFiles(dataDir)).filter((f) => !f.includes(`${path.sep}results${path.sep}`));
  const topRows: TrialRow[] = [];
  for (const f of files) topRows.push(...(await new TopCsvSource(f, dataDir).read()).rows);
  const top = new Map<string, TrialRow>();
  for (const r of topRows) if (!top.has(r.nctId)) top.set(r.nctId, r);

  const overlap: [ImportedTrial, TrialRow, RegistryRecord][] = [];
  for await (const item of readRegistryInput(values.input!)) {
    if ("error" in item || !top.has(item.record.nctId)) continue;
    overlap.push([mapRecord(item.record), top.get(item.record.nctId)!, item.record]);
    if (smoke && overlap.length >= 20) break;
  }
  overlap.sort((a, b) => a[0].nctId.localeCompare(b[0].nctId));

  const changed: Record<string, { nctId: string; registry: unknown; top: unknown }[]> = {
    phase: [],
    criteria: [],
    status: [],
    whyStop: [],
  };
  let criteriaSplitEqual = 0;
  let drugsEqualTopRule = 0;
  let drugsEqualWithBiologicals = 0;
  let drugJaccard = 0;
  let diseasesEqual = 0;
  let diseaseJaccard = 0;
  const drugDiffs: { nctId: string; registry: string[]; top: string[] }[] = [];
  const diseaseDiffs: { nctId: string; registry: string[]; top: string[] }[] = [];
  const jaccard = (a: string[], b: string[]) => {
    const A = new Set(a);
    const B = new Set(b);
    const inter = [...A].filter((x) => B.has(x)).length;
    const union = new Set([...A, ...B]).size;
    return union ? inter / union : 1;
  };
  for (const [t, r, rec] of overlap) {
    if (t.phase !== r.phase) changed.phase.push({ nctId: t.nctId, registry: t.phase, top: r.phase });
    if (t.criteria !== lf(r.criteria))
      changed.criteria.push({
        nctId: t.nctId,
        registry: t.criteria.slice(0, 80),
        top: r.criteria.slice(0, 80),
      });
    const a = splitCriteria(t.criteria);
    const b = splitCriteria(r.criteria);
    if (a.inclusion === b.inclusion && a.exclusion === b.exclusion) criteriaSplitEqual++;
    if (t.status !== r.status) changed.status.push({ nctId: t.nctId, registry: t.status, top: r.status });
    if ((t.whyStop ?? "") !== lf(r.whyStop ?? ""))
      changed.whyStop.push({ nctId: t.nctId, registry: t.whyStop, top: r.whyStop });
    const drugOnly = rec.interventions.filter((i) => i.type === "Drug").map((i) => drugName(i.name));
    const withBio = t.drugs.map((d) => d.name);
    if (same(drugOnly, r.drugs)) drugsEqualTopRule++;
    else drugDiffs.push({ nctId: t.nctId, registry: drugOnly, top: r.drugs });
    if (same(withBio, r.drugs)) drugsEqualWithBiologicals++;
    drugJaccard += jaccard(drugOnly, r.drugs);
    if (same(t.diseases, r.diseases)) diseasesEqual++;
    else diseaseDiffs.push({ nctId: t.nctId, registry: t.diseases, top: r.diseases });
    diseaseJaccard += jaccard(t.diseases, r.diseases);
  }

  const descriptions = await loadIcdDescriptions(dataDir);
  const ids = new Set(overlap.map(([t]) => t.nctId));
  const pairs = overlap.map(([t, r]) => [t, r] as [ImportedTrial, TrialRow]);
  const leaveOut = scoreIcd(new IcdMapper(pairsFrom(topRows, ids), descriptions), pairs);
  const allPairs = scoreIcd(new IcdMapper(pairsFrom(topRows, new Set()), descriptions), pairs);
  const descriptionsOnly = scoreIcd(new IcdMapper(new Map(), descriptions), pairs);

  const n = overlap.length;
  const criteriaEqual = n - changed.criteria.length;
  const table = mdTable(
    ["check (trials in both TOP and the sample)", "agree", "of", "share"],
    [
      ["phase", n - changed.phase.length, n, (n - changed.phase.length) / n],
      ["criteria text (CR LF -> LF)", criteriaEqual, n, criteriaEqual / n],
      ["criteria after the shared split", criteriaSplitEqual, n, criteriaSplitEqual / n],
      ["status (2021 vs 2023)", n - changed.status.length, n, (n - changed.status.length) / n],
      ["why stopped (CR LF -> LF)", n - changed.whyStop.length, n, (n - changed.whyStop.length) / n],
      ["drug list, TOP's rule (Drug interventions)", drugsEqualTopRule, n, drugsEqualTopRule / n],
      [
        "drug list, importer (Drug + Biological)",
        drugsEqualWithBiologicals,
        n,
        drugsEqualWithBiologicals / n,
      ],
      ["disease list", diseasesEqual, n, diseasesEqual / n],
    ],
  ).concat(
    [""],
    mdTable(
      ["ICD-10 mapping, category level vs TOP", "precision", "recall", "conditions unmapped"],
      [
        [
          "leave-out pairs (headline)",
          leaveOut.precision,
          leaveOut.recall,
          `${leaveOut.unmapped}/${leaveOut.conditions}`,
        ],
        ["all TOP pairs", allPairs.precision, allPairs.recall, `${allPairs.unmapped}/${allPairs.conditions}`],
        [
          "ICD descriptions only",
          descriptionsOnly.precision,
          descriptionsOnly.recall,
          `${descriptionsOnly.unmapped}/${descriptionsOnly.conditions}`,
        ],
      ],
    ),
  );
  await writeResult({
    name: "ctgov-top-agreement",
    machine: finishMachine(machine),
    date: new Date().toISOString(),
    smoke,
    config: {
      input: path.basename(values.input!),
      topFiles: files.map((f) => path.basename(f)),
      overlapTrials: n,
    },
    medians: {
      phaseEqual: n - changed.phase.length,
      criteriaEqual,
      criteriaSplitEqual,
      statusEqual: n - changed.status.length,
      whyStopEqual: n - changed.whyStop.length,
      drugsEqualTopRule,
      drugsEqualWithBiologicals,
      drugJaccardMean: drugJaccard / n,
      diseasesEqual,
      diseaseJaccardMean: diseaseJaccard / n,
      icdLeaveOut: leaveOut,
      icdAllPairs: allPairs,
      icdDescriptionsOnly: descriptionsOnly,
      seconds: (performance.now() - started) / 1000,
    },
    baseline: { reference: "TOP rows (graph-seed/data phase files), first row per trial" },
    ratio: {},
    table,
    changed,
    drugDiffs,
    diseaseDiffs,
    notes: [
      "TOP is a 2021 snapshot and the sample was processed 2023-02-03: records that changed in between are listed under `changed`",
      "TOP split some intervention names at commas and not others; the importer keeps names whole. TOP takes Drug interventions only",
      "ICD precision/recall are micro-averaged over trials on the sets of 3-character categories",
    ],
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
