/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL JSON responses and errors are checked field by field */
// schema/schema.graphql is generated from the code and committed; this fails when they differ.
// Fix: `npm run schema:print` (tsx src/cli.ts print-schema) and commit the file.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildSchema, printSchemaSDL } from "../../../src/graphql/schema.js";
import { SCHEMA_FILE } from "../../../src/commands/print-schema-command.js";

describe("schema/schema.graphql", () => {
  it("matches the schema generated from the code", async () => {
    const committed = await readFile(SCHEMA_FILE, "utf8");
    expect(committed).toBe(await printSchemaSDL());
  });

  it("has the entry points the API promises", async () => {
    const schema = await buildSchema();
    const query = schema.getQueryType()!.getFields();
    const args = (field: { args: readonly { name: string }[] }) => field.args.map((a) => a.name).sort();
    expect(args(query.trial!)).toEqual(["nctId"]);
    expect(args(query.trials!)).toEqual(["after", "filter", "first", "orderBy"]);
    expect(args(query.trialList!)).toEqual(["filter", "limit", "offset", "orderBy"]);
    expect(args(query.predictOutcome!)).toEqual(["input", "nearest"]);
    for (const name of ["drug", "drugs", "disease", "diseases", "icdCode", "analytics"])
      expect(query[name], name).toBeDefined();
    const trial = (schema.getType("Trial") as any).getFields();
    expect(args(trial.similarTrials)).toEqual(["k", "samePhase", "successfulOnly"]);
    expect(args(trial.outcomePrediction)).toEqual(["phaseModel"]);
    expect((schema.getType("PhaseModel") as any).getValues().map((v: any) => v.value)).toEqual([
      "phase 1",
      "phase 2",
      "phase 3",
    ]);
    expect(Object.keys((schema.getType("OutcomePrediction") as any).getFields())).toEqual(
      expect.arrayContaining(["probability", "modelVersion", "phaseModel", "executionProvider"]),
    );
    expect(Object.keys((schema.getType("IcdCode") as any).getFields())).toEqual(
      expect.arrayContaining(["parents", "children", "trials", "stats"]),
    );
  });
});
