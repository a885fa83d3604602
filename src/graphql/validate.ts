// Argument checks shared by resolvers: caps from config (server.*) and well-formed values.
// Each failure is BAD_USER_INPUT naming the argument and the offending value.
import type { ServerConfig } from "../config.js";
import { normaliseIcd10Code } from "../domain/icd10.js";
import type { TrialFilter } from "../graph/trial-filter.js";
import { badInput, capError } from "./errors.js";
import { checkPhase } from "./phase.js";
import type { TrialFilterInput } from "./types/inputs.js";

const NCT_ID = /^NCT\d{8}$/i;
/** Words of a full-text filter (each one an AND'ed index clause; Lucene refuses more than 1024). */
export const MAX_TEXT_WORDS = 32;

export function checkNctId(nctId: string, argument = "nctId"): string {
  if (!NCT_ID.test(nctId))
    throw badInput("not a ClinicalTrials.gov id (NCT followed by 8 digits)", { argument, value: nctId });
  return nctId.toUpperCase();
}

export function checkPageSize(argument: string, value: number, limits: ServerConfig): number {
  if (!Number.isInteger(value) || value < 0)
    throw badInput(`${argument} must be a non-negative integer`, { argument, value });
  if (value > limits.maxPageSize) throw capError(argument, value, limits.maxPageSize);
  return value;
}

export function checkOffset(argument: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw badInput(`${argument} must be a non-negative integer`, { argument, value });
  return value;
}

export function checkNeighbours(argument: string, value: number, limits: ServerConfig): number {
  if (!Number.isInteger(value) || value < 0)
    throw badInput(`${argument} must be a non-negative integer`, { argument, value });
  if (value > limits.maxNeighbours) throw capError(argument, value, limits.maxNeighbours);
  return value;
}

export function checkText(argument: string, value: string | null | undefined, limits: ServerConfig): void {
  if (value != null && value.length > limits.maxCriteriaChars) {
    // The value itself may be huge: report its length and a prefix, not the whole text.
    throw badInput(`${argument} must be at most ${limits.maxCriteriaChars} characters`, {
      argument,
      value: `${value.slice(0, 80)}…`,
      length: value.length,
      limit: limits.maxCriteriaChars,
    });
  }
}

/**
 * Checks a trial filter and returns it as the graph takes it: the phase in its canonical spelling,
 * unset fields dropped (so equal filters hash to equal cursors), null when nothing is set.
 */
export function checkFilter(
  filter: TrialFilterInput | null | undefined,
  limits: ServerConfig,
): TrialFilter | null {
  if (!filter) return null;
  if (filter.outcome != null && filter.outcome !== 0 && filter.outcome !== 1) {
    throw badInput("outcome must be 0 or 1", { argument: "filter.outcome", value: filter.outcome });
  }
  for (const key of ["minProbability", "maxProbability"] as const) {
    const v = filter[key];
    if (v != null && !(v >= 0 && v <= 1))
      throw badInput(`${key} must be within [0, 1]`, { argument: `filter.${key}`, value: v });
  }
  if (
    filter.minProbability != null &&
    filter.maxProbability != null &&
    filter.minProbability > filter.maxProbability
  ) {
    throw badInput("minProbability is above maxProbability", {
      argument: "filter.minProbability",
      value: filter.minProbability,
    });
  }
  if (filter.icdPrefix != null && !/^[A-Za-z][0-9A-Za-z.]{0,7}$/.test(filter.icdPrefix)) {
    throw badInput("icdPrefix must look like an ICD-10 code prefix", {
      argument: "filter.icdPrefix",
      value: filter.icdPrefix,
    });
  }
  checkText("filter.text", filter.text, limits);
  const words = filter.text?.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length ?? 0;
  if (words > MAX_TEXT_WORDS) {
    throw badInput(`filter.text must have at most ${MAX_TEXT_WORDS} words`, {
      argument: "filter.text",
      value: `${filter.text!.slice(0, 80)}…`,
      words,
      limit: MAX_TEXT_WORDS,
    });
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== null) out[k] = v;
  if (filter.phase != null) out.phase = checkPhase("filter.phase", filter.phase);
  return Object.keys(out).length ? (out as TrialFilter) : null;
}

/** An ICD-10 code as the graph writes it ("c719" -> "C71.9"); BAD_USER_INPUT when not ICD-10 shaped. */
export function checkIcdCode(argument: string, value: string): string {
  const code = normaliseIcd10Code(value);
  if (code === null) {
    throw badInput(
      "not an ICD-10 code (a letter, two digits or a digit and a letter, then optionally . and 1-4 characters, e.g. C71.9)",
      {
        argument,
        value,
      },
    );
  }
  return code;
}
