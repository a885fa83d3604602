// The trial phases the platform knows: the TOP benchmark's phase column, lower-case, as the seed
// stores them. One owner for the API's phase input and the registry importer's "scorable" rule.
export const TRIAL_PHASES = [
  "early phase 1",
  "phase 1",
  "phase 1/phase 2",
  "phase 2",
  "phase 2/phase 3",
  "phase 3",
] as const;

export type TrialPhase = (typeof TRIAL_PHASES)[number];
