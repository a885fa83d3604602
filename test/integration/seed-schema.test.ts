// schema/neo4j/*.cypher applies idempotently; ensureVectorIndex creates the cosine index with the
// model's dimension and recreates it when the dimension changes.
import type { Executor } from "../../src/graph/executor.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { applySchema, cypherStatements } from "../../src/graph/apply-schema.js";
import { createExecutor } from "../../src/graph/executor.js";
import { currentVectorDimensions, ensureVectorIndex } from "../../src/graph/vector-index.js";
import {
  TRIAL_CRITERIA_FULLTEXT_INDEX,
  TRIAL_EMBEDDING_VECTOR_INDEX as VECTOR_INDEX_NAME,
} from "../../src/graph/index-names.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

let executor: Executor;

beforeAll(() => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
});

afterAll(async () => {
  await executor.write(`DROP INDEX ${VECTOR_INDEX_NAME} IF EXISTS`);
  await executor.close();
});

describe("graph schema", () => {
  it("splits .cypher files into statements without comments", () => {
    expect(cypherStatements("// c\nCREATE A;\nCREATE B\n  ON X;\n\n")).toEqual(["CREATE A", "CREATE B ON X"]);
  });

  it("applies constraints and full-text indexes, twice without change", async () => {
    await applySchema(executor);
    const shape = async () => ({
      constraints: (
        await executor.read<{ name: string }>("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
      ).map((r) => r.name),
      fulltext: await executor.read<{ name: string; labels: string[]; props: string[] }>(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes AS labels, properties AS props RETURN name, labels, props ORDER BY name",
      ),
    });
    const first = await shape();
    await applySchema(executor);
    expect(await shape()).toEqual(first);
    expect(first.constraints).toEqual(
      expect.arrayContaining(["disease_name", "drug_name", "icd_code", "phase_name", "trial_nct_id"]),
    );
    expect(first.fulltext).toEqual(
      expect.arrayContaining([
        { name: "entity_names", labels: ["Drug", "Disease"], props: ["name"] },
        // The name the trial filter queries by (src/graph/index-names.ts).
        {
          name: TRIAL_CRITERIA_FULLTEXT_INDEX,
          labels: ["Trial"],
          props: ["inclusionCriteria", "exclusionCriteria"],
        },
      ]),
    );
  });

  it("creates the vector index and recreates it only when the dimension changes", async () => {
    await executor.write(`DROP INDEX ${VECTOR_INDEX_NAME} IF EXISTS`);
    expect(await currentVectorDimensions(executor)).toBeNull();
    expect(await ensureVectorIndex(executor, 8)).toMatchObject({ dimensions: 8, recreated: false });
    expect(await ensureVectorIndex(executor, 8)).toMatchObject({ dimensions: 8, recreated: false });
    expect(await currentVectorDimensions(executor)).toBe(8);
    expect(await ensureVectorIndex(executor, 16)).toMatchObject({ dimensions: 16, recreated: true });
    expect(await currentVectorDimensions(executor)).toBe(16);
    const [idx] = await executor.read<{ fn: string }>(
      "SHOW VECTOR INDEXES YIELD name, options WHERE name = $name RETURN options.indexConfig['vector.similarity_function'] AS fn",
      { name: VECTOR_INDEX_NAME },
    );
    expect(idx.fn.toLowerCase()).toBe("cosine");
    await expect(ensureVectorIndex(executor, 0)).rejects.toThrow(/dimension/);
  });

  it("makes the vector index without quantization, and remakes a quantized one (recall among close neighbours)", async () => {
    const quantization = async () =>
      (
        await executor.read<{ q: boolean }>(
          "SHOW VECTOR INDEXES YIELD name, options WHERE name = $name RETURN options.indexConfig['vector.quantization.enabled'] AS q",
          { name: VECTOR_INDEX_NAME },
        )
      )[0]?.q;
    await ensureVectorIndex(executor, 16);
    expect(await quantization()).toBe(false);
    // An index made by an older version, with Neo4j's default quantization.
    await executor.write(`DROP INDEX ${VECTOR_INDEX_NAME} IF EXISTS`);
    await executor.write(
      `CREATE VECTOR INDEX ${VECTOR_INDEX_NAME} FOR (t:Trial) ON (t.embedding)
       OPTIONS { indexConfig: { \`vector.dimensions\`: 16, \`vector.similarity_function\`: 'cosine' } }`,
    );
    expect(await quantization()).toBe(true);
    expect(await ensureVectorIndex(executor, 16)).toMatchObject({ dimensions: 16, recreated: true });
    expect(await quantization()).toBe(false);
    expect(await ensureVectorIndex(executor, 16)).toMatchObject({ recreated: false });
  });
});
