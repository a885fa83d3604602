// Drugs, diseases and ICD codes: lookups, lists, and their fields (statistics batched per
// request, trials paged, ICD parents / children one IS_A step away).
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { Disease, Drug, IcdCode, OutcomeStats } from "../types/catalog.js";
import { Trial } from "../types/trial.js";
import { badInput, notFound } from "../errors.js";
import { checkOffset, checkPageSize } from "../validate.js";
import { pageComplexity } from "./trial-query-resolver.js";
import type { CatalogKind } from "../../graph/catalog-repository.js";
import type { OutcomeStats as StatsRow } from "../../graph/outcome-stats.js";

const EMPTY: StatsRow = {
  trialCount: 0,
  withOutcome: 0,
  successes: 0,
  observedSuccessRate: null,
  scoredCount: 0,
  predictedMean: null,
};

function checkName(argument: string, value: string): string {
  const v = value.trim();
  if (!v || v.length > 500) throw badInput(`${argument} must be 1 to 500 characters`, { argument, value });
  return v;
}

async function trialsOf(
  ctx: GraphQLContext,
  kind: CatalogKind,
  key: string,
  limit: number,
  offset: number,
): Promise<Trial[]> {
  checkPageSize("limit", limit, ctx.limits);
  checkOffset("offset", offset);
  const rows = await ctx.graph.catalog.trialsOf(kind, key, offset, limit);
  for (const row of rows) ctx.loaders.trial.prime(row.nctId, row);
  return rows;
}

const TRIALS_DESCRIPTION = "Linked trials by nctId, offset-paged.";

@Resolver()
export class CatalogQueryResolver {
  @Query(() => Drug, {
    nullable: true,
    description: "A drug by name (case-insensitive). Unknown: null + NOT_FOUND.",
  })
  async drug(@Arg("name", () => String) name: string, @Ctx() ctx: GraphQLContext): Promise<Drug | null> {
    const row = await ctx.graph.catalog.findDrug(checkName("name", name));
    if (!row) throw notFound(`no drug named ${name}`, { argument: "name", value: name });
    return { name: row.name, smiles: row.smiles, canonicalSmiles: row.canonicalSmiles, statsRow: row };
  }

  @Query(() => [Drug], {
    complexity: pageComplexity("limit"),
    description: "Drugs by number of trials, optionally filtered by a name substring.",
  })
  async drugs(
    @Ctx() ctx: GraphQLContext,
    @Arg("search", () => String, { nullable: true }) search?: string | null,
    @Arg("limit", () => Int, { defaultValue: 20 }) limit: number = 20,
    @Arg("offset", () => Int, { defaultValue: 0 }) offset: number = 0,
  ): Promise<Drug[]> {
    checkPageSize("limit", limit, ctx.limits);
    checkOffset("offset", offset);
    const rows = await ctx.graph.catalog.listDrugs(search ?? null, offset, limit);
    return rows.map((row) => ({
      name: row.name,
      smiles: row.smiles,
      canonicalSmiles: row.canonicalSmiles,
      statsRow: row,
    }));
  }

  @Query(() => Disease, {
    nullable: true,
    description: "A disease by name (case-insensitive). Unknown: null + NOT_FOUND.",
  })
  async disease(
    @Arg("name", () => String) name: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Disease | null> {
    const row = await ctx.graph.catalog.findDisease(checkName("name", name));
    if (!row) throw notFound(`no disease named ${name}`, { argument: "name", value: name });
    return { name: row.name, statsRow: row };
  }

  @Query(() => [Disease], {
    complexity: pageComplexity("limit"),
    description: "Diseases by number of trials, optionally filtered by a name substring.",
  })
  async diseases(
    @Ctx() ctx: GraphQLContext,
    @Arg("search", () => String, { nullable: true }) search?: string | null,
    @Arg("limit", () => Int, { defaultValue: 20 }) limit: number = 20,
    @Arg("offset", () => Int, { defaultValue: 0 }) offset: number = 0,
  ): Promise<Disease[]> {
    checkPageSize("limit", limit, ctx.limits);
    checkOffset("offset", offset);
    const rows = await ctx.graph.catalog.listDiseases(search ?? null, offset, limit);
    return rows.map((row) => ({ name: row.name, statsRow: row }));
  }

  @Query(() => IcdCode, {
    nullable: true,
    description: "An ICD-10 code (chapter, category or code). Unknown: null + NOT_FOUND.",
  })
  async icdCode(
    @Arg("code", () => String) code: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IcdCode | null> {
    const c = checkName("code", code).toUpperCase();
    const row = await ctx.graph.catalog.findIcdCode(c);
    if (!row) throw notFound(`no ICD code ${code}`, { argument: "code", value: code });
    return { code: row.code, description: row.description, statsRow: row };
  }
}

@Resolver(() => Drug)
export class DrugFieldsResolver {
  @FieldResolver(() => OutcomeStats, { complexity: 3 })
  async stats(@Root() drug: Drug, @Ctx() ctx: GraphQLContext): Promise<OutcomeStats> {
    return drug.statsRow ?? (await ctx.loaders.drugStats.load(drug.name)) ?? EMPTY;
  }

  @FieldResolver(() => [Trial], { complexity: pageComplexity("limit"), description: TRIALS_DESCRIPTION })
  async trials(
    @Root() drug: Drug,
    @Ctx() ctx: GraphQLContext,
    @Arg("limit", () => Int, { defaultValue: 20 }) limit: number = 20,
    @Arg("offset", () => Int, { defaultValue: 0 }) offset: number = 0,
  ): Promise<Trial[]> {
    return trialsOf(ctx, "drug", drug.name, limit, offset);
  }
}

@Resolver(() => Disease)
export class DiseaseFieldsResolver {
  @FieldResolver(() => OutcomeStats, { complexity: 3 })
  async stats(@Root() disease: Disease, @Ctx() ctx: GraphQLContext): Promise<OutcomeStats> {
    return disease.statsRow ?? (await ctx.loaders.diseaseStats.load(disease.name)) ?? EMPTY;
  }

  @FieldResolver(() => [IcdCode], { description: "ICD-10 codes the disease is coded as." })
  async icdCodes(@Root() disease: Disease, @Ctx() ctx: GraphQLContext): Promise<IcdCode[]> {
    return disease.loadedCodes ?? (await ctx.loaders.diseaseCodes.load(disease.name));
  }

  @FieldResolver(() => [Trial], { complexity: pageComplexity("limit"), description: TRIALS_DESCRIPTION })
  async trials(
    @Root() disease: Disease,
    @Ctx() ctx: GraphQLContext,
    @Arg("limit", () => Int, { defaultValue: 20 }) limit: number = 20,
    @Arg("offset", () => Int, { defaultValue: 0 }) offset: number = 0,
  ): Promise<Trial[]> {
    return trialsOf(ctx, "disease", disease.name, limit, offset);
  }
}

@Resolver(() => IcdCode)
export class IcdCodeFieldsResolver {
  @FieldResolver(() => OutcomeStats, {
    complexity: 3,
    description: "Over trials coded with this code or any code below it.",
  })
  async stats(@Root() icd: IcdCode, @Ctx() ctx: GraphQLContext): Promise<OutcomeStats> {
    return icd.statsRow ?? (await ctx.loaders.icdStats.load(icd.code)) ?? EMPTY;
  }

  @FieldResolver(() => [IcdCode], {
    complexity: 5,
    description: "One IS_A step up (category, then chapter).",
  })
  async parents(@Root() icd: IcdCode, @Ctx() ctx: GraphQLContext): Promise<IcdCode[]> {
    const rows = await ctx.graph.catalog.icdNeighbours(icd.code, "parents");
    return rows.map((r) => ({ code: r.code, description: r.description, statsRow: r }));
  }

  @FieldResolver(() => [IcdCode], { complexity: 20, description: "One IS_A step down." })
  async children(@Root() icd: IcdCode, @Ctx() ctx: GraphQLContext): Promise<IcdCode[]> {
    const rows = await ctx.graph.catalog.icdNeighbours(icd.code, "children");
    return rows.map((r) => ({ code: r.code, description: r.description, statsRow: r }));
  }

  @FieldResolver(() => [Trial], {
    complexity: pageComplexity("limit"),
    description: "Trials coded with this code or any code below it.",
  })
  async trials(
    @Root() icd: IcdCode,
    @Ctx() ctx: GraphQLContext,
    @Arg("limit", () => Int, { defaultValue: 20 }) limit: number = 20,
    @Arg("offset", () => Int, { defaultValue: 0 }) offset: number = 0,
  ): Promise<Trial[]> {
    return trialsOf(ctx, "icd", icd.code, limit, offset);
  }
}
