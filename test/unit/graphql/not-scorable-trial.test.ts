/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON responses are checked field by field */
// An imported ClinicalTrials.gov trial the model cannot score: the API says so and why, and never
// sends it to the scorer under a phase the model does not have.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../../src/http/server.js";
import { fakeExecutor, fakeGraph, FakeScorer, fakeTrial, gql, testConfig } from "./fakes.js";

const observational = fakeTrial(7, {
  phase: "n/a",
  status: "recruiting",
  outcome: null,
  split: null,
  source: ["clinicaltrials.gov"],
  scorable: false,
  notScorableReason: "observational study: the model scores interventional trials",
  registryLastUpdate: "2023-02-03",
});

describe("a trial the model cannot score", () => {
  const scorer = new FakeScorer(32);
  let server: RunningServer;
  beforeAll(async () => {
    server = await createServer({
      config: testConfig(),
      executor: fakeExecutor({ up: true }),
      scorer,
      graph: fakeGraph([observational]),
    });
  });
  afterAll(async () => server?.stop());

  it("shows scorable, the reason and the registry version", async () => {
    const { body } = await gql(
      server.graphqlUrl,
      `{ trial(nctId: "${observational.nctId}") { scorable notScorableReason registryLastUpdate } }`,
    );
    expect(body.errors).toBeUndefined();
    expect((body.data as any).trial).toEqual({
      scorable: false,
      notScorableReason: "observational study: the model scores interventional trials",
      registryLastUpdate: "2023-02-03",
    });
  });

  it("answers outcomePrediction with BAD_USER_INPUT naming the reason, without calling the scorer", async () => {
    scorer.inputs.length = 0;
    const { body } = await gql(
      server.graphqlUrl,
      `{ trial(nctId: "${observational.nctId}") { outcomePrediction { probability } } }`,
    );
    const error = (body.errors as any[])[0];
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
    expect(error.message).toMatch(/^not scorable: observational study/);
    expect(scorer.inputs).toEqual([]);
  });
});
