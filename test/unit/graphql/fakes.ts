/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON responses and errors are checked field by field */
// In-memory stand-ins for the graph repositories and the scorer, so resolver behaviour (limits, error
// codes, batching, paging) is tested without Neo4j or ONNX.
import { loadConfig, type Config } from "../../../src/config.js";
import type { Scorer, ScorerStats, TrialModelInput, TrialScore } from "../../../src/model/types.js";
import type { Executor } from "../../../src/graph/executor.js";
import { GraphUnavailableError } from "../../../src/graph/graph-errors.js";
import type { Repositories } from "../../../src/graph/repositories.js";
import type { TrialRow } from "../../../src/graph/trial-row.js";
import { trialOrderBy } from "../../../src/graph/trial-filter.js";

export const BAD_SMILES = "C1CC(";

/** Deterministic scorer: probability from the criteria length; counts batches like the real one. */
export class FakeScorer implements Scorer {
  readonly modelVersion = "fake-1";
  readonly executionProvider = "cpu";
  readonly embeddingDim = 4;
  scoreManyCalls: number[] = [];
  /** Every input scored, in order (what the resolvers handed the model). */
  inputs: TrialModelInput[] = [];
  private runs = 0;
  private scored = 0;
  constructor(private readonly maxBatch = 32) {}

  async score(input: TrialModelInput): Promise<TrialScore> {
    return (await this.scoreMany([input]))[0]!;
  }

  async scoreMany(inputs: TrialModelInput[]): Promise<TrialScore[]> {
    this.scoreManyCalls.push(inputs.length);
    this.inputs.push(...inputs);
    this.runs += Math.ceil(inputs.length / this.maxBatch);
    this.scored += inputs.length;
    return inputs.map((input) => ({
      probability: ((input.inclusionCriteria.length % 100) + 0.5) / 101,
      embedding: [1, 0, 0, 0],
      modelVersion: this.modelVersion,
      phaseModel: input.phase,
      executionProvider: this.executionProvider,
      fallbacks: input.drugs
        .filter((d) => d.smiles === BAD_SMILES)
        .map((d) => ({
          kind: "UNPARSABLE_SMILES" as const,
          value: d.smiles!,
          message: "RDKit cannot parse it",
        })),
    }));
  }

  stats(): ScorerStats {
    return { onnxRuns: this.runs, trialsScored: this.scored, cacheHits: 0 };
  }

  async close(): Promise<void> {}
}

export function fakeTrial(i: number, extra: Partial<TrialRow> = {}): TrialRow {
  return {
    nctId: `NCT${String(i).padStart(8, "0")}`,
    phase: i % 2 ? "phase 1" : "phase 2",
    status: "completed",
    whyStop: null,
    outcome: i % 3 === 0 ? 1 : 0,
    split: "test",
    inclusionCriteria: "x".repeat(i),
    exclusionCriteria: "",
    source: ["phase_I_test.csv"],
    hintPrediction: null,
    successProbability: null,
    modelVersion: null,
    phaseModel: null,
    drugSmiles: ["CCO"],
    icdCodes: ["C71.9"],
    scorable: true,
    notScorableReason: null,
    registryLastUpdate: null,
    ...extra,
  };
}

/** A graph of `n` trials; `calls` records which repository methods ran with what. */
export function fakeGraph(trials: TrialRow[], fail?: () => Error): Repositories & { calls: string[] } {
  const byId = new Map(trials.map((t) => [t.nctId, t]));
  const calls: string[] = [];
  const guard = (name: string) => {
    calls.push(name);
    if (fail) throw fail();
  };
  const notUsed = async (): Promise<never> => {
    throw new Error("not used in unit tests");
  };
  return {
    calls,
    trials: {
      async byIds(ids) {
        guard("trialsByIds");
        return new Map(ids.filter((id) => byId.has(id)).map((id) => [id, byId.get(id)!]));
      },
      async list(filter, order, offset, limit) {
        guard(`listTrials:${offset}:${limit}`);
        let rows = trials.filter((t) => !filter?.phase || t.phase === filter.phase);
        if (trialOrderBy(order).includes("DESC")) rows = [...rows].reverse();
        return rows.slice(offset, offset + limit);
      },
      async page(filter, order, after, limit) {
        guard(`pageTrials:${after?.nctId ?? ""}:${limit}`);
        const desc = trialOrderBy(order).includes("DESC");
        let rows = trials.filter((t) => !filter?.phase || t.phase === filter.phase);
        rows = [...rows].sort((a, b) =>
          desc ? b.nctId.localeCompare(a.nctId) : a.nctId.localeCompare(b.nctId),
        );
        if (after) rows = rows.filter((t) => (desc ? t.nctId < after.nctId : t.nctId > after.nctId));
        return rows.slice(0, limit).map((row) => ({ row, key: { nctId: row.nctId, value: null } }));
      },
      async count(filter) {
        guard("countTrials");
        return trials.filter((t) => !filter?.phase || t.phase === filter.phase).length;
      },
      async drugsOf(ids) {
        guard("drugsByTrialIds");
        return new Map(ids.map((id) => [id, [{ name: "ethanol", smiles: "CCO", canonicalSmiles: "CCO" }]]));
      },
      async diseasesOf(ids) {
        guard("diseasesByTrialIds");
        return new Map(
          ids.map((id) => [id, [{ name: "glioma", icdCodes: [{ code: "C71.9", description: null }] }]]),
        );
      },
      async storedEmbeddings() {
        guard("storedEmbeddings");
        return new Map();
      },
      async drugSmilesByNames(names) {
        guard("drugSmilesByNames");
        return new Map(
          names.filter((n) => n.toLowerCase() === "ethanol").map((n) => [n.toLowerCase(), "CCO"]),
        );
      },
    },
    catalog: {
      findDrug: notUsed,
      listDrugs: notUsed,
      findDisease: notUsed,
      listDiseases: notUsed,
      findIcdCode: notUsed,
      icdNeighbours: notUsed,
      icdCodesByDiseaseNames: notUsed,
      trialsOf: notUsed,
      statsByKeys: notUsed,
    },
    analytics: { byPhase: notUsed, byIcdChapter: notUsed, byDrug: notUsed, refresh: notUsed },
    calibration: { bins: notUsed },
    similar: {
      async nearest(q) {
        guard("similarTrials");
        return trials
          .filter((t) => t.nctId !== q.excludeNctId)
          .slice(0, q.k)
          .map((trial, i) => ({ trial, score: 1 - i / 100, sharedDrugs: [], sharedDiseases: [] }));
      },
    },
    scores: {
      modelInputs: notUsed,
      allTrialIds: notUsed,
      unscoredTrialIds: notUsed,
      writeScores: notUsed,
      clearScores: notUsed,
    },
  };
}

/** An executor for the health probes that answers, or fails like an unreachable Neo4j. */
export function fakeExecutor(state: { up: boolean }): Executor {
  return {
    timeoutMs: 5_000,
    read: async () => {
      if (!state.up) throw new GraphUnavailableError("Neo4j is unavailable: connect ECONNREFUSED");
      return [];
    },
  } as unknown as Executor;
}

export function testConfig(overrides: Partial<Config["server"]> = {}): Config {
  const config = loadConfig({});
  config.server = { ...config.server, host: "127.0.0.1", port: 0, ...overrides };
  return config;
}

export async function gql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{
  status: number;
  body: {
    data?: Record<string, any> | null;
    errors?: { message: string; extensions: Record<string, any> }[];
  };
}> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as any };
}
