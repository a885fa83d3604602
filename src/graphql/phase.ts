// Trial phases as the API accepts them. The phases are a closed set (the TOP benchmark's phase
// column, lower-case, as the seed stores them); people write them many ways, so input is
// normalised first: "Phase II", "PHASE2", "phase-2", "II", "2" -> "phase 2"; "Phase I/II",
// "phase 1/phase 2", "1/2" -> "phase 1/phase 2"; "early phase I", "phase 0" -> "early phase 1".
// Anything else is BAD_USER_INPUT naming the accepted values, never a silent model choice.
import "reflect-metadata";
import { registerEnumType } from "type-graphql";
import { badInput } from "./errors.js";
import { TRIAL_PHASES, type TrialPhase } from "../domain/trial-phases.js";

export { TRIAL_PHASES, type TrialPhase };

/** The per-phase models of CLaDMoP, by the name the scorer takes as a trial's phase. */
export enum PhaseModel {
  PHASE_1 = "phase 1",
  PHASE_2 = "phase 2",
  PHASE_3 = "phase 3",
}
registerEnumType(PhaseModel, {
  name: "PhaseModel",
  description: "One of CLaDMoP's per-phase models (fine-tuned on phase I, II or III trials).",
});

const ROMAN: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4" };

/** "II" -> "2", "2" -> "2", "0" -> "0"; null for anything else. */
function phaseNumber(token: string): string | null {
  if (/^[0-4]$/.test(token)) return token;
  return ROMAN[token] ?? null;
}

/** The canonical phase for a spelling, or null when it is not a phase. */
export function normalisePhase(text: string): TrialPhase | null {
  let t = text.trim().toLowerCase().replace(/\s+/g, " ");
  const early = /^early\b/.test(t);
  t = t.replace(/^early\s*/, "");
  // "phase 1/phase 2", "phase i/ii", "phase1-2", "1/2", "ph 2"
  const parts = t
    .replace(/\bph(ase)?\s*-?\s*/g, "")
    .split(/\s*(?:\/|-|\+|&|and|to)\s*/)
    .filter(Boolean);
  const numbers = parts.map(phaseNumber);
  if (numbers.length === 0 || numbers.some((n) => n === null)) return null;
  let candidate: string;
  if (numbers.length === 1) {
    const n = numbers[0]!;
    candidate = early || n === "0" ? (n === "1" || n === "0" ? "early phase 1" : "") : `phase ${n}`;
  } else if (numbers.length === 2 && !early) {
    candidate = `phase ${numbers[0]}/phase ${numbers[1]}`;
  } else {
    return null;
  }
  return (TRIAL_PHASES as readonly string[]).includes(candidate) ? (candidate as TrialPhase) : null;
}

/** normalisePhase, or BAD_USER_INPUT naming the argument and the accepted values. */
export function checkPhase(argument: string, value: string): TrialPhase {
  const phase = normalisePhase(value);
  if (phase === null) {
    throw badInput(
      `unknown phase ${JSON.stringify(value)}; accepted: ${TRIAL_PHASES.join(", ")} (also written e.g. "Phase II", "PHASE2", "Phase I/II")`,
      {
        argument,
        value,
        accepted: [...TRIAL_PHASES],
      },
    );
  }
  return phase;
}
