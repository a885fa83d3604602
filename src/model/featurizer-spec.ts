// The shape of `featurizer.json` (docs/model-contract.md) and its validation at load time, so a
// wrong or stale artifact fails at start-up with a clear message instead of at the first query.
import { readFile } from "node:fs/promises";

export interface FeaturizerSpec {
  modelVersion: string;
  text: {
    tokenizer: string;
    /** Ids per encoder window, [CLS] and [SEP] included. */
    maxTokens: number;
    /** Windows per criteria part (older artifacts without it: 1, i.e. plain truncation). */
    maxWindows: number;
    hiddenSize: number;
    levels: { coarse: number; medium: number; fine: number };
  };
  drug: { fingerprint: "morgan"; radius: number; nBits: number; maxDrugs: number };
  icd: { maxCodes: number; vocab: Record<string, number> };
  phase: { vocab: Record<string, number>; default: number; names: string[] };
  embeddingDim: number;
}

function fail(what: string): never {
  throw new Error(`featurizer.json: ${what}`);
}

function positiveInt(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    fail(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function intRecord(value: unknown, name: string): Record<string, number> {
  if (!value || typeof value !== "object") fail(`${name} must be an object`);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      fail(`${name}[${k}] must be a non-negative integer`);
  }
  return value as Record<string, number>;
}

/** Checks the parsed JSON against the contract and returns it typed. */
export function parseFeaturizerSpec(json: unknown): FeaturizerSpec {
  const j = json as FeaturizerSpec;
  if (!j || typeof j !== "object") fail("not an object");
  if (typeof j.modelVersion !== "string" || !j.modelVersion) fail("modelVersion missing");
  if (!j.text || typeof j.text.tokenizer !== "string") fail("text.tokenizer missing");
  positiveInt(j.text.maxTokens, "text.maxTokens");
  if (j.text.maxTokens < 3) fail("text.maxTokens must leave room for [CLS], a word piece and [SEP]");
  if (j.text.maxWindows === undefined) j.text.maxWindows = 1;
  positiveInt(j.text.maxWindows, "text.maxWindows");
  positiveInt(j.text.hiddenSize, "text.hiddenSize");
  if (!j.drug || j.drug.fingerprint !== "morgan") fail(`drug.fingerprint must be "morgan"`);
  positiveInt(j.drug.radius, "drug.radius");
  positiveInt(j.drug.nBits, "drug.nBits");
  positiveInt(j.drug.maxDrugs, "drug.maxDrugs");
  if (!j.icd) fail("icd missing");
  positiveInt(j.icd.maxCodes, "icd.maxCodes");
  const icd = intRecord(j.icd.vocab, "icd.vocab");
  if (icd["<pad>"] !== 0) fail(`icd.vocab["<pad>"] must be 0`);
  if (icd["<unk>"] === undefined) fail(`icd.vocab["<unk>"] missing`);
  if (!j.phase) fail("phase missing");
  const phases = intRecord(j.phase.vocab, "phase.vocab");
  if (!Array.isArray(j.phase.names) || j.phase.names.length === 0) fail("phase.names missing");
  for (const [name, id] of Object.entries(phases)) {
    if (id >= j.phase.names.length) fail(`phase.vocab[${name}] = ${id} has no entry in phase.names`);
  }
  if (!Number.isInteger(j.phase.default) || j.phase.default < 0 || j.phase.default >= j.phase.names.length) {
    fail("phase.default must index phase.names");
  }
  positiveInt(j.embeddingDim, "embeddingDim");
  return j;
}

export async function loadFeaturizerSpec(file: string): Promise<FeaturizerSpec> {
  return parseFeaturizerSpec(JSON.parse(await readFile(file, "utf8")));
}
