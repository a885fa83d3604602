// The shape of an ICD-10(-CM) code, as the TOP files write them and as the API accepts them:
// a letter, a digit, a digit or letter (the 3-character category, e.g. "C71", "C4A"), then
// optionally a dot and 1-4 characters of subdivision ("C71.9", "O88.211"). The seeder and the
// API use this one definition.
const ICD10_CODE = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

export function isIcd10Code(code: string): boolean {
  return ICD10_CODE.test(code);
}

/**
 * A code as a person may type it, upper-cased and with the dot the graph uses ("c719" -> "C71.9"),
 * or null when it is not ICD-10 shaped.
 */
export function normaliseIcd10Code(text: string): string | null {
  let code = text.trim().toUpperCase();
  if (/^[A-Z][0-9][0-9A-Z][0-9A-Z]{1,4}$/.test(code)) code = `${code.slice(0, 3)}.${code.slice(3)}`;
  return isIcd10Code(code) ? code : null;
}
