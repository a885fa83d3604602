// Drug, Disease and IcdCode object types. Their statistics, trials, codes, parents and
// children are field resolvers (catalog-fields-resolver.ts), batched per request.
import { Field, Float, Int, ObjectType } from "type-graphql";
import type { OutcomeStats as OutcomeStatsRow } from "../../graph/outcome-stats.js";

@ObjectType({ description: "Observed outcomes and stored predictions over a set of trials." })
export class OutcomeStats {
  @Field(() => Int, { description: "Trials linked to the entity." })
  trialCount!: number;

  @Field(() => Int, { description: "Of those, trials with an observed outcome." })
  withOutcome!: number;

  @Field(() => Int)
  successes!: number;

  @Field(() => Float, {
    nullable: true,
    description: "successes / withOutcome; null when no outcome is known.",
  })
  observedSuccessRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Mean stored success probability of the linked trials.",
  })
  predictedMean!: number | null;
}

@ObjectType({ description: "An ICD-10 node: chapter letter, 3-character category or full code." })
export class IcdCode {
  @Field(() => String)
  code!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  statsRow?: OutcomeStatsRow;
}

@ObjectType()
export class Drug {
  @Field(() => String)
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: "SMILES as in the source data (null when unknown or unparsable).",
  })
  smiles!: string | null;

  @Field(() => String, { nullable: true, description: "RDKit canonical SMILES." })
  canonicalSmiles!: string | null;

  statsRow?: OutcomeStatsRow;
}

@ObjectType()
export class Disease {
  @Field(() => String)
  name!: string;

  /** Codes already loaded with the disease (from a trial); otherwise loaded by name. */
  loadedCodes?: IcdCode[];
  statsRow?: OutcomeStatsRow;
}
