// Brings up what every long-running command needs: a reachable Neo4j (the local one unless
// NEO4J_URI points elsewhere), the schema, the bundled seed when the graph is empty, and the model.
import type { Driver } from "neo4j-driver";
import { loadConfig, type Config } from "../config.js";
import { createDriver } from "../graph/driver.js";
import { seedIfEmpty } from "../../graph-seed/src/seed.js";
import { startLocalNeo4j, type LocalNeo4jHandle } from "../../scripts/neo4j-local-lib.mjs";
import { createScorer, type ModelScorer } from "../model/create-scorer.js";

export interface Platform {
  config: Config;
  driver: Driver;
  scorer: ModelScorer;
  /** The local Neo4j this process started (null when NEO4J_URI is set or one already ran). */
  localNeo4j: LocalNeo4jHandle | null;
  close(): Promise<void>;
}

const log = (line: string) => console.error(line);

export async function startPlatform(config: Config = loadConfig()): Promise<Platform> {
  let localNeo4j: LocalNeo4jHandle | null = null;
  if (!config.neo4j.uri) {
    log(
      `[platform] starting the local Neo4j on 127.0.0.1:${config.neo4j.localBoltPort} (data: ${config.neo4j.localDataDir})`,
    );
    const handle = await startLocalNeo4j({
      port: config.neo4j.localBoltPort,
      dataDir: config.neo4j.localDataDir,
      log,
    });
    log(
      handle.alreadyRunning
        ? `[platform] a local Neo4j already runs at ${handle.uri}`
        : `[platform] Neo4j ready at ${handle.uri}`,
    );
    localNeo4j = handle.alreadyRunning ? null : handle;
  }
  const driver = createDriver(config.neo4j);
  try {
    await driver.verifyConnectivity();
    const seeded = await seedIfEmpty(driver, {
      dataDir: config.seedDataDir,
      database: config.neo4j.database,
    });
    log(seeded ? `[platform] seeded ${seeded.trials} trials` : "[platform] graph already seeded");
    const scorer = await createScorer(config.model, { log });
    log(`[platform] model ${scorer.modelVersion} on ${scorer.executionProvider} (${scorer.providerReason})`);
    return {
      config,
      driver,
      scorer,
      localNeo4j,
      async close() {
        await scorer.close();
        await driver.close();
        if (localNeo4j) await localNeo4j.stop();
      },
    };
  } catch (err) {
    await driver.close();
    if (localNeo4j) await localNeo4j.stop();
    throw err;
  }
}
