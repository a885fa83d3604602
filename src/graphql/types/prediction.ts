// Result of predictOutcome for a planned trial.
import { Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { FeatureFallback, SimilarTrial } from "./trial.js";

export enum SmilesSource {
  INPUT = "INPUT",
  GRAPH = "GRAPH",
  DRUGBANK = "DRUGBANK",
  UNRESOLVED = "UNRESOLVED",
}
registerEnumType(SmilesSource, {
  name: "SmilesSource",
  description: "Where a planned drug's SMILES came from.",
});

@ObjectType()
export class ResolvedDrug {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  smiles!: string | null;

  @Field(() => SmilesSource)
  source!: SmilesSource;
}

@ObjectType()
export class OutcomeForecast {
  @Field(() => Float)
  probability!: number;

  @Field(() => String)
  phaseModel!: string;

  @Field(() => String)
  modelVersion!: string;

  @Field(() => String)
  executionProvider!: string;

  @Field(() => [ResolvedDrug])
  drugs!: ResolvedDrug[];

  @Field(() => [SimilarTrial], {
    description: "Nearest past trials in embedding space, with their observed outcomes.",
  })
  nearestTrials!: SimilarTrial[];

  @Field(() => [FeatureFallback], { description: "Everything that was unknown or fell back." })
  fallbacks!: FeatureFallback[];
}
