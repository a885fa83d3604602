// Trial object types: the graph's fields, the model's prediction and similar-trial neighbours.
// Drugs, diseases, predictions and neighbours are field resolvers (trial-fields-resolver.ts).
import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";

@ObjectType({
  description:
    "A clinical trial from the TOP benchmark, a user's SCT-style file, or imported from ClinicalTrials.gov.",
})
export class Trial {
  @Field(() => ID, { description: "ClinicalTrials.gov id, e.g. NCT00232479." })
  nctId!: string;

  @Field(() => String, {
    nullable: true,
    description: "Phase as in TOP, lower-case: 'phase 1', 'phase 1/phase 2', ...",
  })
  phase!: string | null;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field(() => String, { nullable: true })
  whyStop!: string | null;

  @Field(() => Int, { nullable: true, description: "Observed outcome: 1 success, 0 failure, null unknown." })
  outcome!: number | null;

  @Field(() => String, { nullable: true, description: "Benchmark split of the file the trial came from." })
  split!: string | null;

  @Field(() => String, { nullable: true })
  inclusionCriteria!: string | null;

  @Field(() => String, { nullable: true })
  exclusionCriteria!: string | null;

  @Field(() => [String], { description: "Source file(s) the trial was loaded from." })
  source!: string[];

  @Field(() => Float, {
    nullable: true,
    description: "HINT's published prediction for the trial (test files only).",
  })
  hintPrediction!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Success probability stored by the scoring job (any model version; see outcomePrediction).",
  })
  successProbability!: number | null;

  @Field(() => String, { nullable: true, description: "Model version that wrote successProbability." })
  modelVersion!: string | null;

  @Field(() => Boolean, {
    description:
      "Whether the model scores this trial: false for an imported observational study, a trial without a " +
      "phase or in phase 4, or one without a drug or biological intervention.",
  })
  scorable!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "Why the model does not score it (null when scorable).",
  })
  notScorableReason!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Last update (ISO date) of the ClinicalTrials.gov record the trial was imported from.",
  })
  registryLastUpdate!: string | null;

  // Internal: phase model recorded with the stored score, surfaced through outcomePrediction.
  phaseModel!: string | null;
  // Internal: the model's inputs as seeded (see src/graph/trial-model-input.ts).
  drugSmiles!: string[] | null;
  icdCodes!: string[] | null;
}

export enum PredictionSource {
  STORED = "STORED",
  COMPUTED = "COMPUTED",
}
registerEnumType(PredictionSource, {
  name: "PredictionSource",
  description: "STORED: read from the graph (same model version); COMPUTED: scored for this request.",
});

@ObjectType({ description: "Something the featurizer could not use as given." })
export class FeatureFallback {
  @Field(() => String, {
    description:
      "UNPARSABLE_SMILES, MISSING_SMILES, UNRESOLVED_DRUG, ICD_FALLBACK, UNKNOWN_ICD, UNKNOWN_PHASE, TRUNCATED, NO_VECTOR_INDEX",
  })
  kind!: string;

  @Field(() => String, { description: "The offending value (a SMILES, an ICD code, a drug name, ...)." })
  value!: string;

  @Field(() => String, { nullable: true, description: "What was used instead, e.g. the ICD category." })
  usedInstead?: string | null;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: "CLaDMoP's success probability for a trial." })
export class OutcomePrediction {
  @Field(() => Float)
  probability!: number;

  @Field(() => String)
  modelVersion!: string;

  @Field(() => String, { nullable: true, description: "Per-phase model that produced the probability." })
  phaseModel!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "ONNX Runtime execution provider (null for stored scores).",
  })
  executionProvider!: string | null;

  @Field(() => PredictionSource)
  source!: PredictionSource;

  @Field(() => [FeatureFallback], { description: "Empty for stored scores." })
  fallbacks!: FeatureFallback[];

  // Not exposed: used by similarTrials.
  embedding?: number[];
}

@ObjectType({ description: "A past trial close to another trial in the model's embedding space." })
export class SimilarTrial {
  @Field(() => Trial)
  trial!: Trial;

  @Field(() => Float, { description: "Cosine similarity score from the vector index (higher is closer)." })
  score!: number;

  @Field(() => [String], { description: "Drug names both trials test." })
  sharedDrugs!: string[];

  @Field(() => [String], { description: "Disease names both trials study." })
  sharedDiseases!: string[];
}

@ObjectType({ description: "A drug as the model sees it: the name (when paired) and the SMILES featurized." })
export class ModelDrug {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  smiles!: string | null;
}

@ObjectType({
  description: "Exactly what the model scores for a trial (feed it to predictOutcome for a what-if).",
})
export class ModelInput {
  @Field(() => String)
  phase!: string;

  @Field(() => [ModelDrug], { description: "The source row's SMILES list in order." })
  drugs!: ModelDrug[];

  @Field(() => [String], { description: "ICD-10 codes, flattened in order without duplicates." })
  icdCodes!: string[];
}
