// Normalisation of condition names, MeSH terms and ICD-10 descriptions so that the same disease
// written differently meets: case, punctuation, word order (token sets), plurals, British
// spellings and the registry's synonyms for a malignancy ("cancer", "carcinoma", "tumor" ->
// ICD-10's "malignant neoplasm").

/** Words that carry no disease meaning in a name or an ICD description. */
const STOP = new Set([
  "of",
  "the",
  "and",
  "or",
  "in",
  "with",
  "without",
  "unspecified",
  "type",
  "nos",
  "a",
  "an",
  "to",
]);

/** One word -> the words ICD-10 uses for it. */
const SYNONYMS: Record<string, string[]> = {
  cancer: ["malignant", "neoplasm"],
  carcinoma: ["malignant", "neoplasm"],
  malignancy: ["malignant", "neoplasm"],
  tumor: ["neoplasm"],
  tumour: ["neoplasm"],
  neoplasia: ["neoplasm"],
  leukaemia: ["leukemia"],
  anaemia: ["anemia"],
  oesophageal: ["esophagus"],
  esophageal: ["esophagus"],
  oesophagus: ["esophagus"],
  gastric: ["stomach"],
  renal: ["kidney"],
  hepatic: ["liver"],
  pulmonary: ["lung"],
  cardiac: ["heart"],
  colorectal: ["colon"],
  copd: ["chronic", "obstructive", "lung"],
  nsclc: ["lung", "malignant", "neoplasm"],
};

/** Plural -> singular for the regular English endings names use ("diseases", "infections"). */
export function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is|os)$/.test(word)) return word;
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

/** Lower-case words, punctuation and possessives removed, plurals made singular (order kept). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['\u2019]s\b/g, "") // possessive: "Alzheimer's disease" = "alzheimer disease"
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean)
    .map(singular);
}

/** The name as one normalised string (same words, same order): exact-match key. */
export function normalisedName(text: string): string {
  return words(text).join(" ");
}

/** The meaningful words after synonyms, as a set: order-free matching key. */
export function conceptTokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (STOP.has(w)) continue;
    for (const t of SYNONYMS[w] ?? [w]) out.add(t);
  }
  return out;
}
