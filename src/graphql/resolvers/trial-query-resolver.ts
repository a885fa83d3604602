// Query.trial, Query.trials (cursor connection) and Query.trialList (flat page).
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { Trial } from "../types/trial.js";
import { TrialConnection } from "../types/connection.js";
import { TrialFilterInput, TrialOrderBy } from "../types/inputs.js";
import { notFound } from "../errors.js";
import { encodeCursor, keyAfter } from "../cursor.js";
import { effectiveTrialOrder } from "../../graph/trial-filter.js";
import { checkFilter, checkNctId, checkOffset, checkPageSize } from "../validate.js";

const DEFAULT_PAGE = 20;
const ORDER_BY_DESCRIPTION =
  "Default: RELEVANCE when filter.text is given (best matches first), else NCT_ID_ASC. " +
  "RELEVANCE without filter.text is NCT_ID_ASC.";

/** Cost of a page: its size times what each row selects. */
export function pageComplexity(sizeArg: string) {
  return ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }) =>
    1 +
    (typeof args[sizeArg] === "number" ? (args[sizeArg] as number) : DEFAULT_PAGE) *
      Math.max(1, childComplexity);
}

@Resolver(() => TrialConnection)
export class TrialQueryResolver {
  @Query(() => Trial, {
    nullable: true,
    description: "One trial by NCT id. An unknown id gives null plus a NOT_FOUND error naming it.",
  })
  async trial(@Arg("nctId", () => String) nctId: string, @Ctx() ctx: GraphQLContext): Promise<Trial | null> {
    const id = checkNctId(nctId);
    const row = await ctx.loaders.trial.load(id);
    if (!row) throw notFound(`no trial ${id}`, { argument: "nctId", value: nctId });
    return row;
  }

  @Query(() => TrialConnection, {
    complexity: pageComplexity("first"),
    description: "Filtered, sorted trials with cursors.",
  })
  async trials(
    @Ctx() ctx: GraphQLContext,
    @Arg("filter", () => TrialFilterInput, { nullable: true }) filter?: TrialFilterInput | null,
    @Arg("first", () => Int, { defaultValue: DEFAULT_PAGE }) first: number = DEFAULT_PAGE,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
    @Arg("orderBy", () => TrialOrderBy, { nullable: true, description: ORDER_BY_DESCRIPTION })
    orderBy?: TrialOrderBy | null,
  ): Promise<TrialConnection> {
    checkPageSize("first", first, ctx.limits);
    const f = checkFilter(filter, ctx.limits);
    const order = effectiveTrialOrder(orderBy, f);
    const start = after ? keyAfter(after, order, f) : null;
    // One extra row tells whether a next page exists without a count query.
    const rows = first === 0 ? [] : await ctx.graph.trials.page(f, order, start, first + 1);
    const page = rows.slice(0, first);
    for (const { row } of page) ctx.loaders.trial.prime(row.nctId, row);
    const edges = page.map(({ row, key }) => ({ node: row, cursor: encodeCursor(order, f, key) }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: start !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      filter: f,
    };
  }

  @FieldResolver(() => Int, { description: "Trials matching the filter (all pages)." })
  async totalCount(@Root() connection: TrialConnection, @Ctx() ctx: GraphQLContext): Promise<number> {
    return ctx.graph.trials.count(connection.filter);
  }

  @Query(() => [Trial], {
    complexity: pageComplexity("limit"),
    description: "Flat offset-paged trial list for dashboards.",
  })
  async trialList(
    @Ctx() ctx: GraphQLContext,
    @Arg("filter", () => TrialFilterInput, { nullable: true }) filter?: TrialFilterInput | null,
    @Arg("limit", () => Int, { defaultValue: 100 }) limit: number = 100,
    @Arg("offset", () => Int, { defaultValue: 0 }) offset: number = 0,
    @Arg("orderBy", () => TrialOrderBy, { nullable: true, description: ORDER_BY_DESCRIPTION })
    orderBy?: TrialOrderBy | null,
  ): Promise<Trial[]> {
    checkPageSize("limit", limit, ctx.limits);
    checkOffset("offset", offset);
    const f = checkFilter(filter, ctx.limits);
    if (limit === 0) return [];
    const rows = await ctx.graph.trials.list(f, effectiveTrialOrder(orderBy, f), offset, limit);
    for (const row of rows) ctx.loaders.trial.prime(row.nctId, row);
    return rows;
  }
}
