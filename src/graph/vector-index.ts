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

async function indexConfig(executor: Executor): Promise<Record<string, unknown> | null> {
  const rows = await executor.read<{ options: { indexConfig?: Record<string, unknown> } | null }>(
    "SHOW INDEXES YIELD name, options WHERE name = $name RETURN options",
    { name: TRIAL_EMBEDDING_VECTOR_INDEX },
  );
  return rows.length === 0 ? null : (rows[0]!.options?.indexConfig ?? {});
}

export async function currentVectorDimensions(executor: Executor): Promise<number | null> {
  const config = await indexConfig(executor);
  if (config === null) return null;
  const dim = config["vector.dimensions"];
  return typeof dim === "number" ? dim : Number(dim);
}

export async function ensureVectorIndex(executor: Executor, dimensions: number): Promise<VectorIndexState> {
  // Index options cannot be query parameters; the value is checked before it reaches the text.
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 4096) {
    throw new Error(`vector index dimension must be an integer in 1..4096, got ${dimensions}`);
  }
  const name = TRIAL_EMBEDDING_VECTOR_INDEX;
  const config = await indexConfig(executor);
  const existing = config === null ? null : Number(config["vector.dimensions"]);
  // Quantized vectors (Neo4j's default) lose the order among close neighbours: recall@10 against
  // exact cosine was 0.86 at 100k trials with it, 0.97 without (bench/scale.ts), for 4x the
  // vector memory (512 B a trial at 128 dimensions). An index made with it is made again.
  const quantized = config !== null && config["vector.quantization.enabled"] !== false;
  if (existing === dimensions && !quantized) return { name, dimensions, recreated: false };
  const long = { timeoutMs: SCHEMA_TIMEOUT_MS };
  if (existing !== null) await executor.write(`DROP INDEX ${name} IF EXISTS`, {}, long);
  await executor.write(
    `CREATE VECTOR INDEX ${name} IF NOT EXISTS FOR (t:Trial) ON (t.embedding)
     OPTIONS { indexConfig: { \`vector.dimensions\`: ${dimensions}, \`vector.similarity_function\`: 'cosine',
       \`vector.quantization.enabled\`: false } }`,
    {},
    long,
  );
  await executor.write("CALL db.awaitIndexes(300)", {}, long);
  return { name, dimensions, recreated: existing !== null };
}
