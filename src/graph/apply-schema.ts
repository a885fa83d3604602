// Applies schema/neo4j/*.cypher in file-name order. Every statement uses IF NOT EXISTS, so
// running this at each start is idempotent.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../config.js";
import type { Executor } from "./executor.js";

export const schemaDir = path.join(repoRoot, "schema", "neo4j");

/** Splits a .cypher file into statements: `//` comment lines dropped, `;` at line end ends one. */
export function cypherStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("//")) continue;
    current.push(line);
    if (line.endsWith(";")) {
      statements.push(current.join(" ").replace(/;$/, "").trim());
      current = [];
    }
  }
  if (current.length > 0) statements.push(current.join(" ").trim());
  return statements.filter((s) => s !== "");
}

/** Building an index over a full graph takes a while: schema statements get minutes, not seconds. */
export const SCHEMA_TIMEOUT_MS = 600_000;

export async function applySchema(executor: Executor, options: { dir?: string } = {}): Promise<string[]> {
  const dir = options.dir ?? schemaDir;
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cypher")).sort();
  const applied: string[] = [];
  for (const file of files) {
    for (const statement of cypherStatements(await readFile(path.join(dir, file), "utf8"))) {
      // Schema changes cannot share a transaction with anything else: one each.
      await executor.write(statement, {}, { timeoutMs: SCHEMA_TIMEOUT_MS });
      applied.push(statement);
    }
  }
  await executor.write("CALL db.awaitIndexes(300)", {}, { timeoutMs: SCHEMA_TIMEOUT_MS });
  return applied;
}
