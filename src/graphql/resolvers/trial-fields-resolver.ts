// Fields of Trial that need more than the node: drugs, diseases (with ICD codes), the model's
// prediction (stored or batched through the scorer) and similar trials from the vector index.
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { ModelInput, OutcomePrediction, SimilarTrial, Trial } from "../types/trial.js";
import { trialModelInput } from "../../graph/trial-model-input.js";
import { PhaseModel } from "../phase.js";
import { Disease, Drug } from "../types/catalog.js";
import { badInput } from "../errors.js";
import { checkNeighbours } from "../validate.js";

const DEFAULT_K = 10;

@Resolver(() => Trial)
export class TrialFieldsResolver {
  @FieldResolver(() => [Drug], { description: "Drugs the trial tests, in the trial's order." })
  async drugs(@Root() trial: Trial, @Ctx() ctx: GraphQLContext): Promise<Drug[]> {
    const rows = await ctx.loaders.drugsOfTrial.load(trial.nctId);
    return rows.map((d) => ({ name: d.name, smiles: d.smiles, canonicalSmiles: d.canonicalSmiles }));
  }

  @FieldResolver(() => [Disease], { description: "Diseases the trial studies, with their ICD codes." })
  async diseases(@Root() trial: Trial, @Ctx() ctx: GraphQLContext): Promise<Disease[]> {
    const rows = await ctx.loaders.diseasesOfTrial.load(trial.nctId);
    return rows.map((d) => ({ name: d.name, loadedCodes: d.icdCodes }));
  }

  @FieldResolver(() => ModelInput, {
    description: "The model's input for this trial (drug SMILES list, ICD codes).",
  })
  async modelInput(@Root() trial: Trial, @Ctx() ctx: GraphQLContext): Promise<ModelInput> {
    const [drugs, diseases] = await Promise.all([
      ctx.loaders.drugsOfTrial.load(trial.nctId),
      ctx.loaders.diseasesOfTrial.load(trial.nctId),
    ]);
    const input = trialModelInput(trial, drugs, diseases);
    return { phase: input.phase, drugs: input.drugs, icdCodes: input.icdCodes };
  }

  @FieldResolver(() => OutcomePrediction, {
    complexity: 5,
    description:
      "Success probability of the loaded model: the stored score when its modelVersion matches, otherwise " +
      "computed now (all trials of a query in shared ONNX batches).",
  })
  async outcomePrediction(
    @Root() trial: Trial,
    @Ctx() ctx: GraphQLContext,
    @Arg("phaseModel", () => PhaseModel, {
      nullable: true,
      description:
        "Which per-phase model to ask. Default: the one the trial's own phase maps to (featurizer.json's " +
        "phase vocabulary: early phase 1, phase 1 and phase 1/phase 2 -> PHASE_1; phase 2 -> PHASE_2; " +
        "phase 2/phase 3 and phase 3 -> PHASE_3). Stored scores are the default's; another model is " +
        "computed on demand.",
    })
    phaseModel?: PhaseModel | null,
  ): Promise<OutcomePrediction> {
    // An imported trial the model cannot score (observational, no phase, phase 4, no drug) has no
    // default phase model: say why instead of featurizing a phase the model never saw.
    if (trial.scorable === false && phaseModel == null) {
      throw badInput(`not scorable: ${trial.notScorableReason ?? "no phase model"}`, {
        argument: "phaseModel",
        nctId: trial.nctId,
      });
    }
    return ctx.loaders.prediction.load({ nctId: trial.nctId, phaseModel: phaseModel ?? null });
  }

  @FieldResolver(() => [SimilarTrial], {
    complexity: ({ args, childComplexity }) =>
      10 + (typeof args.k === "number" ? args.k : DEFAULT_K) * Math.max(1, childComplexity),
    description: "Nearest trials by model embedding (vector index), best first, never the trial itself.",
  })
  async similarTrials(
    @Root() trial: Trial,
    @Ctx() ctx: GraphQLContext,
    @Arg("k", () => Int, { defaultValue: DEFAULT_K }) k: number = DEFAULT_K,
    @Arg("successfulOnly", () => Boolean, { defaultValue: false }) successfulOnly: boolean = false,
    @Arg("samePhase", () => Boolean, { defaultValue: false }) samePhase: boolean = false,
  ): Promise<SimilarTrial[]> {
    checkNeighbours("k", k, ctx.limits);
    if (k === 0) return [];
    const [vector, drugs, diseases] = await Promise.all([
      ctx.loaders.embedding.load(trial.nctId),
      ctx.loaders.drugsOfTrial.load(trial.nctId),
      ctx.loaders.diseasesOfTrial.load(trial.nctId),
    ]);
    if (!vector) return [];
    const rows = await ctx.graph.similar.nearest({
      vector,
      k,
      excludeNctId: trial.nctId,
      successfulOnly,
      phase: samePhase ? trial.phase : null,
      drugNames: drugs.map((d) => d.name.toLowerCase()),
      diseaseNames: diseases.map((d) => d.name.toLowerCase()),
    });
    for (const r of rows) ctx.loaders.trial.prime(r.trial.nctId, r.trial);
    return rows;
  }
}
