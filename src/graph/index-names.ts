// Finds the full-text and vector index names from the database itself, so the read side
// keeps working whatever names schema/neo4j and ensureVectorIndex chose.
import { readRows, type GraphHandle } from "./read-query.js";

const found = new WeakMap<object, { fullText?: string; vector?: string }>();

async function lookup(
  graph: GraphHandle,
  type: "FULLTEXT" | "VECTOR",
  property: string,
): Promise<string | null> {
  const rows = await readRows<{ name: string }>(
    graph,
    `SHOW ${type} INDEXES YIELD name, labelsOrTypes, properties, state
     WHERE 'Trial' IN labelsOrTypes AND $property IN properties AND state = 'ONLINE'
     RETURN name ORDER BY name`,
    { property },
  );
  return rows[0]?.name ?? null;
}

/** Name of an online full-text index covering Trial criteria, or null. Only positive answers are cached. */
export async function trialFullTextIndex(graph: GraphHandle): Promise<string | null> {
  const cached = found.get(graph.driver);
  if (cached?.fullText) return cached.fullText;
  const name = await lookup(graph, "FULLTEXT", "inclusionCriteria");
  if (name) found.set(graph.driver, { ...cached, fullText: name });
  return name;
}

/** Name of an online vector index over Trial.embedding, or null (not created until trials are scored). */
export async function trialVectorIndex(graph: GraphHandle): Promise<string | null> {
  const cached = found.get(graph.driver);
  if (cached?.vector) return cached.vector;
  const name = await lookup(graph, "VECTOR", "embedding");
  if (name) found.set(graph.driver, { ...cached, vector: name });
  return name;
}

/** Forget cached names (after an index is dropped and recreated under another name). */
export function forgetIndexNames(graph: GraphHandle): void {
  found.delete(graph.driver);
}
