// Shared set-up for the end-to-end suites: an executor to the run's Neo4j (test/support/global-neo4j.ts),
// the bundled data seeded with the real loader, and the real ONNX scorer when its artifacts exist.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Executor } from "../../../src/graph/executor.js";
import { loadConfig, type Config } from "../../../src/config.js";
import { createExecutor } from "../../../src/graph/executor.js";
import { trialCount } from "../../../src/graph/graph-counts.js";
import { applySchema } from "../../../src/graph/apply-schema.js";
import { seed } from "../../../src/seed/seed.js";
import { missingArtifacts } from "../../../src/model/create-scorer.js";
import { neo4jEnvVars } from "../../support/neo4j-test-env.js";

export function e2eConfig(overrides: Partial<Config["server"]> = {}): Config {
  const config = loadConfig({
    ...process.env,
    ...neo4jEnvVars(),
  });
  config.server = { ...config.server, host: "127.0.0.1", port: 0, ...overrides };
  return config;
}

export function e2eExecutor(config: Config): Executor {
  return createExecutor(config.neo4j);
}

/** Seeds the bundled files unless the graph already holds them (the loader is idempotent either way). */
export async function ensureSeeded(executor: Executor): Promise<number> {
  await applySchema(executor);
  if ((await trialCount(executor)) < 3000)
    await seed(executor, { dataDir: loadConfig().seedDataDir, reportPath: null, log: () => {} });
  return trialCount(executor);
}

export const artifactsDir = loadConfig().model.artifactsDir;
/** Why the model-backed suites are skipped, or null when the real artifacts are present. */
export const missingModel: string | null = (() => {
  const missing = missingArtifacts(artifactsDir);
  return missing.length ? `model artifacts missing: ${missing.join(", ")}` : null;
})();
export const goldenFile = path.join(artifactsDir, "golden", "trials.json");
export const hasGolden = existsSync(goldenFile);
