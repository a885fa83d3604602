// Query.analytics: success rates by phase / ICD chapter / drug and the model card's metrics.
// Each part is its own field so a dashboard pays only for what it selects.
import { Arg, Ctx, FieldResolver, Int, Query, Resolver } from "type-graphql";

const MAX_CALIBRATION_BINS = 50;
import type { GraphQLContext } from "../context.js";
import { badInput } from "../errors.js";
import { Analytics, CalibrationBin, GroupSuccessRate, ModelCard } from "../types/analytics.js";
import { checkPageSize } from "../validate.js";

@Resolver(() => Analytics)
export class AnalyticsResolver {
  @Query(() => Analytics)
  analytics(): Analytics {
    return {};
  }

  @FieldResolver(() => [GroupSuccessRate], { complexity: 20 })
  async byPhase(@Ctx() ctx: GraphQLContext): Promise<GroupSuccessRate[]> {
    return ctx.graph.analytics.byPhase();
  }

  @FieldResolver(() => [GroupSuccessRate], {
    complexity: 50,
    description: "Grouped by ICD-10 chapter (top of the IS_A hierarchy).",
  })
  async byIcdChapter(@Ctx() ctx: GraphQLContext): Promise<GroupSuccessRate[]> {
    return ctx.graph.analytics.byIcdChapter();
  }

  @FieldResolver(() => [GroupSuccessRate], {
    complexity: 50,
    description: "The `top` drugs by number of trials.",
  })
  async byDrug(
    @Ctx() ctx: GraphQLContext,
    @Arg("top", () => Int, { defaultValue: 20 }) top: number = 20,
  ): Promise<GroupSuccessRate[]> {
    checkPageSize("top", top, ctx.limits);
    return ctx.graph.analytics.byDrug(top);
  }

  @FieldResolver(() => [CalibrationBin], {
    complexity: 20,
    description:
      "Reliability curve of the stored scores: non-empty equal-width probability bins over the trials with an outcome, by default of the test split (the served model's calibration on unseen trials; null: every trial).",
  })
  async calibration(
    @Ctx() ctx: GraphQLContext,
    @Arg("bins", () => Int, { defaultValue: 10 }) bins: number = 10,
    @Arg("split", () => String, { nullable: true, defaultValue: "test" }) split: string | null = "test",
  ): Promise<CalibrationBin[]> {
    if (bins < 2 || bins > MAX_CALIBRATION_BINS)
      throw badInput(`bins must be between 2 and ${MAX_CALIBRATION_BINS}`, { argument: "bins", value: bins });
    return ctx.graph.calibration.bins(bins, split);
  }

  @FieldResolver(() => ModelCard, { description: "Version and per-phase metrics from model-card.json." })
  modelCard(@Ctx() ctx: GraphQLContext): ModelCard {
    const card = ctx.modelCard;
    return {
      modelVersion: card.modelVersion,
      loadedModelVersion: ctx.scorer.modelVersion,
      executionProvider: ctx.scorer.executionProvider,
      metrics: card.metrics,
    };
  }
}
