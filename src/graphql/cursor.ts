// Opaque keyset cursors for the trials connection. A cursor holds the sort key of the row after
// which the next page starts (its nctId, and its probability or relevance where the order uses
// one), the sort order and a short hash of the filter, so a cursor reused with another order or
// filter is rejected instead of silently paging through a different list. The next page is then a
// `WHERE key > cursor` on a stable order (nctId breaks every tie): its cost does not grow with the
// page's depth as SKIP did, and a trial added or removed before the cursor shifts no row.
// RELEVANCE cursors also carry the row's rank, which only sizes the next request to the full-text
// index (src/graph/relevance-page.ts); a cursor without it still works.
import { createHash } from "node:crypto";
import { badInput } from "./errors.js";
import type { TrialKey } from "../graph/trial-filter.js";

const PREFIX = "trials:v2";

export function filterHash(filter: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(filter ?? {}))
    .digest("hex")
    .slice(0, 10);
}

export function encodeCursor(order: string, filter: unknown, key: TrialKey): string {
  const body = JSON.stringify(
    key.rank === undefined ? [key.nctId, key.value ?? null] : [key.nctId, key.value ?? null, key.rank],
  );
  return Buffer.from(`${PREFIX}:${order}:${filterHash(filter)}:${body}`, "utf8").toString("base64url");
}

function isKey(x: unknown): x is [string, number | null] | [string, number | null, number] {
  return (
    Array.isArray(x) &&
    (x.length === 2 || (x.length === 3 && Number.isSafeInteger(x[2]) && (x[2] as number) > 0)) &&
    typeof x[0] === "string" &&
    /^NCT\d{8}$/.test(x[0]) &&
    (x[1] === null || (typeof x[1] === "number" && Number.isFinite(x[1])))
  );
}

/** Sort key of the last row before the page; throws BAD_USER_INPUT for a foreign or malformed cursor. */
export function keyAfter(cursor: string, order: string, filter: unknown): TrialKey {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  // `trials:v2:ORDER:HASH:["NCT…",value]` (the JSON part holds no colon-free guarantee: split 4 times)
  const parts = text.split(":");
  const head = parts.slice(0, 4);
  const body = parts.slice(4).join(":");
  let key: unknown;
  try {
    key = JSON.parse(body);
  } catch {
    key = undefined;
  }
  if (head.length !== 4 || `${head[0]}:${head[1]}` !== PREFIX || !isKey(key)) {
    throw badInput("malformed cursor", { argument: "after", value: cursor });
  }
  if (head[2] !== order || head[3] !== filterHash(filter)) {
    throw badInput("cursor belongs to another order or filter", { argument: "after", value: cursor });
  }
  return key.length === 3 ? { nctId: key[0], value: key[1], rank: key[2] } : { nctId: key[0], value: key[1] };
}
