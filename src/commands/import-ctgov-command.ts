// The `import-ctgov` CLI command (wired in src/cli.ts): ClinicalTrials.gov records into the graph.
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, repoRoot } from "../config.js";
import { applySchema } from "../graph/apply-schema.js";
import { createExecutor, JOB_QUERY_TIMEOUT_MS } from "../graph/executor.js";
import { DEFAULT_IMPORT_BATCH, importRegistry } from "../seed/ctgov/import-registry.js";

export const defaultImportReportPath = path.join(repoRoot, ".cache", "ctgov-import-report.json");

export async function importCtgovCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "batch-size": { type: "string", default: String(DEFAULT_IMPORT_BATCH) },
      report: { type: "string", default: defaultImportReportPath },
      "update-benchmark": { type: "boolean", default: false },
      "data-dir": { type: "string" },
    },
    strict: true,
  });
  if (positionals.length === 0)
    throw new Error(
      "usage: import-ctgov PATH... (a bulk zip, a folder of NCT*.xml / *.json / *.ndjson, or such a file)",
    );
  const batchSize = Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`--batch-size must be a positive integer, got ${values["batch-size"]}`);
  const config = loadConfig();
  const executor = createExecutor(config.neo4j).withTimeout(JOB_QUERY_TIMEOUT_MS);
  try {
    await applySchema(executor);
    const summary = await importRegistry(executor, {
      inputs: positionals,
      dataDir: values["data-dir"] ?? config.seedDataDir,
      batchSize,
      updateBenchmark: values["update-benchmark"],
      reportPath: values.report,
    });
    return summary.read > 0 && summary.rejected < summary.read ? 0 : 1;
  } finally {
    await executor.close();
  }
}
