// Condition name -> ICD-10 codes, offline. Tried in order, first hit wins; each mapping carries
// its method and a confidence (a fixed prior per method, highest where a person already made the
// link; measured against TOP's own codes on the 245 shared trials, bench/ctgov-top-agreement.ts):
//   top-exact             0.95  the name is a disease TOP coded (disease -> ICD pairs in the graph)
//   top-normalised        0.85  the same after normalisation (case, punctuation, plurals)
//   icd-description       0.8   the name equals an ICD-10 code's description (normalised)
//   mesh-top              0.7   a MeSH term the registry derived for the study is a disease TOP coded
//   icd-description-words 0.5   every meaningful word of the name (after synonyms) is in an
//                               ICD-10 description: the closest such description (fewest other
//                               words, so "breast cancer" is C50 "Malignant neoplasm of breast",
//                               not D05 "Carcinoma in situ of breast"), then the most general code
//   mesh-icd-description-words 0.4  the same for a MeSH term
// A condition none of these reaches is unmapped and reported.
import { conceptTokens, normalisedName } from "./condition-text.js";

export type IcdMethod =
  | "top-exact"
  | "top-normalised"
  | "icd-description"
  | "mesh-top"
  | "icd-description-words"
  | "mesh-icd-description-words";

export const METHOD_CONFIDENCE: Record<IcdMethod, number> = {
  "top-exact": 0.95,
  "top-normalised": 0.85,
  "icd-description": 0.8,
  "mesh-top": 0.7,
  "icd-description-words": 0.5,
  "mesh-icd-description-words": 0.4,
};

export interface IcdMapping {
  condition: string;
  codes: string[];
  method: IcdMethod;
  confidence: number;
  /** The TOP disease, ICD description or MeSH term that matched. */
  matched: string;
}

interface Description {
  code: string;
  text: string;
  tokens: Set<string>;
}

export class IcdMapper {
  private readonly exact: ReadonlyMap<string, string[]>;
  private readonly normalised = new Map<string, { name: string; codes: string[] }>();
  private readonly byDescription = new Map<string, Description>();
  private readonly byToken = new Map<string, Description[]>();

  /**
   * @param pairs disease name (as TOP writes it, lower-case) -> its ICD codes
   * @param descriptions dotted ICD-10 code -> description (graph-seed/data/icdcode)
   */
  constructor(pairs: ReadonlyMap<string, string[]>, descriptions: ReadonlyMap<string, string>) {
    this.exact = pairs;
    for (const [name, codes] of pairs) {
      const key = normalisedName(name);
      if (!this.normalised.has(key)) this.normalised.set(key, { name, codes });
    }
    for (const [code, text] of descriptions) {
      const d: Description = { code, text, tokens: conceptTokens(text) };
      const key = normalisedName(text);
      const known = this.byDescription.get(key);
      if (!known || code.length < known.code.length) this.byDescription.set(key, d);
      for (const t of d.tokens) {
        const list = this.byToken.get(t);
        if (list) list.push(d);
        else this.byToken.set(t, [d]);
      }
    }
  }

  map(condition: string, meshTerms: readonly string[] = []): IcdMapping | null {
    const hit = (codes: string[], method: IcdMethod, matched: string): IcdMapping => ({
      condition,
      codes,
      method,
      confidence: METHOD_CONFIDENCE[method],
      matched,
    });
    const name = condition.trim().toLowerCase();
    const exact = this.exact.get(name);
    if (exact?.length) return hit(exact, "top-exact", name);
    const normal = this.normalised.get(normalisedName(name));
    if (normal?.codes.length) return hit(normal.codes, "top-normalised", normal.name);
    const described = this.byDescription.get(normalisedName(name));
    if (described) return hit([described.code], "icd-description", described.text);
    for (const term of meshTerms) {
      const top = this.exact.get(term.toLowerCase()) ?? this.normalised.get(normalisedName(term))?.codes;
      if (top?.length) return hit(top, "mesh-top", term);
    }
    const byWords = this.byWords(name);
    if (byWords) return hit([byWords.code], "icd-description-words", byWords.text);
    for (const term of meshTerms) {
      const d = this.byWords(term);
      if (d) return hit([d.code], "mesh-icd-description-words", `${term} -> ${d.text}`);
    }
    return null;
  }

  /** The closest description holding every meaningful word of the text, then the most general code. */
  private byWords(text: string): Description | null {
    const tokens = [...conceptTokens(text)];
    if (tokens.length === 0) return null;
    const lists = tokens.map((t) => this.byToken.get(t) ?? []);
    if (lists.some((l) => l.length === 0)) return null;
    lists.sort((a, b) => a.length - b.length);
    let best: Description | null = null;
    for (const d of lists[0]) {
      if (!tokens.every((t) => d.tokens.has(t))) continue;
      if (!best || closer(d, best)) best = d;
    }
    return best;
  }
}

/** Fewer words beyond the query's (the query's are in both), then a shorter code, then shorter text. */
function closer(a: Description, b: Description): boolean {
  if (a.tokens.size !== b.tokens.size) return a.tokens.size < b.tokens.size;
  if (a.code.length !== b.code.length) return a.code.length < b.code.length;
  return a.text.length < b.text.length;
}
