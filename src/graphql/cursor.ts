// Opaque cursors for the trials connection. A cursor holds the offset of the row after which
// the next page starts, the sort order and a short hash of the filter, so a cursor reused with
// another order or filter is rejected instead of silently paging through a different list.
import { createHash } from "node:crypto";
import { badInput } from "./errors.js";

const PREFIX = "trials:v1";

export function filterHash(filter: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(filter ?? {}))
    .digest("hex")
    .slice(0, 10);
}

export function encodeCursor(order: string, filter: unknown, offset: number): string {
  return Buffer.from(`${PREFIX}:${order}:${filterHash(filter)}:${offset}`, "utf8").toString("base64url");
}

/** Offset of the first row after `cursor`; throws BAD_USER_INPUT for a foreign or malformed cursor. */
export function offsetAfter(cursor: string, order: string, filter: unknown): number {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const parts = text.split(":");
  // `trials:v1:ORDER:HASH:OFFSET`
  if (parts.length !== 5 || `${parts[0]}:${parts[1]}` !== PREFIX || !/^\d{1,9}$/.test(parts[4]!)) {
    throw badInput("malformed cursor", { argument: "after", value: cursor });
  }
  if (parts[2] !== order || parts[3] !== filterHash(filter)) {
    throw badInput("cursor belongs to another order or filter", { argument: "after", value: cursor });
  }
  return Number(parts[4]) + 1;
}
