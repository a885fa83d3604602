// Shared shapes of the seed pipeline: file -> validated rows -> merged trials -> graph rows.

/** A problem tied to a place in an input file. */
export interface RowIssue {
  file: string;
  /** 1-based physical line where the CSV record starts (header = 1); 0 for whole-file problems. */
  line: number;
  nctId?: string;
  reason: string;
}

export type FileKind = "labelled" | "unlabelled" | "predictions";

export interface SourceFile {
  path: string;
  /** Name used in `Trial.source` and reports: path relative to the data folder, without `.gz`. */
  name: string;
  /** train / valid / test taken from the file name, or null (e.g. an SCT-style file). */
  split: string | null;
  kind: FileKind;
}

export interface TrialRow {
  file: string;
  line: number;
  split: string | null;
  kind: FileKind;
  nctId: string;
  status: string | null;
  whyStop: string | null;
  outcome: 0 | 1 | null;
  hintPrediction: number | null;
  phase: string;
  diseases: string[];
  icdCodes: string[][];
  drugs: string[];
  smiles: string[];
  criteria: string;
}

/** One Trial after rows of several files were merged. */
export interface MergedTrial extends Omit<TrialRow, "file" | "line" | "split" | "kind"> {
  split: string | null;
  splits: string[];
  source: string[];
}
