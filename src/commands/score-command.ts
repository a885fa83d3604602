// `score`: scores every trial lacking the loaded model version's score (or all with --force) and
// (re)creates the vector index. The same job `serve` runs at start-up. Ctrl-C / SIGTERM stop it
// between chunks (what is written stays) and then stop the local Neo4j this process started.
// `--shard i/n` scores one of n disjoint parts, so n workers can share the work (docs/scaling.md).
import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startPlatform, untilStopSignal } from "./platform.js";
import { scoreTrials } from "../jobs/score-trials.js";
import { parseShard } from "../jobs/shard.js";

export async function scoreCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      force: { type: "boolean", default: false },
      "chunk-size": { type: "string", default: "64" },
      // i/n: this worker scores only its part of the trials (src/jobs/shard.ts).
      shard: { type: "string" },
      // Appends the ids of each committed chunk, one a line (audits of sharded runs, tests).
      "written-log": { type: "string" },
    },
    strict: true,
  });
  const chunkSize = Number(values["chunk-size"]);
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new Error(`--chunk-size must be a positive integer, got ${values["chunk-size"]}`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const writtenLog = values["written-log"];
  const stop = new AbortController();
  const signal = untilStopSignal();
  void signal.promise.then((name) => {
    console.error(`[score] ${name}: stopping after the current chunk`);
    stop.abort();
  });
  try {
    const platform = await startPlatform();
    try {
      const summary = await scoreTrials(platform.jobGraph, platform.jobExecutor, platform.scorer, {
        force: values.force,
        chunkSize,
        shard,
        onWritten: writtenLog
          ? (ids) => appendFileSync(writtenLog, ids.map((id) => `${id}\n`).join(""))
          : undefined,
        signal: stop.signal,
      });
      console.log(JSON.stringify(summary, null, 2));
      return summary.stopped ? 130 : 0;
    } finally {
      await platform.close();
    }
  } finally {
    signal.dispose();
  }
}
