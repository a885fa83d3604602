// Merges rows that share an nctId (phase 1/2 and 2/3 trials sit in two phase files; HINT's
// prediction files repeat the test trials) into one trial.
//  - descriptive columns come from the first labelled/unlabelled row in file order (prediction
//    files only fill in what no data file gave); a differing value is reported as a warning;
//  - outcome: the first non-null label; hintPrediction: the first prediction;
//  - split: the most protective split among the files (test > valid > train), so a trial that is
//    test data anywhere is never treated as training data; `splits` and `source` list every file.
import type { MergedTrial, RowIssue, TrialRow } from "./types.js";

const SPLIT_RANK: Record<string, number> = { train: 1, valid: 2, test: 3 };
const COMPARED = [
  "status",
  "whyStop",
  "phase",
  "diseases",
  "icdCodes",
  "drugs",
  "smiles",
  "criteria",
] as const;

export function mergeTrials(rows: TrialRow[]): { trials: MergedTrial[]; warnings: RowIssue[] } {
  const groups = new Map<string, TrialRow[]>();
  for (const row of rows) {
    const group = groups.get(row.nctId);
    if (group) group.push(row);
    else groups.set(row.nctId, [row]);
  }
  const warnings: RowIssue[] = [];
  const trials: MergedTrial[] = [];
  for (const [nctId, group] of groups) {
    const base = group.find((r) => r.kind !== "predictions") ?? group[0]!;
    if (base.phase === "") {
      // Only bare prediction rows (hint-predictions-source.ts): they annotate, they define no trial.
      for (const r of group) {
        warnings.push({
          file: r.file,
          line: r.line,
          nctId,
          reason: "prediction for a trial no data file has; not loaded",
        });
      }
      continue;
    }
    for (const other of group) {
      if (other === base || other.kind === "predictions") continue;
      const differing = COMPARED.filter((c) => JSON.stringify(other[c]) !== JSON.stringify(base[c]));
      if (differing.length > 0) {
        warnings.push({
          file: other.file,
          line: other.line,
          nctId,
          reason: `differs from ${base.file}:${base.line} in ${differing.join(", ")}; kept ${base.file}`,
        });
      }
      if (other.outcome !== null && base.outcome !== null && other.outcome !== base.outcome) {
        warnings.push({
          file: other.file,
          line: other.line,
          nctId,
          reason: `label ${other.outcome} conflicts with ${base.file}:${base.line}; kept the first`,
        });
      }
    }
    const splits = [...new Set(group.map((r) => r.split).filter((s): s is string => s !== null))];
    const split = splits.reduce<string | null>(
      (best, s) => (best === null || (SPLIT_RANK[s] ?? 0) > (SPLIT_RANK[best] ?? 0) ? s : best),
      null,
    );
    trials.push({
      nctId,
      status: base.status,
      whyStop: base.whyStop,
      phase: base.phase,
      diseases: base.diseases,
      icdCodes: base.icdCodes,
      drugs: base.drugs,
      smiles: base.smiles,
      criteria: base.criteria,
      outcome: group.find((r) => r.outcome !== null)?.outcome ?? null,
      hintPrediction: group.find((r) => r.hintPrediction !== null)?.hintPrediction ?? null,
      split,
      splits,
      source: [...new Set(group.map((r) => r.file))],
    });
  }
  return { trials, warnings };
}
