// Deterministic synthetic trials derived from the bundled real ones, for the scale benchmark.
// Trial i (any chunking gives the same trial) copies a random real trial's phase, status, outcome,
// drugs, diseases (so the drug, disease and ICD distributions follow the real data), swaps one drug
// for another real trial's now and then, and recombines its criteria from real lines of trials of
// the same phase. Scores are never computed here (the model serves ~3-10 trials/s on this CPU): each
// trial carries the stored probability and embedding of a real trial the model scored (an
// "anchor", chosen by shared disease, else phase) plus seeded noise, so neighbour structure is
// realistic. Ids are NCT9xxxxxxx, which no registry trial has; the rows go through the normal
// seeder (writeSteps / writeGraph) into a benchmark store, never into graph-seed/data.
import type { GraphRows, TrialProps } from "../../src/seed/build-graph.js";
import type { TrialScoreRow } from "../../src/graph/score-repository.js";

/** Small fast seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for item `i` of stream `stream` under the run's seed (independent of chunking). */
function itemSeed(seed: number, stream: number, i: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ i, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function gauss(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export const syntheticId = (i: number): string => `NCT9${String(i).padStart(7, "0")}`;

export interface AnchorScore {
  nctId: string;
  probability: number;
  embedding: number[];
  modelVersion: string;
  phaseModel: string | null;
}

/** Noise around an anchor: per-component sd of the embedding, and sd of the probability. */
export const EMBEDDING_NOISE = 0.02;
export const PROBABILITY_NOISE = 0.03;

/** The real graph the generator draws from, indexed once. */
export class RealPool {
  readonly trials: TrialProps[];
  private readonly testsOf = new Map<string, GraphRows["tests"]>();
  private readonly studiesOf = new Map<string, GraphRows["studies"]>();
  private readonly byPhase = new Map<string, number[]>();
  private readonly anchorsByDisease = new Map<string, AnchorScore[]>();
  private readonly anchorsByPhase = new Map<string, AnchorScore[]>();
  private readonly anchorById = new Map<string, AnchorScore>();
  private readonly drugRows: GraphRows["tests"];

  constructor(
    real: GraphRows,
    readonly anchors: AnchorScore[],
  ) {
    if (anchors.length === 0) throw new Error("the synthetic graph needs at least one scored real trial");
    this.trials = [...real.trials].sort((a, b) => a.nctId.localeCompare(b.nctId));
    for (const r of real.tests) this.push(this.testsOf, r.nctId, r);
    for (const r of real.studies) this.push(this.studiesOf, r.nctId, r);
    this.drugRows = real.tests;
    this.trials.forEach((t, i) => this.push(this.byPhase, t.phase, i));
    const phaseOf = new Map(this.trials.map((t) => [t.nctId, t.phase]));
    for (const a of anchors) {
      this.anchorById.set(a.nctId, a);
      this.push(this.anchorsByPhase, phaseOf.get(a.nctId) ?? "", a);
      const disease = this.studiesOf.get(a.nctId)?.[0]?.name;
      if (disease) this.push(this.anchorsByDisease, disease, a);
    }
  }

  private push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }

  /** The anchor a (real) trial's derived score starts from: itself if scored, else by disease, phase, any. */
  anchorFor(nctId: string, phase: string, rng: () => number): AnchorScore {
    const own = this.anchorById.get(nctId);
    if (own) return own;
    const disease = this.studiesOf.get(nctId)?.[0]?.name;
    const pool =
      (disease && this.anchorsByDisease.get(disease)) || this.anchorsByPhase.get(phase) || this.anchors;
    return pool[Math.floor(rng() * pool.length)]!;
  }

  /** A score near the anchor's: normalised embedding plus noise, probability plus noise. */
  derivedScore(nctId: string, anchor: AnchorScore, rng: () => number): TrialScoreRow {
    if (anchor.nctId === nctId) return { ...anchor };
    const v = anchor.embedding.map((x) => x + EMBEDDING_NOISE * gauss(rng));
    const norm = Math.hypot(...v) || 1;
    const p = anchor.probability + PROBABILITY_NOISE * gauss(rng);
    return {
      nctId,
      probability: Math.min(1, Math.max(0, p)),
      embedding: v.map((x) => x / norm),
      modelVersion: anchor.modelVersion,
      phaseModel: anchor.phaseModel,
    };
  }

  /** Derived scores for the real trials the model did not score (stream 1 of the seed). */
  realScores(seed: number): TrialScoreRow[] {
    return this.trials.map((t, i) => {
      const rng = mulberry32(itemSeed(seed, 1, i));
      return this.derivedScore(t.nctId, this.anchorFor(t.nctId, t.phase, rng), rng);
    });
  }

  /** Synthetic trials [from, to): graph rows for the normal seeder and their stored scores. */
  chunk(seed: number, from: number, to: number): { rows: GraphRows; scores: TrialScoreRow[] } {
    const rows: GraphRows = {
      phases: [],
      icdCodes: [],
      drugs: [],
      diseases: [],
      trials: [],
      tests: [],
      studies: [],
      codedAs: [],
      isA: [],
      inPhase: [],
    };
    const scores: TrialScoreRow[] = [];
    for (let i = from; i < to; i++) {
      const rng = mulberry32(itemSeed(seed, 2, i));
      const base = this.trials[Math.floor(rng() * this.trials.length)]!;
      const nctId = syntheticId(i);
      const samePhase = this.byPhase.get(base.phase)!;
      const donor = this.trials[samePhase[Math.floor(rng() * samePhase.length)]!]!;
      rows.trials.push({
        ...base,
        nctId,
        source: ["synthetic"],
        inclusionCriteria: recombine(base.inclusionCriteria, donor.inclusionCriteria, rng),
        exclusionCriteria: recombine(base.exclusionCriteria, donor.exclusionCriteria, rng),
      });
      rows.inPhase.push({ nctId, phase: base.phase });
      const drugs = (this.testsOf.get(base.nctId) ?? []).map((d) => ({ ...d, nctId }));
      if (drugs.length > 0 && rng() < 0.2) {
        // Another real trial's drug (drawn by occurrence, so the drug distribution holds).
        const other = this.drugRows[Math.floor(rng() * this.drugRows.length)]!;
        const at = Math.floor(rng() * drugs.length);
        if (!drugs.some((d) => d.name === other.name)) drugs[at] = { ...drugs[at]!, name: other.name };
      }
      rows.tests.push(...drugs);
      rows.studies.push(...(this.studiesOf.get(base.nctId) ?? []).map((s) => ({ ...s, nctId })));
      scores.push(this.derivedScore(nctId, this.anchorFor(base.nctId, base.phase, rng), rng));
    }
    return { rows, scores };
  }
}

/** Criteria text: the base trial's lines, each replaced by a random line of the donor with p = 0.3. */
export function recombine(base: string, donor: string, rng: () => number): string {
  if (!base) return base;
  const donorLines = donor ? donor.split("\n").filter((l) => l.trim()) : [];
  return base
    .split("\n")
    .map((line) =>
      line.trim() && donorLines.length > 0 && rng() < 0.3
        ? donorLines[Math.floor(rng() * donorLines.length)]!
        : line,
    )
    .join("\n");
}
