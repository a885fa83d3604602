// Trial fields -> the tensors of one trial, exactly as docs/model-contract.md and
// models/cladmop/featurize.py do it, plus a report of every value it could not use as given.
import type { FeatureFallback, TrialModelInput } from "./types.js";
import type { FeaturizerSpec } from "./featurizer-spec.js";
import type { MorganFingerprinter } from "./fingerprint.js";
import type { WordPieceTokenizer } from "./wordpiece-tokenizer.js";

/** One trial's model inputs, before batching. */
export interface TrialFeatures {
  /** Encoder windows of each criteria part: `[CLS] … [SEP]`, at most `text.maxTokens` ids each, at most
   *  `text.maxWindows` windows; an empty part is the one window `[CLS] [SEP]`. */
  inclusionWindows: number[][];
  exclusionWindows: number[][];
  /** [maxDrugs * nBits], 0/1. */
  drugFp: Float32Array;
  /** [maxDrugs], 1 where a fingerprint is present. */
  drugMask: Float32Array;
  /** [maxCodes], 0 = <pad>. */
  icdIds: number[];
  phaseId: number;
  /** phase.names[phaseId], e.g. "phase 2". */
  phaseModel: string;
  fallbacks: FeatureFallback[];
}

export type IcdMapping =
  | { id: number; kind: "exact"; key: string }
  | { id: number; kind: "fallback"; key: string }
  | { id: number; kind: "unknown"; key: "<unk>" };

/** Code, then its category (text before the dot), then its chapter letter, then <unk>. */
export function mapIcdCode(code: string, vocab: Record<string, number>): IcdMapping {
  const exact = vocab[code];
  if (exact !== undefined && Object.hasOwn(vocab, code)) return { id: exact, kind: "exact", key: code };
  for (const key of [code.split(".")[0], code.slice(0, 1)]) {
    if (key && Object.hasOwn(vocab, key)) return { id: vocab[key], kind: "fallback", key };
  }
  return { id: vocab["<unk>"], kind: "unknown", key: "<unk>" };
}

export class Featurizer {
  constructor(
    readonly spec: FeaturizerSpec,
    private readonly tokenizer: WordPieceTokenizer,
    private readonly fingerprinter: MorganFingerprinter,
  ) {
    if (fingerprinter.radius !== spec.drug.radius || fingerprinter.nBits !== spec.drug.nBits) {
      throw new Error("fingerprinter radius/nBits differ from featurizer.json");
    }
  }

  featurize(input: TrialModelInput): TrialFeatures {
    const fallbacks: FeatureFallback[] = [];
    const inclusionWindows = this.text(input.inclusionCriteria, "inclusion criteria", fallbacks);
    const exclusionWindows = this.text(input.exclusionCriteria, "exclusion criteria", fallbacks);
    const { drugFp, drugMask } = this.drugs(input.drugs ?? [], fallbacks);
    const icdIds = this.icd(input.icdCodes ?? [], fallbacks);
    const { phaseId, phaseModel } = this.phase(input.phase, fallbacks);
    return { inclusionWindows, exclusionWindows, drugFp, drugMask, icdIds, phaseId, phaseModel, fallbacks };
  }

  private text(text: string | null | undefined, part: string, fallbacks: FeatureFallback[]): number[][] {
    const { maxTokens, maxWindows } = this.spec.text;
    const enc = this.tokenizer.windows(text ?? "", maxTokens, maxWindows);
    if (enc.truncated) {
      const read = (maxTokens - 2) * maxWindows;
      fallbacks.push({
        kind: "TRUNCATED",
        value: part,
        usedInstead: `first ${read} of ${enc.fullLength} tokens`,
        message: `The model reads the first ${read} of ${enc.fullLength} tokens of the ${part}.`,
      });
    }
    return enc.windows;
  }

  private drugs(drugs: TrialModelInput["drugs"], fallbacks: FeatureFallback[]) {
    const { maxDrugs, nBits } = this.spec.drug;
    const drugFp = new Float32Array(maxDrugs * nBits);
    const drugMask = new Float32Array(maxDrugs);
    drugs.slice(0, maxDrugs).forEach((drug, i) => {
      const r = this.fingerprinter.fingerprint(drug.smiles);
      if (r.ok) {
        for (let b = 0; b < nBits; b++) drugFp[i * nBits + b] = r.bits[b];
        drugMask[i] = 1;
      } else if (r.reason === "MISSING_SMILES") {
        fallbacks.push({
          kind: "MISSING_SMILES",
          value: drug.name,
          usedInstead: "no molecule (masked)",
          message: `Drug ${JSON.stringify(drug.name)} has no SMILES; the model ignores it.`,
        });
      } else {
        fallbacks.push({
          kind: "UNPARSABLE_SMILES",
          value: drug.smiles ?? "",
          usedInstead: "no molecule (masked)",
          message: `RDKit cannot parse the SMILES of ${JSON.stringify(drug.name)}; the model ignores it.`,
        });
      }
    });
    if (drugs.length > maxDrugs) {
      fallbacks.push({
        kind: "TRUNCATED",
        value: "drugs",
        usedInstead: `first ${maxDrugs} of ${drugs.length} drugs`,
        message: `The model reads the first ${maxDrugs} of ${drugs.length} drugs.`,
      });
    }
    return { drugFp, drugMask };
  }

  private icd(codes: string[], fallbacks: FeatureFallback[]): number[] {
    const { maxCodes, vocab } = this.spec.icd;
    // The graph holds upper-case codes; user input may not. Duplicates count once, in order.
    const unique = [...new Set(codes.map((c) => c.trim().toUpperCase()).filter(Boolean))];
    const ids = new Array<number>(maxCodes).fill(vocab["<pad>"]);
    unique.slice(0, maxCodes).forEach((code, i) => {
      const m = mapIcdCode(code, vocab);
      ids[i] = m.id;
      if (m.kind === "fallback") {
        fallbacks.push({
          kind: "ICD_FALLBACK",
          value: code,
          usedInstead: m.key,
          message: `ICD code ${code} was not seen in training; the model uses ${m.key} instead.`,
        });
      } else if (m.kind === "unknown") {
        fallbacks.push({
          kind: "UNKNOWN_ICD",
          value: code,
          usedInstead: "<unk>",
          message: `Neither ICD code ${code} nor its category or chapter was seen in training.`,
        });
      }
    });
    if (unique.length > maxCodes) {
      fallbacks.push({
        kind: "TRUNCATED",
        value: "icdCodes",
        usedInstead: `first ${maxCodes} of ${unique.length} codes`,
        message: `The model reads the first ${maxCodes} of ${unique.length} distinct ICD codes.`,
      });
    }
    return ids;
  }

  private phase(phase: string | null | undefined, fallbacks: FeatureFallback[]) {
    const { vocab, names } = this.spec.phase;
    const key = (phase ?? "").trim().toLowerCase();
    let phaseId = Object.hasOwn(vocab, key) ? vocab[key] : undefined;
    if (phaseId === undefined) {
      phaseId = this.spec.phase.default;
      fallbacks.push({
        kind: "UNKNOWN_PHASE",
        value: phase ?? "",
        usedInstead: names[phaseId],
        message: `Unknown phase ${JSON.stringify(phase ?? "")}; the ${names[phaseId]} model is used.`,
      });
    }
    return { phaseId, phaseModel: names[phaseId] };
  }
}
