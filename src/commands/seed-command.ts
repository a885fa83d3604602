// The `seed` and `schema` CLI commands (wired in src/cli.ts).
import { parseArgs } from "node:util";
import { loadConfig } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { closeDriver, createDriver } from "../../src/graph/driver.js";
import { DEFAULT_BATCH_SIZE, defaultReportPath, seed } from "./seed.js";

export async function seedCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      files: { type: "string" },
      "batch-size": { type: "string", default: String(DEFAULT_BATCH_SIZE) },
      report: { type: "string", default: defaultReportPath },
      "data-dir": { type: "string" },
    },
    strict: true,
  });
  const batchSize = Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`--batch-size must be a positive integer, got ${values["batch-size"]}`);
  const config = loadConfig();
  const driver = createDriver(config.neo4j);
  try {
    await applySchema(driver, { database: config.neo4j.database });
    const summary = await seed(driver, {
      files: values.files
        ?.split(",")
        .map((f) => f.trim())
        .filter(Boolean),
      dataDir: values["data-dir"] ?? config.seedDataDir,
      batchSize,
      reportPath: values.report,
      database: config.neo4j.database,
    });
    return summary.rowsAccepted > 0 ? 0 : 1;
  } finally {
    await closeDriver(driver);
  }
}

export async function schemaCommand(argv: string[]): Promise<number> {
  parseArgs({ args: argv, options: {}, strict: true });
  const config = loadConfig();
  const driver = createDriver(config.neo4j);
  try {
    const applied = await applySchema(driver, { database: config.neo4j.database });
    console.error(`[schema] ${applied.length} statements applied`);
    return 0;
  } finally {
    await closeDriver(driver);
  }
}
