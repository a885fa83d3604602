// `score`: scores every trial lacking the loaded model version's score (or all with --force) and
// (re)creates the vector index. The same job `serve` runs at start-up.
import { parseArgs } from "node:util";
import { startPlatform } from "./platform.js";
import { scoreTrials } from "../jobs/score-trials.js";

export async function scoreCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { force: { type: "boolean", default: false }, "chunk-size": { type: "string", default: "64" } },
    strict: true,
  });
  const chunkSize = Number(values["chunk-size"]);
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new Error(`--chunk-size must be a positive integer, got ${values["chunk-size"]}`);
  const platform = await startPlatform();
  try {
    const summary = await scoreTrials(platform.driver, platform.scorer, {
      database: platform.config.neo4j.database,
      force: values.force,
      chunkSize,
    });
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  } finally {
    await platform.close();
  }
}
