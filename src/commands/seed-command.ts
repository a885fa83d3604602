// The `seed` and `schema` CLI commands (wired in src/cli.ts).
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { applySchema } from "../graph/apply-schema.js";
import { createExecutor } from "../graph/executor.js";
import { DEFAULT_BATCH_SIZE, defaultReportPath, seed } from "../seed/seed.js";

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
  const executor = createExecutor(config.neo4j);
  try {
    await applySchema(executor);
    const summary = await seed(executor, {
      files: values.files
        ?.split(",")
        .map((f) => f.trim())
        .filter(Boolean),
      dataDir: values["data-dir"] ?? config.seedDataDir,
      batchSize,
      reportPath: values.report,
    });
    return summary.rowsAccepted > 0 ? 0 : 1;
  } finally {
    await executor.close();
  }
}

export async function schemaCommand(argv: string[]): Promise<number> {
  parseArgs({ args: argv, options: {}, strict: true });
  const executor = createExecutor(loadConfig().neo4j);
  try {
    const applied = await applySchema(executor);
    console.error(`[schema] ${applied.length} statements applied`);
    return 0;
  } finally {
    await executor.close();
  }
}
