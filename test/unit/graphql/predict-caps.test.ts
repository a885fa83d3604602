// predictOutcome's documented caps, each at its limit (accepted and scored) and one past it
// (BAD_USER_INPUT naming the argument, and nothing reaches the model): 50 drugs, 50 diseases, 50 ICD
// codes per disease, drug names of 1 to 500 characters, SMILES of at most 5000 characters, a phase of
// at most 40 characters, criteria of at most maxCriteriaChars.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../../../src/http/server.js";
import { fakeExecutor, fakeGraph, FakeScorer, fakeTrial, gql, testConfig } from "./fakes.js";

const QUERY = `query($input: PredictOutcomeInput!) { predictOutcome(nearest: 0, input: $input) { probability } }`;
const MAX_CRITERIA = 300;

describe("predictOutcome caps", () => {
  const scorer = new FakeScorer(32);
  let server: RunningServer;
  beforeAll(async () => {
    server = await createServer({
      config: testConfig({ maxCriteriaChars: MAX_CRITERIA }),
      executor: fakeExecutor({ up: true }),
      scorer,
      graph: fakeGraph([fakeTrial(1)]),
    });
  });
  afterAll(async () => server?.stop());

  const drug = (i: number) => ({ name: `drug ${i}`, smiles: "CCO" });
  const disease = (codes: string[] = ["C71.9"]) => ({ name: "glioma", icdCodes: codes });
  const base = { phase: "phase 2", inclusionCriteria: "adults", drugs: [drug(0)], diseases: [disease()] };

  async function predict(change: Record<string, unknown>) {
    scorer.inputs.length = 0;
    const { body } = await gql(server.graphqlUrl, QUERY, { input: { ...base, ...change } });
    return { body, scored: scorer.inputs.length };
  }

  async function expectAccepted(change: Record<string, unknown>) {
    const { body, scored } = await predict(change);
    expect(body.errors).toBeUndefined();
    expect(typeof body.data!.predictOutcome.probability).toBe("number");
    expect(scored).toBe(1);
  }

  async function expectRefused(change: Record<string, unknown>, argument: string, message: string) {
    const { body, scored } = await predict(change);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
    expect(body.errors![0]!.message).toContain(message);
    expect(body.data ?? null).toBeNull();
    expect(scored).toBe(0);
    return body.errors![0]!;
  }

  it("50 drugs are accepted, 51 refused", async () => {
    await expectAccepted({ drugs: Array.from({ length: 50 }, (_, i) => drug(i)) });
    const e = await expectRefused(
      { drugs: Array.from({ length: 51 }, (_, i) => drug(i)) },
      "input.drugs",
      "at most 50 drugs",
    );
    expect(e.extensions.value).toBe(51);
  });

  it("50 diseases are accepted, 51 refused", async () => {
    await expectAccepted({ diseases: Array.from({ length: 50 }, () => disease()) });
    const e = await expectRefused(
      { diseases: Array.from({ length: 51 }, () => disease()) },
      "input.diseases",
      "at most 50 diseases",
    );
    expect(e.extensions.value).toBe(51);
  });

  it("50 ICD codes on a disease are accepted, 51 refused (naming the disease)", async () => {
    const codes = (n: number) =>
      Array.from({ length: n }, (_, i) => `C${String(10 + (i % 80)).padStart(2, "0")}`);
    await expectAccepted({ diseases: [disease(codes(50))] });
    const e = await expectRefused(
      { diseases: [disease(), disease(codes(51))] },
      "input.diseases[1].icdCodes",
      "at most 50 ICD codes per disease",
    );
    expect(e.extensions.value).toBe(51);
  });

  it("drug names: 500 characters accepted; 501, empty and blank refused", async () => {
    await expectAccepted({ drugs: [{ name: "x".repeat(500), smiles: "CCO" }] });
    for (const name of ["x".repeat(501), "", "   "]) {
      await expectRefused(
        { drugs: [drug(0), { name, smiles: "CCO" }] },
        "input.drugs[1].name",
        "drug name must be 1 to 500 characters",
      );
    }
  });

  it("a SMILES over 5000 characters is refused before RDKit sees it; 5000 is not refused for its length", async () => {
    const e = await expectRefused(
      { drugs: [drug(0), { name: "long", smiles: "C".repeat(5001) }] },
      "input.drugs[1].smiles",
      "SMILES longer than 5000 characters",
    );
    expect(e.extensions.value).toHaveLength(80); // a prefix, not the whole input
    const { body } = await predict({ drugs: [{ name: "long", smiles: "C".repeat(5000) }] });
    // 5000 atoms pass the length cap and meet the molecule bounds instead (at most 800 atoms)
    expect(body.errors?.[0]?.message ?? "").not.toContain("longer than 5000");
  });

  it("a phase of 40 characters is checked as a phase; 41 is refused for its length", async () => {
    const e = await expectRefused(
      { phase: "p".repeat(41) },
      "input.phase",
      "phase must be at most 40 characters",
    );
    expect(e.extensions.value).toBe("p".repeat(41));
    const { body } = await predict({ phase: "p".repeat(40) });
    expect(body.errors![0]!.message).not.toContain("at most 40 characters");
    expect(body.errors![0]!.extensions.argument).toBe("input.phase");
    await expectAccepted({ phase: `phase 2${" ".repeat(33)}` }); // 40 characters, a known phase
  });

  it("criteria: maxCriteriaChars accepted, one more refused with the length and limit", async () => {
    await expectAccepted({
      inclusionCriteria: "a".repeat(MAX_CRITERIA),
      exclusionCriteria: "b".repeat(MAX_CRITERIA),
    });
    const e = await expectRefused(
      { exclusionCriteria: "b".repeat(MAX_CRITERIA + 1) },
      "input.exclusionCriteria",
      `input.exclusionCriteria must be at most ${MAX_CRITERIA} characters`,
    );
    expect(e.extensions).toMatchObject({ length: MAX_CRITERIA + 1, limit: MAX_CRITERIA });
    await expectRefused(
      { inclusionCriteria: "a".repeat(MAX_CRITERIA + 1) },
      "input.inclusionCriteria",
      "must be at most",
    );
  });

  it("passes the checked input to the model: canonical phase, every drug and code in order", async () => {
    const { body } = await predict({
      phase: "Phase II",
      drugs: [drug(1), drug(2)],
      diseases: [disease(["C71.9", "c34.1"]), disease(["E11"])],
    });
    expect(body.errors).toBeUndefined();
    expect(scorer.inputs[0]).toMatchObject({
      phase: "phase 2",
      inclusionCriteria: "adults",
      exclusionCriteria: "",
      drugs: [
        { name: "drug 1", smiles: "CCO" },
        { name: "drug 2", smiles: "CCO" },
      ],
      icdCodes: ["C71.9", "C34.1", "E11"],
    });
    expect(scorer.inputs[0]!.nctId).toBeUndefined();
  });
});
