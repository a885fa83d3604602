// Input types and enums for trial queries and what-if predictions.
import { Field, Float, InputType, Int, registerEnumType } from "type-graphql";

export enum TrialOrderBy {
  NCT_ID_ASC = "NCT_ID_ASC",
  NCT_ID_DESC = "NCT_ID_DESC",
  PROBABILITY_DESC = "PROBABILITY_DESC",
  PROBABILITY_ASC = "PROBABILITY_ASC",
  RELEVANCE = "RELEVANCE",
}
registerEnumType(TrialOrderBy, {
  name: "TrialOrderBy",
  description:
    "Sort order; ties break on nctId. RELEVANCE ranks by full-text score, best first (with filter.text; " +
    "the default order of a text search).",
});

@InputType({ description: "All given conditions must hold." })
export class TrialFilterInput {
  @Field(() => String, {
    nullable: true,
    description:
      "A phase: early phase 1, phase 1, phase 1/phase 2, phase 2, phase 2/phase 3 or phase 3, also written " +
      "'Phase II', 'PHASE2', 'Phase I/II'. Anything else is BAD_USER_INPUT.",
  })
  phase?: string | null;

  @Field(() => String, { nullable: true, description: "Exact status, e.g. 'completed'." })
  status?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "Any of these statuses (case-insensitive), e.g. the running trials of an import: " +
      "['recruiting', 'active, not recruiting', 'not yet recruiting', 'enrolling by invitation'].",
  })
  statusIn?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: trials the model scores; false: imported trials it cannot score (see Trial.notScorableReason).",
  })
  scorable?: boolean | null;

  @Field(() => Int, { nullable: true, description: "Observed outcome: 1 success, 0 failure." })
  outcome?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only trials with an observed outcome; false: only without.",
  })
  hasOutcome?: boolean | null;

  @Field(() => String, { nullable: true, description: "train, valid or test." })
  split?: string | null;

  @Field(() => String, { nullable: true, description: "Drug name (case-insensitive)." })
  drug?: string | null;

  @Field(() => String, { nullable: true, description: "Disease name (case-insensitive)." })
  disease?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "ICD-10 prefix of any of the trial's codes, e.g. 'C' or 'C71'.",
  })
  icdPrefix?: string | null;

  @Field(() => Float, { nullable: true, description: "Lowest stored successProbability (inclusive)." })
  minProbability?: number | null;

  @Field(() => Float, { nullable: true, description: "Highest stored successProbability (inclusive)." })
  maxProbability?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Full-text search over the criteria; every word must match.",
  })
  text?: string | null;
}

@InputType({ description: "A drug of a planned trial: a name, and a SMILES when you have one." })
export class PlannedDrugInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: "Without it the name is looked up in the graph, then in the bundled DrugBank table.",
  })
  smiles?: string | null;
}

@InputType({ description: "A disease of a planned trial with its ICD-10 codes." })
export class PlannedDiseaseInput {
  @Field(() => String)
  name!: string;

  @Field(() => [String], {
    defaultValue: [],
    description:
      "ICD-10 codes, e.g. C71.9 (BAD_USER_INPUT when not ICD-10 shaped). A code the model has not seen " +
      "falls back to its category, then its chapter, and is listed in fallbacks.",
  })
  icdCodes!: string[];
}

@InputType({ description: "A planned trial for a what-if prediction." })
export class PredictOutcomeInput {
  @Field(() => String, {
    description:
      "The planned phase: early phase 1, phase 1, phase 1/phase 2, phase 2, phase 2/phase 3 or phase 3 " +
      "('Phase II', 'PHASE2', 'Phase I/II' are accepted too). It picks the per-phase model as for a trial " +
      "in the graph. Anything else is BAD_USER_INPUT listing the accepted values.",
  })
  phase!: string;

  @Field(() => String, {
    nullable: true,
    defaultValue: "",
    description: "Empty or absent is valid: the model scores a trial without criteria as such.",
  })
  inclusionCriteria?: string | null;

  @Field(() => String, { nullable: true, defaultValue: "", description: "Empty or absent is valid." })
  exclusionCriteria?: string | null;

  @Field(() => [PlannedDrugInput], { defaultValue: [] })
  drugs!: PlannedDrugInput[];

  @Field(() => [PlannedDiseaseInput], { defaultValue: [] })
  diseases!: PlannedDiseaseInput[];
}
