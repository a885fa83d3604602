// Relay-style cursor connection for trials, plus the flat page used by dashboards.
import { Field, ObjectType } from "type-graphql";
import { Trial } from "./trial.js";
import type { TrialFilter } from "../../graph/trial-filter.js";

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class TrialEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Trial)
  node!: Trial;
}

@ObjectType()
export class TrialConnection {
  @Field(() => [TrialEdge])
  edges!: TrialEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  // totalCount is a field resolver: counted only when asked.
  filter!: TrialFilter | null;
}
