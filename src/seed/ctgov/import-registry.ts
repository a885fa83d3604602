// `import-ctgov`: streams registry records (registry-inputs.ts) into the graph in batches, so
// memory stays flat whatever the input size: per batch, records are mapped (map-record.ts),
// checked against what the graph holds (import-decision.ts), their drugs resolved
// (drug-resolver.ts) and conditions coded (icd-mapper.ts), and written (registry-graph.ts).
// What is held for the whole run: the reference tables (ICD descriptions, DrugBank, TOP's
// disease -> ICD pairs), one cache entry per distinct drug name and per distinct unmapped
// condition or unresolved drug (counts for the report). Records not imported go to the report
// as they come.
// Not a `Source` (../source.ts): a Source hands back all its rows at once for prepare-seed.ts to
// merge, which is what TOP's few thousand rows need and what a registry dump must not do.
import { loadDrugBank } from "../../domain/drugbank.js";
import type { Executor } from "../../graph/executor.js";
import { chapterTitle, icdLevel, icdLineage, icdParent } from "../icd.js";
import { loadIcdDescriptions } from "../prepare-seed.js";
import { canonicalizer } from "../smiles.js";
import { DrugResolver } from "./drug-resolver.js";
import { decide } from "./import-decision.js";
import { ImportReport } from "./import-report.js";
import { IcdMapper, type IcdMapping, type IcdMethod } from "./icd-mapper.js";
import { mapRecord, type ImportedTrial } from "./map-record.js";
import { RecordError } from "./registry-record.js";
import { readRegistryInput } from "./registry-inputs.js";
import {
  icdPairs,
  REGISTRY_SOURCE,
  storedTrials,
  writeBatch,
  type BatchRows,
  type IcdCodeRow,
  type TrialWriteRow,
} from "./registry-graph.js";

export const DEFAULT_IMPORT_BATCH = 250;

export interface RegistryImportOptions {
  /** Bulk zips, folders, XML or JSON files. */
  inputs: string[];
  /** Folder with the reference tables (icdcode/, helpers/): Config.seedDataDir. */
  dataDir: string;
  batchSize?: number;
  /** Consent to update the registry fields of trials loaded from benchmark files. */
  updateBenchmark?: boolean;
  reportPath?: string | null;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface RegistryImportSummary {
  read: number;
  created: number;
  updated: number;
  benchmarkUpdated: number;
  rejected: number;
  skipped: number;
  scorable: number;
  notScorable: Record<string, number>;
  drugs: { fromGraph: number; fromDrugBank: number; unresolved: number };
  conditions: { mapped: number; unmapped: number; byMethod: Partial<Record<IcdMethod, number>> };
  nodesCreated: number;
  relationshipsCreated: number;
  seconds: number;
  recordsPerSecond: number;
  reportPath: string | null;
}

interface Pending {
  file: string;
  trial: ImportedTrial;
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

export async function importRegistry(
  executor: Executor,
  options: RegistryImportOptions,
): Promise<RegistryImportSummary> {
  const started = performance.now();
  const log = options.log ?? ((line: string) => console.error(line));
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  const run = `${new Date().toISOString()}#${Math.random().toString(36).slice(2, 8)}`;
  const descriptions = await loadIcdDescriptions(options.dataDir);
  const mapper = new IcdMapper(await icdPairs(executor), descriptions);
  const drugs = new DrugResolver(executor, await loadDrugBank(options.dataDir), await canonicalizer());
  const reportPath = options.reportPath ?? null;
  const report = await ImportReport.open(reportPath);
  const unresolvedDrugs = new Map<string, number>();
  const unmappedConditions = new Map<string, number>();
  const s: RegistryImportSummary = {
    read: 0,
    created: 0,
    updated: 0,
    benchmarkUpdated: 0,
    rejected: 0,
    skipped: 0,
    scorable: 0,
    notScorable: {},
    drugs: { fromGraph: 0, fromDrugBank: 0, unresolved: 0 },
    conditions: { mapped: 0, unmapped: 0, byMethod: {} },
    nodesCreated: 0,
    relationshipsCreated: 0,
    seconds: 0,
    recordsPerSecond: 0,
    reportPath,
  };
  const skip = async (file: string, nctId: string, reason: string) => {
    s.skipped++;
    await report.add({ file, nctId, outcome: "skipped", reason });
  };

  async function flush(batch: Pending[]): Promise<void> {
    // The newest version of each nctId in the batch goes on; the others are skipped here.
    const newest = new Map<string, Pending>();
    for (const p of batch) {
      const kept = newest.get(p.trial.nctId);
      if (!kept) newest.set(p.trial.nctId, p);
      else if (p.trial.lastUpdate > kept.trial.lastUpdate) {
        newest.set(p.trial.nctId, p);
        await skip(kept.file, kept.trial.nctId, `older version than ${p.file} in the same import`);
      } else {
        const reason =
          p.trial.lastUpdate === kept.trial.lastUpdate
            ? `duplicate nctId: the same version is in ${kept.file}`
            : `older version than ${kept.file} in the same import`;
        await skip(p.file, p.trial.nctId, reason);
      }
    }
    const stored = await storedTrials(executor, [...newest.keys()]);
    const rows: BatchRows = { icdCodes: [], drugs: [], diseases: [], trials: [] };
    const toMap: Pending[] = [];
    for (const p of newest.values()) {
      const d = decide(p.trial, stored.get(p.trial.nctId), run, options.updateBenchmark ?? false);
      if (d.action === "skip") {
        await skip(p.file, p.trial.nctId, d.reason);
        continue;
      }
      if (d.action === "update-benchmark") {
        rows.trials.push(benchmarkRow(p, run, stored.get(p.trial.nctId)!.benchmarkSources));
        s.benchmarkUpdated++;
        continue;
      }
      if (d.action === "create") s.created++;
      else s.updated++;
      toMap.push(p);
    }
    const resolved = await drugs.resolve(toMap.flatMap((p) => p.trial.drugs.map((d) => d.name)));
    const drugNames = new Set<string>();
    const diseaseNames = new Set<string>();
    const codes = new Map<string, IcdCodeRow>();
    for (const { file, trial } of toMap) {
      if (trial.scorable) s.scorable++;
      else bump(s.notScorable, trial.notScorableReason!.split(":")[0]);
      for (const d of trial.drugs) {
        const r = resolved.get(d.name)!;
        if (r.smilesSource === "graph") s.drugs.fromGraph++;
        else if (r.smilesSource === "drugbank") s.drugs.fromDrugBank++;
        else {
          s.drugs.unresolved++;
          unresolvedDrugs.set(d.name, (unresolvedDrugs.get(d.name) ?? 0) + 1);
        }
        if (!drugNames.has(d.name)) {
          drugNames.add(d.name);
          rows.drugs.push(r);
        }
      }
      const mappings: (IcdMapping | null)[] = trial.diseases.map((c) => mapper.map(c, trial.meshTerms));
      mappings.forEach((m, i) => {
        const name = trial.diseases[i];
        if (!m) {
          s.conditions.unmapped++;
          unmappedConditions.set(name, (unmappedConditions.get(name) ?? 0) + 1);
        } else {
          s.conditions.mapped++;
          bump(s.conditions.byMethod, m.method);
          for (const code of m.codes)
            for (const c of icdLineage(code)) if (!codes.has(c)) codes.set(c, icdRow(c, descriptions));
        }
        if (!diseaseNames.has(name)) {
          diseaseNames.add(name);
          rows.diseases.push({
            name,
            codes: m?.codes ?? [],
            method: m?.method ?? null,
            confidence: m?.confidence ?? null,
          });
        }
      });
      rows.trials.push(registryRow(file, trial, run, mappings));
    }
    rows.icdCodes = [...codes.values()].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
    const counts = await writeBatch(executor, rows);
    s.nodesCreated += counts.nodesCreated;
    s.relationshipsCreated += counts.relationshipsCreated;
  }

  let batch: Pending[] = [];
  let lastLog = performance.now();
  for (const input of options.inputs) {
    log(`[import-ctgov] reading ${input}`);
    for await (const item of readRegistryInput(input)) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error("import aborted");
      s.read++;
      if ("error" in item) {
        s.rejected++;
        await report.add({ file: item.file, nctId: item.nctId, outcome: "rejected", reason: item.error });
        continue;
      }
      try {
        batch.push({ file: item.file, trial: mapRecord(item.record) });
      } catch (err) {
        if (!(err instanceof RecordError)) throw err;
        s.rejected++;
        await report.add({
          file: item.file,
          nctId: item.record.nctId || undefined,
          outcome: "rejected",
          reason: err.message,
        });
      }
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
      if (performance.now() - lastLog > 2000) {
        lastLog = performance.now();
        const secs = (lastLog - started) / 1000;
        log(
          `[import-ctgov] ${s.read} records (${(s.read / secs).toFixed(0)}/s): ${s.created} new, ${s.updated} updated, ${s.skipped} skipped, ${s.rejected} rejected`,
        );
      }
    }
  }
  if (batch.length) await flush(batch);
  s.seconds = (performance.now() - started) / 1000;
  s.recordsPerSecond = s.read / s.seconds;
  const byCount = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([name, trials]) => ({ name, trials }));
  await report.close({
    unresolvedDrugs: byCount(unresolvedDrugs),
    unmappedConditions: byCount(unmappedConditions),
    summary: s,
  });
  log(
    `[import-ctgov] done in ${s.seconds.toFixed(1)} s (${s.recordsPerSecond.toFixed(0)} records/s): read ${s.read}, created ${s.created}, updated ${s.updated}, benchmark trials updated ${s.benchmarkUpdated}, skipped ${s.skipped}, rejected ${s.rejected}; scorable ${s.scorable}; drugs unresolved ${s.drugs.unresolved}; conditions unmapped ${s.conditions.unmapped}${reportPath ? `; report: ${reportPath}` : ""}`,
  );
  return s;
}

function icdRow(code: string, descriptions: ReadonlyMap<string, string>): IcdCodeRow {
  return {
    code,
    description: code.length === 1 ? chapterTitle(code) : (descriptions.get(code) ?? null),
    level: icdLevel(code),
    parent: icdParent(code),
  };
}

/** Registry fields every imported trial carries. */
function registryProps(file: string, t: ImportedTrial, run: string): Record<string, unknown> {
  return {
    status: t.status,
    whyStop: t.whyStop,
    inclusionCriteria: t.inclusionCriteria,
    exclusionCriteria: t.exclusionCriteria,
    title: t.title,
    studyType: t.studyType,
    startDate: t.startDate,
    completionDate: t.completionDate,
    enrollment: t.enrollment,
    sponsor: t.sponsor,
    conditionMeshTerms: t.meshTerms,
    registryLastUpdate: t.lastUpdate,
    registryDownloadDate: t.downloadDate,
    registryFile: file,
    registryRun: run,
  };
}

function registryRow(
  file: string,
  t: ImportedTrial,
  run: string,
  mappings: (IcdMapping | null)[],
): TrialWriteRow {
  return {
    nctId: t.nctId,
    benchmark: false,
    props: {
      ...registryProps(file, t, run),
      phase: t.phase,
      scorable: t.scorable,
      notScorableReason: t.notScorableReason,
      // The model reads these lists when present; an imported trial's drugs come from its edges.
      icdCodes: [...new Set(mappings.flatMap((m) => m?.codes ?? []))],
      drugSmiles: null,
      source: [REGISTRY_SOURCE],
    },
    phase: t.phase === "n/a" ? null : t.phase,
    drugs: t.drugs.map((d, position) => ({ name: d.name, position, interventionType: d.interventionType })),
    diseases: t.diseases.map((name, position) => ({
      name,
      position,
      icdMethod: mappings[position]?.method ?? null,
      icdConfidence: mappings[position]?.confidence ?? null,
    })),
  };
}

/** A benchmark trial the user consented to update: registry fields only (not phase, label, split, drugs, diseases). */
function benchmarkRow(p: Pending, run: string, benchmarkSources: string[]): TrialWriteRow {
  return {
    nctId: p.trial.nctId,
    benchmark: true,
    props: { ...registryProps(p.file, p.trial, run), source: [...benchmarkSources, REGISTRY_SOURCE] },
    phase: null,
    drugs: [],
    diseases: [],
  };
}
