/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON responses and errors are checked field by field */
// What the resolvers hand the scorer: a checked phase, ICD codes and (possibly empty) criteria for
// predictOutcome, and a trial's phase or the requested phase model for Trial.outcomePrediction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../../src/http/server.js";
import { fakeExecutor, fakeGraph, FakeScorer, fakeTrial, gql, testConfig } from "./fakes.js";

const trials = [
  // A stored score of the loaded model version, made with the trial's own (default) phase model.
  fakeTrial(1, {
    phase: "phase 1/phase 2",
    successProbability: 0.25,
    modelVersion: "fake-1",
    phaseModel: "phase 1",
  }),
  fakeTrial(2, { phase: "phase 2/phase 3" }),
];

describe("prediction inputs", () => {
  const scorer = new FakeScorer(32);
  let server: RunningServer;
  beforeAll(async () => {
    server = await createServer({
      config: testConfig(),
      executor: fakeExecutor({ up: true }),
      scorer,
      graph: fakeGraph(trials),
    });
  });
  afterAll(async () => server?.stop());

  const predict = (input: string) =>
    gql(server.graphqlUrl, `{ predictOutcome(nearest: 0, input: { ${input} }) { probability phaseModel } }`);

  it("predictOutcome accepts the spellings people write and scores the canonical phase", async () => {
    for (const [spelling, phase] of [
      ["Phase II", "phase 2"],
      ["PHASE2", "phase 2"],
      ["phase 1/phase 2", "phase 1/phase 2"],
      ["Phase I/II", "phase 1/phase 2"],
    ]) {
      scorer.inputs.length = 0;
      const { body } = await predict(`phase: "${spelling}", inclusionCriteria: "adults"`);
      expect(body.errors, spelling).toBeUndefined();
      expect(scorer.inputs.at(-1)?.phase, spelling).toBe(phase);
    }
  });

  it("an unknown phase is BAD_USER_INPUT naming the accepted values, and nothing is scored", async () => {
    scorer.inputs.length = 0;
    const { body } = await predict(`phase: "phase 5"`);
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "input.phase",
      value: "phase 5",
    });
    expect(body.errors![0]!.extensions.accepted).toContain("phase 2/phase 3");
    expect(body.errors![0]!.message).toContain("phase 1/phase 2");
    expect(scorer.inputs).toEqual([]);
  });

  it("a trial filter's phase takes the same spellings and refuses others", async () => {
    const ok = await gql(server.graphqlUrl, `{ trialList(filter: { phase: "Phase I/II" }) { nctId } }`);
    expect(ok.body.data!.trialList).toEqual([{ nctId: "NCT00000001" }]);
    const bad = await gql(server.graphqlUrl, `{ trialList(filter: { phase: "phase two" }) { nctId } }`);
    expect(bad.body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "filter.phase",
    });
  });

  it("an ICD-10 code that is not ICD-10 shaped is BAD_USER_INPUT; a well-formed one is normalised", async () => {
    const bad = await predict(`phase: "phase 2", diseases: [{ name: "x", icdCodes: ["C71.9", "ZZZ.99"] }]`);
    expect(bad.body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "input.diseases[0].icdCodes[1]",
      value: "ZZZ.99",
    });
    scorer.inputs.length = 0;
    const ok = await predict(`phase: "phase 2", diseases: [{ name: "x", icdCodes: ["c719", " Z99.9 "] }]`);
    expect(ok.body.errors).toBeUndefined();
    expect(scorer.inputs.at(-1)?.icdCodes).toEqual(["C71.9", "Z99.9"]);
  });

  it("a planned trial without criteria is valid: empty, omitted or null criteria reach the scorer as an empty string", async () => {
    for (const criteria of [`inclusionCriteria: "", exclusionCriteria: ""`, ``, `inclusionCriteria: null`]) {
      scorer.inputs.length = 0;
      const { body } = await predict(`phase: "phase 3" ${criteria ? `, ${criteria}` : ""}`);
      expect(body.errors, criteria).toBeUndefined();
      expect(scorer.inputs.at(-1), criteria).toMatchObject({ inclusionCriteria: "", exclusionCriteria: "" });
    }
  });

  it("outcomePrediction: default is the stored score; another phase model is computed with that model's name as phase", async () => {
    scorer.inputs.length = 0;
    scorer.scoreManyCalls.length = 0;
    const { body } = await gql(
      server.graphqlUrl,
      `{ trialList(limit: 2) { nctId
          own: outcomePrediction { phaseModel source }
          p1: outcomePrediction(phaseModel: PHASE_1) { phaseModel source }
          p3: outcomePrediction(phaseModel: PHASE_3) { phaseModel source } } }`,
    );
    expect(body.errors).toBeUndefined();
    const [t1, t2] = body.data!.trialList as any[];
    // Trial 1's stored score was made by the phase 1 model: it answers the default and PHASE_1.
    expect(t1.own).toEqual({ phaseModel: "phase 1", source: "STORED" });
    expect(t1.p1).toEqual({ phaseModel: "phase 1", source: "STORED" });
    expect(t1.p3).toEqual({ phaseModel: "phase 3", source: "COMPUTED" });
    // Trial 2 has no stored score: its own phase goes to the scorer as it is, PHASE_1 as "phase 1".
    expect(t2.own).toEqual({ phaseModel: "phase 2/phase 3", source: "COMPUTED" });
    expect(t2.p1).toEqual({ phaseModel: "phase 1", source: "COMPUTED" });
    expect(scorer.inputs.map((i) => `${i.nctId} ${i.phase}`).sort()).toEqual([
      "NCT00000001 phase 3",
      "NCT00000002 phase 1",
      "NCT00000002 phase 2/phase 3",
      "NCT00000002 phase 3",
    ]);
    // All of them in one batch.
    expect(scorer.scoreManyCalls).toEqual([4]);
  });
});
