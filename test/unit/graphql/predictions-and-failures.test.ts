// Which stored scores are served (only the loaded model version's, for the phase model they were
// made with), what is computed instead, and what a request gets when Neo4j fails in the middle of
// it (one loader fails), or the vector index is missing.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphUnavailableError, VectorIndexMissingError } from "../../../src/graph/graph-errors.js";
import { createLoaders } from "../../../src/graphql/loaders.js";
import { PhaseModel } from "../../../src/graphql/phase.js";
import { createServer, type RunningServer } from "../../../src/http/server.js";
import { fakeExecutor, fakeGraph, FakeScorer, fakeTrial, gql, testConfig } from "./fakes.js";

/** FakeScorer's probability for fakeTrial(i) (criteria of i characters). */
const computed = (i: number) => ((i % 100) + 0.5) / 101;

const trials = [
  fakeTrial(1, { phase: "phase 2", successProbability: 0.25, modelVersion: "fake-1", phaseModel: "phase 2" }),
  // an older model version's score: never served as the loaded model's
  fakeTrial(2, { phase: "phase 2", successProbability: 0.9, modelVersion: "fake-0", phaseModel: "phase 2" }),
  fakeTrial(3, { phase: "phase 2" }), // never scored
  // the current version, but no probability stored
  fakeTrial(4, { phase: "phase 2", successProbability: null, modelVersion: "fake-1", phaseModel: null }),
];

describe("prediction loader", () => {
  it("serves the loaded version's stored score; computes an older version's, a missing one, in one scorer call", async () => {
    const scorer = new FakeScorer();
    const loaders = createLoaders(fakeGraph(trials), scorer);
    const got = await Promise.all(
      [1, 2, 3, 4].map((i) => loaders.prediction.load({ nctId: trials[i - 1]!.nctId, phaseModel: null })),
    );
    expect(got.map((p) => [p.source, p.probability, p.modelVersion])).toEqual([
      ["STORED", 0.25, "fake-1"],
      ["COMPUTED", computed(2), "fake-1"],
      ["COMPUTED", computed(3), "fake-1"],
      ["COMPUTED", computed(4), "fake-1"],
    ]);
    expect(scorer.scoreManyCalls).toEqual([3]);
    expect(got[0]!.executionProvider).toBeNull();
    expect(got[1]!.executionProvider).toBe("cpu");
  });

  it("another phase model than the stored one's is computed with that model's name as the phase", async () => {
    const scorer = new FakeScorer();
    const loaders = createLoaders(fakeGraph(trials), scorer);
    const own = await loaders.prediction.load({ nctId: trials[0]!.nctId, phaseModel: PhaseModel.PHASE_2 });
    expect(own.source).toBe("STORED");
    const other = await loaders.prediction.load({ nctId: trials[0]!.nctId, phaseModel: PhaseModel.PHASE_3 });
    expect(other).toMatchObject({ source: "COMPUTED", phaseModel: "phase 3" });
    expect(scorer.inputs.map((i) => i.phase)).toEqual(["phase 3"]);
  });

  it("an unknown trial is an error of its own key only", async () => {
    const loaders = createLoaders(fakeGraph(trials), new FakeScorer());
    const [known, unknown] = await Promise.allSettled([
      loaders.prediction.load({ nctId: trials[0]!.nctId, phaseModel: null }),
      loaders.prediction.load({ nctId: "NCT99999999", phaseModel: null }),
    ]);
    expect(known.status).toBe("fulfilled");
    expect(unknown).toMatchObject({ status: "rejected", reason: { message: "trial NCT99999999 not found" } });
  });

  it("embeddings: the stored one of the loaded version, else computed; none for an unknown trial", async () => {
    const graph = fakeGraph(trials);
    graph.trials.storedEmbeddings = async () =>
      new Map([
        [trials[0]!.nctId, { embedding: [0, 1, 0, 0], modelVersion: "fake-1" }],
        [trials[1]!.nctId, { embedding: [0, 0, 1, 0], modelVersion: "fake-0" }],
      ]);
    const loaders = createLoaders(graph, new FakeScorer());
    expect(await loaders.embedding.load(trials[0]!.nctId)).toEqual([0, 1, 0, 0]);
    expect(await loaders.embedding.load(trials[1]!.nctId)).toEqual([1, 0, 0, 0]); // the fake's, not fake-0's
    expect(await loaders.embedding.load("NCT99999999")).toBeNull();
  });

  it("Neo4j failing while drugs are loaded: stored scores are still served, the computed ones fail with it", async () => {
    const graph = fakeGraph(trials);
    graph.trials.drugsOf = async () => {
      throw new GraphUnavailableError("Neo4j is unavailable: connection reset");
    };
    const scorer = new FakeScorer();
    const loaders = createLoaders(graph, scorer);
    const [stored, failed] = await Promise.allSettled([
      loaders.prediction.load({ nctId: trials[0]!.nctId, phaseModel: null }),
      loaders.prediction.load({ nctId: trials[2]!.nctId, phaseModel: null }),
    ]);
    expect(stored).toMatchObject({ status: "fulfilled", value: { source: "STORED" } });
    expect(failed.status).toBe("rejected");
    expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(GraphUnavailableError);
    expect(scorer.inputs).toEqual([]); // nothing half-loaded reaches the model
  });
});

describe("a request when Neo4j fails half-way or the vector index is missing", () => {
  let server: RunningServer;
  const graph = fakeGraph(trials);
  const scorer = new FakeScorer();
  beforeAll(async () => {
    // the connection drops while trial 3's diseases are read; other reads answer
    const diseasesOf = graph.trials.diseasesOf.bind(graph.trials);
    graph.trials.diseasesOf = async (ids) => {
      if (ids.includes("NCT00000003"))
        throw new GraphUnavailableError("Neo4j is unavailable: connection reset");
      return diseasesOf(ids);
    };
    graph.trials.storedEmbeddings = async () =>
      new Map([["NCT00000001", { embedding: [1, 0, 0, 0], modelVersion: "fake-1" }]]);
    graph.similar.nearest = async () => {
      throw new VectorIndexMissingError();
    };
    server = await createServer({
      config: testConfig(),
      executor: fakeExecutor({ up: true }),
      scorer,
      graph,
    });
  });
  afterAll(async () => server?.stop());

  it("keeps the fields that loaded and reports SERVICE_UNAVAILABLE on the one that did not", async () => {
    const { status, body } = await gql(
      server.graphqlUrl,
      `{ a: trial(nctId: "NCT00000001") { nctId outcomePrediction { probability source } }
         b: trial(nctId: "NCT00000003") { nctId diseases { name } } }`,
    );
    expect(status).toBe(200);
    expect(body.data!.a).toEqual({
      nctId: "NCT00000001",
      outcomePrediction: { probability: 0.25, source: "STORED" },
    });
    expect(body.data!.b).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      path: ["b", "diseases"],
      extensions: { code: "SERVICE_UNAVAILABLE", service: "neo4j" },
    });
    expect(body.errors![0]!.message).not.toContain("connection reset"); // no driver internals
  });

  it("predictOutcome without a vector index still predicts and lists NO_VECTOR_INDEX as a fallback", async () => {
    const { body } = await gql(
      server.graphqlUrl,
      `{ predictOutcome(nearest: 3, input: { phase: "phase 2", inclusionCriteria: "adults" }) {
           probability nearestTrials { trial { nctId } } fallbacks { kind value } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.predictOutcome.probability).toBe(computed(6));
    expect(body.data!.predictOutcome.nearestTrials).toEqual([]);
    expect(body.data!.predictOutcome.fallbacks).toContainEqual({
      kind: "NO_VECTOR_INDEX",
      value: "Trial.embedding",
    });
  });

  it("similarTrials without a vector index is SERVICE_UNAVAILABLE naming the vector index", async () => {
    const { body } = await gql(
      server.graphqlUrl,
      `{ trial(nctId: "NCT00000001") { similarTrials(k: 3) { trial { nctId } } } }`,
    );
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      service: "vector-index",
    });
    expect(body.errors![0]!.message).toBe("no vector index over Trial.embedding yet: score the trials first");
  });
});
