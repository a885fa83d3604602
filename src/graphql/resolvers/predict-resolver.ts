// predictOutcome: a what-if prediction for a planned trial. Drug names without SMILES resolve
// through the graph, then the bundled DrugBank table; the result lists every fallback taken and
// the nearest past trials to the planned trial's embedding.
import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { PredictOutcomeInput } from "../types/inputs.js";
import { OutcomeForecast, ResolvedDrug, SmilesSource } from "../types/prediction.js";
import type { FeatureFallback, SimilarTrial } from "../types/trial.js";
import { badInput } from "../errors.js";
import { checkTypedSmiles } from "../check-smiles.js";
import { checkIcdCode, checkNeighbours, checkText } from "../validate.js";
import { checkPhase } from "../phase.js";
import { VectorIndexMissingError } from "../../graph/graph-errors.js";
import type { TrialModelInput } from "../../model/types.js";

const MAX_ITEMS = 50;

/** A planned trial, checked: canonical phase, criteria ("" when absent), ICD codes normalised. */
interface CheckedInput {
  phase: string;
  inclusionCriteria: string;
  exclusionCriteria: string;
  icdCodes: string[];
}

function checkInput(input: PredictOutcomeInput, ctx: GraphQLContext): CheckedInput {
  checkText("input.inclusionCriteria", input.inclusionCriteria, ctx.limits);
  checkText("input.exclusionCriteria", input.exclusionCriteria, ctx.limits);
  if (input.phase.length > 40) {
    throw badInput("phase must be at most 40 characters, e.g. 'phase 2'", {
      argument: "input.phase",
      value: input.phase.slice(0, 80),
    });
  }
  const phase = checkPhase("input.phase", input.phase);
  if (input.drugs.length > MAX_ITEMS)
    throw badInput(`at most ${MAX_ITEMS} drugs`, { argument: "input.drugs", value: input.drugs.length });
  if (input.diseases.length > MAX_ITEMS) {
    throw badInput(`at most ${MAX_ITEMS} diseases`, {
      argument: "input.diseases",
      value: input.diseases.length,
    });
  }
  input.drugs.forEach((d, i) => {
    if (!d.name.trim() || d.name.length > 500)
      throw badInput("drug name must be 1 to 500 characters", {
        argument: `input.drugs[${i}].name`,
        value: d.name,
      });
    if (d.smiles != null && d.smiles.length > 5000) {
      throw badInput("SMILES longer than 5000 characters", {
        argument: `input.drugs[${i}].smiles`,
        value: d.smiles.slice(0, 80),
      });
    }
  });
  input.diseases.forEach((d, i) => {
    if (d.icdCodes.length > MAX_ITEMS)
      throw badInput(`at most ${MAX_ITEMS} ICD codes per disease`, {
        argument: `input.diseases[${i}].icdCodes`,
        value: d.icdCodes.length,
      });
  });
  return {
    phase,
    // A trial without criteria is valid input: the model has learned an "absent criteria" text.
    inclusionCriteria: input.inclusionCriteria ?? "",
    exclusionCriteria: input.exclusionCriteria ?? "",
    icdCodes: input.diseases.flatMap((d, i) =>
      d.icdCodes.map((c, j) => checkIcdCode(`input.diseases[${i}].icdCodes[${j}]`, c)),
    ),
  };
}

/** SMILES for each planned drug: the user's, else the graph's, else DrugBank's, else none. */
async function resolveDrugs(input: PredictOutcomeInput, ctx: GraphQLContext): Promise<ResolvedDrug[]> {
  const needLookup = input.drugs.filter((d) => !d.smiles?.trim()).map((d) => d.name.trim());
  const fromGraph = needLookup.length
    ? await ctx.graph.trials.drugSmilesByNames(needLookup)
    : new Map<string, string | null>();
  const needTable = needLookup.some((n) => !fromGraph.get(n.toLowerCase()));
  const table = needTable ? await ctx.drugBankSmiles() : new Map<string, string>();
  return input.drugs.map((d) => {
    const name = d.name.trim();
    if (d.smiles?.trim()) return { name, smiles: d.smiles.trim(), source: SmilesSource.INPUT };
    const g = fromGraph.get(name.toLowerCase());
    if (g) return { name, smiles: g, source: SmilesSource.GRAPH };
    const t = table.get(name.toLowerCase());
    if (t) return { name, smiles: t, source: SmilesSource.DRUGBANK };
    return { name, smiles: null, source: SmilesSource.UNRESOLVED };
  });
}

@Resolver()
export class PredictResolver {
  @Query(() => OutcomeForecast, {
    complexity: ({ args, childComplexity }) =>
      50 + childComplexity + (typeof args.nearest === "number" ? args.nearest : 5) * 5,
    description: "Success probability of a planned trial, its nearest past trials and what fell back.",
  })
  async predictOutcome(
    @Arg("input", () => PredictOutcomeInput) input: PredictOutcomeInput,
    @Ctx() ctx: GraphQLContext,
    @Arg("nearest", () => Int, { defaultValue: 5, description: "How many nearest past trials to return." })
    nearest: number = 5,
  ): Promise<OutcomeForecast> {
    const checked = checkInput(input, ctx);
    checkNeighbours("nearest", nearest, ctx.limits);
    await checkTypedSmiles(input.drugs, ctx.molecules);
    const drugs = await resolveDrugs(input, ctx);
    const modelInput: TrialModelInput = {
      phase: checked.phase,
      inclusionCriteria: checked.inclusionCriteria,
      exclusionCriteria: checked.exclusionCriteria,
      drugs: drugs.map((d) => ({ name: d.name, smiles: d.smiles })),
      icdCodes: checked.icdCodes,
    };
    const score = await ctx.scorer.score(modelInput);

    // A SMILES the user typed that RDKit cannot parse is the user's error, not a fallback.
    drugs.forEach((d, i) => {
      if (d.source !== SmilesSource.INPUT) return;
      if (score.fallbacks.some((f) => f.kind === "UNPARSABLE_SMILES" && f.value === d.smiles)) {
        throw badInput(`invalid SMILES for drug ${d.name}`, {
          argument: `input.drugs[${i}].smiles`,
          value: d.smiles,
          drug: d.name,
        });
      }
    });

    const fallbacks: FeatureFallback[] = drugs
      .filter((d) => d.source === SmilesSource.UNRESOLVED)
      .map((d) => ({
        kind: "UNRESOLVED_DRUG",
        value: d.name,
        usedInstead: null,
        message: `no SMILES for ${d.name} in the input, the graph or the DrugBank table; scored without it`,
      }));
    // The scorer's MISSING_SMILES for a drug already reported as UNRESOLVED_DRUG says the same thing.
    const seen = new Set(
      fallbacks.flatMap((f) => [`${f.kind}\u0000${f.value}`, `MISSING_SMILES\u0000${f.value}`]),
    );
    for (const f of score.fallbacks) {
      const key = `${f.kind}\u0000${f.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fallbacks.push({
        kind: f.kind,
        value: f.value,
        usedInstead: f.usedInstead ?? null,
        message: f.message,
      });
    }

    let nearestTrials: SimilarTrial[] = [];
    if (nearest > 0) {
      try {
        nearestTrials = await ctx.graph.similar.nearest({
          vector: score.embedding,
          k: nearest,
          drugNames: drugs.map((d) => d.name.toLowerCase()),
          diseaseNames: input.diseases.map((d) => d.name.trim().toLowerCase()),
        });
        for (const r of nearestTrials) ctx.loaders.trial.prime(r.trial.nctId, r.trial);
      } catch (error) {
        if (!(error instanceof VectorIndexMissingError)) throw error;
        fallbacks.push({
          kind: "NO_VECTOR_INDEX",
          value: "Trial.embedding",
          usedInstead: null,
          message: error.message,
        });
      }
    }
    return {
      probability: score.probability,
      phaseModel: score.phaseModel,
      modelVersion: score.modelVersion,
      executionProvider: score.executionProvider,
      drugs,
      nearestTrials,
      fallbacks,
    };
  }
}
