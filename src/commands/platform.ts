// Brings up what every long-running command needs: a reachable Neo4j (the local one unless
// NEO4J_URI points elsewhere), the schema, the bundled seed when the graph is empty, the checked
// model artifacts and the scorer. close() undoes it in reverse; it is safe to call twice.
import { loadConfig, type Config } from "../config.js";
import { createExecutor, JOB_QUERY_TIMEOUT_MS, type Executor } from "../graph/executor.js";
import { createRepositories, type Repositories } from "../graph/repositories.js";
import { startLocalNeo4j, type LocalNeo4jHandle } from "../neo4j-local/launcher.js";
import { checkArtifacts, type ServedArtifacts } from "../model/artifacts.js";
import { createScorer, type ModelScorer } from "../model/create-scorer.js";
import { seedIfEmpty } from "../seed/seed.js";

export interface Platform {
  config: Config;
  /** Deadline NEO4J_QUERY_TIMEOUT_MS: what requests use. */
  executor: Executor;
  /** The same driver with JOB_QUERY_TIMEOUT_MS: what seeding and scoring use. */
  jobExecutor: Executor;
  /** Repositories over the executor (requests). */
  graph: Repositories;
  /** Repositories over the job executor. */
  jobGraph: Repositories;
  scorer: ModelScorer;
  artifacts: ServedArtifacts;
  /** The local Neo4j this process started (null when NEO4J_URI is set or one already ran). */
  localNeo4j: LocalNeo4jHandle | null;
  close(): Promise<void>;
}

const log = (line: string) => console.error(line);

export async function startPlatform(config: Config = loadConfig()): Promise<Platform> {
  // Artifacts first: a broken model should not cost a Neo4j start to find out.
  const artifacts = await checkArtifacts(config.model.artifactsDir);
  let localNeo4j: LocalNeo4jHandle | null = null;
  if (!config.neo4j.uri) {
    log(
      `[platform] starting the local Neo4j on 127.0.0.1:${config.neo4j.localBoltPort} (data: ${config.neo4j.localDataDir})`,
    );
    const handle = await startLocalNeo4j(config.neo4j, { log });
    log(
      handle.alreadyRunning
        ? `[platform] a local Neo4j already runs at ${handle.uri}`
        : `[platform] Neo4j ready at ${handle.uri}`,
    );
    localNeo4j = handle.alreadyRunning ? null : handle;
  }
  const executor = createExecutor(config.neo4j);
  const jobExecutor = executor.withTimeout(JOB_QUERY_TIMEOUT_MS);
  let scorer: ModelScorer | undefined;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await scorer?.close();
      await executor.close();
      if (localNeo4j) await localNeo4j.stop();
    })());
  try {
    await executor.driver.verifyConnectivity();
    const seeded = await seedIfEmpty(jobExecutor, { dataDir: config.seedDataDir });
    log(seeded ? `[platform] seeded ${seeded.trials} trials` : "[platform] graph already seeded");
    scorer = await createScorer(config.model, { log });
    log(`[platform] model ${scorer.modelVersion} on ${scorer.executionProvider} (${scorer.providerReason})`);
    return {
      config,
      executor,
      jobExecutor,
      graph: createRepositories(executor),
      jobGraph: createRepositories(jobExecutor),
      scorer,
      artifacts,
      localNeo4j,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Resolves on the first SIGINT or SIGTERM. `on`, not `once`: npx and tsx forward the signal too, and
 * a second one arriving after a `once` handler is gone would kill the process before the local
 * Neo4j is stopped.
 */
export function untilStopSignal(): { promise: Promise<NodeJS.Signals>; dispose(): void } {
  let resolve!: (signal: NodeJS.Signals) => void;
  const promise = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const onSignal = (signal: NodeJS.Signals) => resolve(signal);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    promise,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
