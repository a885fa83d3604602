// Pure step: merged trials -> the node and edge rows to write (no database here).
// Drug SMILES: TOP pairs drugs and SMILES by position only when both lists have the same
// length; for each drug name the SMILES seen most often in such rows wins (ties: first seen).
// A drug never paired that way takes DrugBank's SMILES by case-insensitive name
// (helpers/drug_smiless.json); otherwise it has none. RDKit canonicalises every SMILES; one it
// cannot parse leaves smiles/canonicalSmiles null, keeps the raw text in rawSmiles, and is reported.
import { splitCriteria } from "./criteria.js";
import { isIcd10Code } from "../domain/icd10.js";
import { chapterTitle, icdLevel, icdLineage } from "./icd.js";
import type { Canonical } from "./smiles.js";
import type { MergedTrial, RowIssue } from "./types.js";

export interface TrialProps {
  nctId: string;
  phase: string;
  status: string | null;
  whyStop: string | null;
  outcome: number | null;
  split: string | null;
  splits: string[];
  source: string[];
  inclusionCriteria: string;
  exclusionCriteria: string;
  hintPrediction: number | null;
  /** The row's `smiless` column in order: the model featurizes exactly this list. */
  drugSmiles: string[];
  /** ICD codes of the row, nested lists flattened in order without duplicates (model input). */
  icdCodes: string[];
}

export interface DrugProps {
  name: string;
  smiles: string | null;
  canonicalSmiles: string | null;
  rawSmiles: string | null;
  smilesSource: "trial" | "drugbank" | null;
}

export interface GraphRows {
  phases: { name: string }[];
  icdCodes: { code: string; description: string | null; level: number }[];
  drugs: DrugProps[];
  diseases: { name: string }[];
  trials: TrialProps[];
  tests: { nctId: string; name: string; position: number }[];
  studies: { nctId: string; name: string; position: number }[];
  codedAs: { name: string; code: string }[];
  isA: { code: string; parent: string }[];
  inPhase: { nctId: string; phase: string }[];
}

export interface BuildInput {
  trials: MergedTrial[];
  icdDescriptions: Map<string, string>;
  /** Lower-case drug name -> SMILES (src/domain/drugbank.ts). */
  drugBank: ReadonlyMap<string, string>;
  canonicalize: (smiles: string) => Canonical;
}

export interface BadSmiles {
  drug: string;
  smiles: string;
  source: "trial" | "drugbank";
  reason: string;
  trials: string[];
}

function firstIndexes(names: string[]): Map<string, number> {
  const first = new Map<string, number>();
  names.forEach((n, i) => {
    if (!first.has(n)) first.set(n, i);
  });
  return first;
}

export function buildGraph(input: BuildInput): {
  rows: GraphRows;
  badSmiles: BadSmiles[];
  warnings: RowIssue[];
} {
  const warnings: RowIssue[] = [];
  const rows: GraphRows = {
    phases: [],
    icdCodes: [],
    drugs: [],
    diseases: [],
    trials: [],
    tests: [],
    studies: [],
    codedAs: [],
    isA: [],
    inPhase: [],
  };
  const phases = new Set<string>();
  const diseases = new Set<string>();
  const codes = new Set<string>();
  const codedAs = new Set<string>();
  const drugOrder: string[] = [];
  const drugTrials = new Map<string, string[]>();
  // name -> smiles -> count (insertion order keeps "first seen" for ties)
  const paired = new Map<string, Map<string, number>>();

  for (const t of input.trials) {
    const { inclusion, exclusion } = splitCriteria(t.criteria);
    const validCodes = t.icdCodes.map((list) =>
      list.filter((c) => {
        if (isIcd10Code(c)) return true;
        warnings.push({
          file: t.source[0],
          line: 0,
          nctId: t.nctId,
          reason: `invalid ICD-10 code ${JSON.stringify(c)} dropped`,
        });
        return false;
      }),
    );
    const flatCodes = [...new Set(validCodes.flat())];
    rows.trials.push({
      nctId: t.nctId,
      phase: t.phase,
      status: t.status,
      whyStop: t.whyStop,
      outcome: t.outcome,
      split: t.split,
      splits: t.splits,
      source: t.source,
      inclusionCriteria: inclusion,
      exclusionCriteria: exclusion,
      hintPrediction: t.hintPrediction,
      drugSmiles: t.smiles,
      icdCodes: flatCodes,
    });
    phases.add(t.phase);
    rows.inPhase.push({ nctId: t.nctId, phase: t.phase });
    for (const [name, position] of firstIndexes(t.drugs)) {
      rows.tests.push({ nctId: t.nctId, name, position });
      if (!drugTrials.has(name)) {
        drugTrials.set(name, []);
        drugOrder.push(name);
      }
      drugTrials.get(name)!.push(t.nctId);
    }
    if (t.drugs.length === t.smiles.length) {
      t.drugs.forEach((name, i) => {
        const s = t.smiles[i].trim();
        if (s === "") return;
        const counts = paired.get(name) ?? new Map<string, number>();
        counts.set(s, (counts.get(s) ?? 0) + 1);
        paired.set(name, counts);
      });
    }
    for (const [name, position] of firstIndexes(t.diseases)) {
      rows.studies.push({ nctId: t.nctId, name, position });
      diseases.add(name);
    }
    for (const code of flatCodes) codes.add(code);
    // Per-disease code lists line up with the disease list only when the lengths agree.
    if (t.diseases.length === validCodes.length) {
      t.diseases.forEach((name, i) => {
        for (const code of validCodes[i]) {
          const key = `${name}\u0000${code}`;
          if (codedAs.has(key)) continue;
          codedAs.add(key);
          rows.codedAs.push({ name, code });
        }
      });
    }
  }

  const badSmiles: BadSmiles[] = [];
  for (const name of drugOrder) {
    let raw: string | null = null;
    let source: DrugProps["smilesSource"] = null;
    const counts = paired.get(name);
    if (counts) {
      let best = -1;
      for (const [s, n] of counts) if (n > best) [raw, best] = [s, n];
      source = "trial";
    } else {
      const db = input.drugBank.get(name.toLowerCase());
      if (db && db.trim() !== "") [raw, source] = [db.trim(), "drugbank"];
    }
    if (raw === null) {
      rows.drugs.push({ name, smiles: null, canonicalSmiles: null, rawSmiles: null, smilesSource: null });
      continue;
    }
    const canon = input.canonicalize(raw);
    if (canon.ok) {
      rows.drugs.push({
        name,
        smiles: raw,
        canonicalSmiles: canon.canonical,
        rawSmiles: raw,
        smilesSource: source,
      });
    } else {
      rows.drugs.push({ name, smiles: null, canonicalSmiles: null, rawSmiles: raw, smilesSource: source });
      badSmiles.push({
        drug: name,
        smiles: raw,
        source: source!,
        reason: canon.reason,
        trials: drugTrials.get(name) ?? [],
      });
    }
  }

  rows.phases = [...phases].sort().map((name) => ({ name }));
  rows.diseases = [...diseases].map((name) => ({ name }));
  const allCodes = new Set<string>();
  for (const code of codes) for (const c of icdLineage(code)) allCodes.add(c);
  for (const code of [...allCodes].sort()) {
    const description = code.length === 1 ? chapterTitle(code) : (input.icdDescriptions.get(code) ?? null);
    rows.icdCodes.push({ code, description, level: icdLevel(code) });
    const lineage = icdLineage(code);
    if (lineage.length > 1) rows.isA.push({ code, parent: lineage[1] });
  }
  return { rows, badSmiles, warnings };
}
