// ICD-10 hierarchy for IcdCode nodes. Codes in the TOP files are ICD-10-CM with a dot
// ("C71.9", "O88.211"); the description table writes them without it ("C719").
// Hierarchy (documented in graph-seed/SOURCE.md): each code IS_A its prefix one character
// shorter ("O88.211" -> "O88.21" -> "O88.2"), the 3-character category ("O88") IS_A the
// chapter-letter node ("O"). The letter node matches the model contract's fallback
// (code -> category -> c[0]); ICD-10's real chapters span letter ranges, named in its title.

// The code shape itself is src/domain/icd10.ts (shared with the API's input checks).

/** Parent of a code, or null for a chapter letter. */
export function icdParent(code: string): string | null {
  if (code.length === 1) return null;
  if (code.length === 3) return code[0];
  const [category, suffix] = code.split(".");
  return suffix.length <= 1 ? category : `${category}.${suffix.slice(0, -1)}`;
}

/** The code and all its ancestors, most specific first: C71.9, C71, C. */
export function icdLineage(code: string): string[] {
  const out: string[] = [];
  for (let c: string | null = code; c !== null; c = icdParent(c)) out.push(c);
  return out;
}

/** 0 chapter letter, 1 category, 2+ subdivisions. */
export function icdLevel(code: string): number {
  if (code.length === 1) return 0;
  if (code.length === 3) return 1;
  return 1 + code.split(".")[1].length;
}

// Titles of the ICD-10 chapters each first letter falls into (WHO ICD-10 2019).
const CHAPTER_TITLES: Record<string, string> = {
  A: "Certain infectious and parasitic diseases (A00-B99)",
  B: "Certain infectious and parasitic diseases (A00-B99)",
  C: "Neoplasms (C00-D49)",
  D: "Neoplasms (C00-D49); Diseases of the blood and blood-forming organs and certain disorders involving the immune mechanism (D50-D89)",
  E: "Endocrine, nutritional and metabolic diseases (E00-E89)",
  F: "Mental, behavioral and neurodevelopmental disorders (F01-F99)",
  G: "Diseases of the nervous system (G00-G99)",
  H: "Diseases of the eye and adnexa (H00-H59); Diseases of the ear and mastoid process (H60-H95)",
  I: "Diseases of the circulatory system (I00-I99)",
  J: "Diseases of the respiratory system (J00-J99)",
  K: "Diseases of the digestive system (K00-K95)",
  L: "Diseases of the skin and subcutaneous tissue (L00-L99)",
  M: "Diseases of the musculoskeletal system and connective tissue (M00-M99)",
  N: "Diseases of the genitourinary system (N00-N99)",
  O: "Pregnancy, childbirth and the puerperium (O00-O9A)",
  P: "Certain conditions originating in the perinatal period (P00-P96)",
  Q: "Congenital malformations, deformations and chromosomal abnormalities (Q00-Q99)",
  R: "Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified (R00-R99)",
  S: "Injury, poisoning and certain other consequences of external causes (S00-T88)",
  T: "Injury, poisoning and certain other consequences of external causes (S00-T88)",
  U: "Codes for special purposes (U00-U85)",
  V: "External causes of morbidity (V00-Y99)",
  W: "External causes of morbidity (V00-Y99)",
  X: "External causes of morbidity (V00-Y99)",
  Y: "External causes of morbidity (V00-Y99)",
  Z: "Factors influencing health status and contact with health services (Z00-Z99)",
};

export function chapterTitle(letter: string): string | null {
  return CHAPTER_TITLES[letter] ?? null;
}

/** Parses icd_10_direct_mapping.csv rows (`A010,"Typhoid fever"`) into dotted code -> text. */
export function descriptionTable(records: { fields: string[] }[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const { fields } of records) {
    const [raw, text] = fields;
    if (!raw || text === undefined) continue;
    const code = raw.length > 3 ? `${raw.slice(0, 3)}.${raw.slice(3)}` : raw;
    table.set(code, text.trim());
  }
  return table;
}
