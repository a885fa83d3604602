// `tsx src/cli.ts print-schema [--stdout]`: writes the SDL generated from the code to
// schema/schema.graphql (committed; test/unit/graphql/schema-drift.test.ts fails when it drifts).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../config.js";
import { printSchemaSDL } from "../graphql/schema.js";

export const SCHEMA_FILE = path.join(repoRoot, "schema", "schema.graphql");

export async function printSchemaCommand(argv: string[]): Promise<number> {
  const sdl = await printSchemaSDL();
  if (argv.includes("--stdout")) {
    process.stdout.write(sdl);
    return 0;
  }
  await writeFile(SCHEMA_FILE, sdl);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)} (${sdl.split("\n").length} lines)`);
  return 0;
}
