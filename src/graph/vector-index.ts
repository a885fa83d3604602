// The vector index over Trial.embedding (cosine). Its dimension comes from the model, so the
// scoring job calls ensureVectorIndex() once it knows it; an index of another dimension (an older
// model) is dropped and recreated.
import type { Executor } from "./executor.js";
import { SCHEMA_TIMEOUT_MS } from "./apply-schema.js";
import { TRIAL_EMBEDDING_VECTOR_INDEX } from "./index-names.js";

export interface VectorIndexState {
  name: string;
  dimensions: number;
  recreated: boolean;
}

export async function currentVectorDimensions(executor: Executor): Promise<number | null> {
  const rows = await executor.read<{ options: { indexConfig?: Record<string, unknown> } | null }>(
    "SHOW INDEXES YIELD name, options WHERE name = $name RETURN options",
    { name: TRIAL_EMBEDDING_VECTOR_INDEX },
  );
  if (rows.length === 0) return null;
  const dim = rows[0]!.options?.indexConfig?.["vector.dimensions"];
  return typeof dim === "number" ? dim : Number(dim);
}

export async function ensureVectorIndex(executor: Executor, dimensions: number): Promise<VectorIndexState> {
  // Index options cannot be query parameters; the value is checked before it reaches the text.
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 4096) {
    throw new Error(`vector index dimension must be an integer in 1..4096, got ${dimensions}`);
  }
  const name = TRIAL_EMBEDDING_VECTOR_INDEX;
  const existing = await currentVectorDimensions(executor);
  if (existing === dimensions) return { name, dimensions, recreated: false };
  const long = { timeoutMs: SCHEMA_TIMEOUT_MS };
  if (existing !== null) await executor.write(`DROP INDEX ${name} IF EXISTS`, {}, long);
  await executor.write(
    `CREATE VECTOR INDEX ${name} IF NOT EXISTS FOR (t:Trial) ON (t.embedding)
     OPTIONS { indexConfig: { \`vector.dimensions\`: ${dimensions}, \`vector.similarity_function\`: 'cosine' } }`,
    {},
    long,
  );
  await executor.write("CALL db.awaitIndexes(300)", {}, long);
  return { name, dimensions, recreated: existing !== null };
}
