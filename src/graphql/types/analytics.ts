// Analytics: success rates grouped by phase / ICD chapter / drug, and the model card's metrics.
import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "Observed and predicted success over one group of trials." })
export class GroupSuccessRate {
  @Field(() => String, { description: "The phase string, ICD chapter code or drug name." })
  key!: string;

  @Field(() => String, { nullable: true, description: "Human-readable label (ICD chapter description)." })
  label!: string | null;

  @Field(() => Int)
  trialCount!: number;

  @Field(() => Int)
  withOutcome!: number;

  @Field(() => Int)
  successes!: number;

  @Field(() => Float, { nullable: true })
  observedSuccessRate!: number | null;

  @Field(() => Int, { description: "Trials with a stored probability." })
  scoredCount!: number;

  @Field(() => Float, { nullable: true, description: "Mean stored success probability." })
  predictedMean!: number | null;
}

@ObjectType({ description: "One evaluation figure from model-card.json." })
export class ModelMetric {
  @Field(() => String)
  phase!: string;

  @Field(() => String)
  method!: string;

  @Field(() => String)
  metric!: string;

  @Field(() => Float)
  mean!: number;

  @Field(() => Float, { nullable: true })
  std!: number | null;
}

@ObjectType()
export class ModelCard {
  @Field(() => String, { nullable: true, description: "Version named in model-card.json." })
  modelVersion!: string | null;

  @Field(() => String, { description: "Version the server has loaded." })
  loadedModelVersion!: string;

  @Field(() => String)
  executionProvider!: string;

  @Field(() => [ModelMetric])
  metrics!: ModelMetric[];
}

@ObjectType({
  description:
    "One bin of the reliability curve: scored trials with an outcome whose probability is in [lower, upper).",
})
export class CalibrationBin {
  @Field(() => Float)
  lower!: number;

  @Field(() => Float, { description: "Exclusive, except 1 for the last bin." })
  upper!: number;

  @Field(() => Int)
  trialCount!: number;

  @Field(() => Float, { description: "Mean stored success probability of the bin's trials." })
  meanPredicted!: number;

  @Field(() => Float, { description: "Share of the bin's trials that succeeded." })
  observedSuccessRate!: number;
}

@ObjectType({ description: "Aggregates; each field is computed only when selected." })
export class Analytics {}
