// The graph's data version: one counter on a (:GraphMeta {key: 'data'}) node, raised by every write
// that can change an aggregate (seed batches, registry imports, scores written or cleared). The
// materialised analytics store the version they were computed at, so a reader knows in one lookup
// whether they still hold, on every API process at once (nothing is cached in a process).
import type { Executor } from "./executor.js";

/**
 * Cypher that raises the version, to append after a write's own statement in the same transaction
 * (`... WITH count(*) AS _rows <BUMP>`): the write and its version change commit together.
 */
export const BUMP_DATA_VERSION =
  "MERGE (_meta:GraphMeta {key: 'data'}) SET _meta.version = coalesce(_meta.version, 0) + 1";

/** Appends the version bump to a write statement (aggregating its rows first, so it runs once). */
export function withDataVersionBump(cypher: string): string {
  return `${cypher}\nWITH count(*) AS _rows\n${BUMP_DATA_VERSION}`;
}

export async function dataVersion(executor: Executor): Promise<number> {
  const rows = await executor.read<{ v: number | null }>(
    "OPTIONAL MATCH (m:GraphMeta {key: 'data'}) RETURN m.version AS v",
  );
  return rows[0]?.v ?? 0;
}

export async function bumpDataVersion(executor: Executor): Promise<void> {
  await executor.write(BUMP_DATA_VERSION);
}
