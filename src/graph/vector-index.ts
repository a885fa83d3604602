// The vector index over Trial.embedding (cosine). Its dimension comes from the model card, so
// the scoring job calls ensureVectorIndex() once it knows it; an index of another dimension
// (an older model) is dropped and recreated.
import type { Driver } from "neo4j-driver";
import { readQuery, writeQuery } from "./driver.js";

export const VECTOR_INDEX_NAME = "trial_embedding";

export interface VectorIndexState {
  name: string;
  dimensions: number;
  recreated: boolean;
}

export async function currentVectorDimensions(driver: Driver, database?: string): Promise<number | null> {
  const rows = await readQuery<{ options: { indexConfig?: Record<string, unknown> } | null }>(
    driver,
    "SHOW INDEXES YIELD name, options WHERE name = $name RETURN options",
    { name: VECTOR_INDEX_NAME },
    database,
  );
  if (rows.length === 0) return null;
  const dim = rows[0].options?.indexConfig?.["vector.dimensions"];
  return typeof dim === "number" ? dim : Number(dim);
}

export async function ensureVectorIndex(
  driver: Driver,
  dimensions: number,
  database?: string,
): Promise<VectorIndexState> {
  // Index options cannot be query parameters; the value is checked before it reaches the text.
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 4096) {
    throw new Error(`vector index dimension must be an integer in 1..4096, got ${dimensions}`);
  }
  const existing = await currentVectorDimensions(driver, database);
  if (existing === dimensions) return { name: VECTOR_INDEX_NAME, dimensions, recreated: false };
  if (existing !== null) await writeQuery(driver, `DROP INDEX ${VECTOR_INDEX_NAME} IF EXISTS`, {}, database);
  await writeQuery(
    driver,
    `CREATE VECTOR INDEX ${VECTOR_INDEX_NAME} IF NOT EXISTS FOR (t:Trial) ON (t.embedding)
     OPTIONS { indexConfig: { \`vector.dimensions\`: ${dimensions}, \`vector.similarity_function\`: 'cosine' } }`,
    {},
    database,
  );
  await writeQuery(driver, "CALL db.awaitIndexes(300)", {}, database);
  return { name: VECTOR_INDEX_NAME, dimensions, recreated: existing !== null };
}
