// Every size argument of the schema (page sizes, offsets, neighbour counts), checked for the whole
// operation before anything executes. The cost estimate multiplies by these sizes, so a negative one
// used to lower the estimate and let an expensive sibling field run (issue 14, class 3).
import type { ServerConfig } from "../config.js";
import { checkNeighbours, checkOffset, checkPageSize } from "./validate.js";

type SizeCheck = (argument: string, value: number, limits: ServerConfig) => number;

const SIZE_ARGUMENTS: Record<string, SizeCheck> = {
  first: checkPageSize,
  limit: checkPageSize,
  top: checkPageSize,
  offset: (argument, value) => checkOffset(argument, value),
  k: checkNeighbours,
  nearest: checkNeighbours,
};

/** Throws BAD_USER_INPUT for the first size argument of a field (its coerced arguments) that is negative or over its cap. */
export function checkSizeArguments(args: Record<string, unknown>, limits: ServerConfig): void {
  for (const [name, check] of Object.entries(SIZE_ARGUMENTS)) {
    const value = args[name];
    if (typeof value === "number") check(name, value, limits);
  }
}
