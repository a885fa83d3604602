// The executor's error mapping: what reaches the GraphQL layer for each kind of Neo4j failure.
import { describe, expect, it } from "vitest";
import {
  GraphQueryTooBroadError,
  toGraphError,
  VectorIndexMissingError,
} from "../../../src/graph/graph-errors.js";

describe("toGraphError", () => {
  it("maps Lucene's clause limit to GraphQueryTooBroadError without its internals (regression, issue 14)", () => {
    const lucene = new Error(
      "Failed to invoke procedure `db.index.fulltext.queryNodes`: Caused by: org.apache.lucene.search.IndexSearcher$TooManyClauses: maxClauseCount is set to 1024",
    );
    const mapped = toGraphError(lucene);
    expect(mapped).toBeInstanceOf(GraphQueryTooBroadError);
    expect((mapped as Error).message).not.toMatch(/lucene|IndexSearcher/i);
  });

  it("the missing vector index error says what to do and carries its own name", () => {
    const error = new VectorIndexMissingError();
    expect(error.name).toBe("VectorIndexMissingError");
    expect(error).toBeInstanceOf(Error);
  });

  it("passes other query errors through unchanged", () => {
    const other = new Error("Invalid input 'X'");
    expect(toGraphError(other)).toBe(other);
  });
});
