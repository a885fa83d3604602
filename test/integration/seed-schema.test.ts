// schema/neo4j/*.cypher applies idempotently; ensureVectorIndex creates the cosine index with the
// model's dimension and recreates it when the dimension changes.
import type { Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { applySchema, cypherStatements } from "../../src/graph/apply-schema.js";
import { closeDriver, createDriver, readQuery, writeQuery } from "../../src/graph/driver.js";
import {
  currentVectorDimensions,
  ensureVectorIndex,
  VECTOR_INDEX_NAME,
} from "../../src/graph/vector-index.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

let driver: Driver;

beforeAll(() => {
  const env = neo4jTestEnv();
  driver = createDriver({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
});

afterAll(async () => {
  await writeQuery(driver, `DROP INDEX ${VECTOR_INDEX_NAME} IF EXISTS`);
  await closeDriver(driver);
});

describe("graph schema", () => {
  it("splits .cypher files into statements without comments", () => {
    expect(cypherStatements("// c\nCREATE A;\nCREATE B\n  ON X;\n\n")).toEqual(["CREATE A", "CREATE B ON X"]);
  });

  it("applies constraints and full-text indexes, twice without change", async () => {
    await applySchema(driver);
    const shape = async () => ({
      constraints: (
        await readQuery<{ name: string }>(driver, "SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
      ).map((r) => r.name),
      fulltext: await readQuery<{ name: string; labels: string[]; props: string[] }>(
        driver,
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes AS labels, properties AS props RETURN name, labels, props ORDER BY name",
      ),
    });
    const first = await shape();
    await applySchema(driver);
    expect(await shape()).toEqual(first);
    expect(first.constraints).toEqual(
      expect.arrayContaining(["disease_name", "drug_name", "icd_code", "phase_name", "trial_nct_id"]),
    );
    expect(first.fulltext).toEqual(
      expect.arrayContaining([
        { name: "entity_names", labels: ["Drug", "Disease"], props: ["name"] },
        { name: "trial_criteria", labels: ["Trial"], props: ["inclusionCriteria", "exclusionCriteria"] },
      ]),
    );
  });

  it("creates the vector index and recreates it only when the dimension changes", async () => {
    await writeQuery(driver, `DROP INDEX ${VECTOR_INDEX_NAME} IF EXISTS`);
    expect(await currentVectorDimensions(driver)).toBeNull();
    expect(await ensureVectorIndex(driver, 8)).toMatchObject({ dimensions: 8, recreated: false });
    expect(await ensureVectorIndex(driver, 8)).toMatchObject({ dimensions: 8, recreated: false });
    expect(await currentVectorDimensions(driver)).toBe(8);
    expect(await ensureVectorIndex(driver, 16)).toMatchObject({ dimensions: 16, recreated: true });
    expect(await currentVectorDimensions(driver)).toBe(16);
    const [idx] = await readQuery<{ fn: string }>(
      driver,
      "SHOW VECTOR INDEXES YIELD name, options WHERE name = $name RETURN options.indexConfig['vector.similarity_function'] AS fn",
      { name: VECTOR_INDEX_NAME },
    );
    expect(idx.fn.toLowerCase()).toBe("cosine");
    await expect(ensureVectorIndex(driver, 0)).rejects.toThrow(/dimension/);
  });
});
