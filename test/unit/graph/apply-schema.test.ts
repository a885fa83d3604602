// Schema files to statements: comments and blank lines dropped, a statement may span lines and ends
// at a `;` at the end of a line, the last one may lack its `;`; files applied in name order, one
// write each with the long schema deadline, then one wait for the indexes.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  applySchema,
  cypherStatements,
  schemaDir,
  SCHEMA_TIMEOUT_MS,
} from "../../../src/graph/apply-schema.js";
import { recordingExecutor } from "./recording-executor.js";

describe("cypherStatements", () => {
  it("splits at a `;` that ends a line and joins a statement's lines with one space", () => {
    const text = [
      "// constraints",
      "CREATE CONSTRAINT a IF NOT EXISTS",
      "  FOR (t:Trial) REQUIRE t.nctId IS UNIQUE;",
      "",
      "   // indented comment",
      "CREATE INDEX b IF NOT EXISTS FOR (d:Drug) ON (d.name);",
    ].join("\n");
    expect(cypherStatements(text)).toEqual([
      "CREATE CONSTRAINT a IF NOT EXISTS FOR (t:Trial) REQUIRE t.nctId IS UNIQUE",
      "CREATE INDEX b IF NOT EXISTS FOR (d:Drug) ON (d.name)",
    ]);
  });

  it("Windows line ends, a `;` inside a line, and a last statement without `;`", () => {
    expect(cypherStatements("RETURN 'a;b' AS x;\r\nRETURN 1\r\n  AS y")).toEqual([
      "RETURN 'a;b' AS x",
      "RETURN 1 AS y",
    ]);
  });

  it("a blank line inside a statement adds no space", () => {
    expect(cypherStatements("CREATE INDEX x\n\n   \nFOR (d:Drug) ON (d.name);")).toEqual([
      "CREATE INDEX x FOR (d:Drug) ON (d.name)",
    ]);
  });

  it("only the final `;` is removed; a lone `;` makes no statement; empty text none", () => {
    expect(cypherStatements("RETURN ';' AS x;")).toEqual(["RETURN ';' AS x"]);
    expect(cypherStatements(";\nRETURN 2;")).toEqual(["RETURN 2"]);
    expect(cypherStatements("\n// only a comment\n")).toEqual([]);
    expect(cypherStatements("RETURN 3 ;")).toEqual(["RETURN 3"]);
  });
});

describe("applySchema", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("applies the .cypher files in name order, one write per statement, then waits for the indexes", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "schema-"));
    await writeFile(path.join(dir, "002-b.cypher"), "CREATE INDEX b;\nCREATE INDEX c;\n");
    await writeFile(path.join(dir, "001-a.cypher"), "// first\nCREATE CONSTRAINT a;\n");
    await writeFile(path.join(dir, "notes.md"), "CREATE INDEX never;\n");
    const { executor, calls } = recordingExecutor();
    const applied = await applySchema(executor, { dir });
    expect(applied).toEqual(["CREATE CONSTRAINT a", "CREATE INDEX b", "CREATE INDEX c"]);
    expect(calls.map((c) => [c.kind, c.cypher, c.timeoutMs])).toEqual([
      ["write", "CREATE CONSTRAINT a", SCHEMA_TIMEOUT_MS],
      ["write", "CREATE INDEX b", SCHEMA_TIMEOUT_MS],
      ["write", "CREATE INDEX c", SCHEMA_TIMEOUT_MS],
      ["write", "CALL db.awaitIndexes(300)", SCHEMA_TIMEOUT_MS],
    ]);
  });

  it("without a folder: the repository's schema/neo4j files", async () => {
    expect(schemaDir.endsWith(path.join("schema", "neo4j"))).toBe(true);
    const { executor, calls } = recordingExecutor();
    const applied = await applySchema(executor);
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((s) => /IF NOT EXISTS/i.test(s))).toBe(true);
    expect(calls).toHaveLength(applied.length + 1);
  });
});
