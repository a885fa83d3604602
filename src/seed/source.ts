// A data source of the seeder: one input (a file) that yields validated trial rows. Each format is
// one implementation (TOP CSV today, top-csv-source.ts); prepare-seed.ts merges rows of any mix of
// sources, so a new format (SCT, ClinicalTrials.gov XML) is one new file.
import type { RowIssue, TrialRow } from "./types.js";

export interface SourceRows {
  rows: TrialRow[];
  rejected: RowIssue[];
  warnings: RowIssue[];
  /** Data records seen (header excluded). */
  read: number;
}

export interface Source {
  /** Name used in `Trial.source` and reports. */
  readonly name: string;
  /** train / valid / test, or null (e.g. an SCT-style file). */
  readonly split: string | null;
  read(): Promise<SourceRows>;
}
