// Seed + score: wall time and rate of bringing up the bundled data from an empty graph, step by
// step: schema, seed (parse files, RDKit, write), score (the scoring job: read, ONNX, write), vector
// index (create + populate, or nothing when it already existed and was updated by the writes).
// Baseline (same run): the scorer alone (scoreMany) on a sample of the same trials, so the ratio
// shows what the job's graph reads and writes cost on top of the model.
// Clears the graph of NEO4J_URI (or its own local Neo4j) and leaves it seeded and scored.
//   tsx bench/seed-score.ts [--smoke] [--score-limit N]
import { parseArgs } from "node:util";
import { seed } from "../src/seed/seed.js";
import { loadConfig } from "../src/config.js";
import { applySchema } from "../src/graph/apply-schema.js";
import { clearGraph } from "../src/graph/clear-graph.js";
import { createExecutor, JOB_QUERY_TIMEOUT_MS } from "../src/graph/executor.js";
import { createRepositories } from "../src/graph/repositories.js";
import { currentVectorDimensions, ensureVectorIndex } from "../src/graph/vector-index.js";
import { scoreTrials } from "../src/jobs/score-trials.js";
import { createScorer } from "../src/model/create-scorer.js";
import { benchNeo4j } from "./lib/bench-neo4j.js";
import { SMOKE_SEED_FILE } from "./lib/bench-graph.js";
import { finishMachine, fmt, machineInfo, mdTable, writeResult } from "./lib/common.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    "score-limit": { type: "string" },
    "baseline-trials": { type: "string" },
  },
});
const smoke = values.smoke!;
const scoreLimit = values["score-limit"] ? Number(values["score-limit"]) : smoke ? 8 : undefined;
const baselineTrials = Number(values["baseline-trials"] ?? (smoke ? 4 : 128));

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const neo = await benchNeo4j();
  const config = loadConfig();
  // Benchmark set-up seeds and scores: job deadlines, not request ones.
  const executor = createExecutor(config.neo4j).withTimeout(JOB_QUERY_TIMEOUT_MS);
  const graph = createRepositories(executor);
  const log = (line: string) => console.error(line);
  try {
    const scorer = await createScorer(config.model, { log: () => undefined });
    try {
      await clearGraph(executor);
      const wall0 = performance.now();
      const [, schemaS] = await timed(() => applySchema(executor));
      const [seeded, seedS] = await timed(() =>
        seed(executor, {
          files: smoke ? [SMOKE_SEED_FILE] : undefined,
          dataDir: config.seedDataDir,
          reportPath: null,
          log: () => undefined,
        }),
      );
      log(`[bench seed-score] seeded ${seeded.trials} trials in ${fmt(seedS)} s`);
      const ids = await graph.scores.unscoredTrialIds(scorer.modelVersion, scoreLimit);
      const indexBefore = await currentVectorDimensions(executor);
      // First ONNX runs and RDKit start-up are not the job's steady rate: warm the scorer on planned copies
      // (no nctId, so nothing of the job's trials is cached).
      await scorer.scoreMany(
        (await graph.scores.modelInputs(ids.slice(0, 2))).map((s) => ({ ...s, nctId: undefined })),
      );
      const [summary, scoreCallS] = await timed(() => scoreTrials(graph, executor, scorer, { ids, log }));
      // scoreTrials ends with ensureVectorIndex: its share is the call minus the scoring loop
      const scoreS = summary.seconds;
      const indexS = scoreCallS - scoreS;
      const [, awaitS] = await timed(() => ensureVectorIndex(executor, scorer.embeddingDim));
      const wallS = (performance.now() - wall0) / 1000;

      // baseline: the model alone on the same kind of trials (fresh scorer, cache off)
      const sample = await graph.scores.modelInputs(ids.slice(0, baselineTrials));
      const alone = await createScorer({ ...config.model, cacheSize: 0 }, { log: () => undefined });
      let aloneRate: number;
      try {
        await alone.scoreMany(
          sample.slice(0, Math.min(4, sample.length)).map((s) => ({ ...s, nctId: undefined })),
        );
        const [, s] = await timed(() => alone.scoreMany(sample));
        aloneRate = sample.length / s;
      } finally {
        await alone.close();
      }
      const jobRate = summary.trialsPerSecond;
      const steps = {
        schemaSeconds: schemaS,
        seedSeconds: seedS,
        scoreSeconds: scoreS,
        vectorIndexSeconds: indexS + awaitS,
      };
      const medians = {
        wallSeconds: wallS,
        ...steps,
        trialsSeeded: seeded.trials,
        trialsScored: summary.trialsScored,
        seedTrialsPerSec: seeded.trials / seedS,
        scoreTrialsPerSec: jobRate,
        graphWrites: Object.values(seeded.rowsWritten).reduce((a, b) => a + b, 0),
      };
      const share = (s: number) => `${fmt((100 * s) / wallS)}%`;
      const table = [
        ...mdTable(
          ["step", "seconds", "share of wall time", "rate"],
          [
            ["schema (constraints, indexes)", schemaS, share(schemaS), "-"],
            [
              `seed (${seeded.trials} trials, ${medians.graphWrites} graph writes)`,
              seedS,
              share(seedS),
              `${fmt(medians.seedTrialsPerSec)} trials/s`,
            ],
            [
              `score (${summary.trialsScored} trials: read, ONNX, write)`,
              scoreS,
              share(scoreS),
              `${fmt(jobRate)} trials/s`,
            ],
            [
              `vector index (${indexBefore === null ? "created and populated" : "existed, updated by the writes"})`,
              indexS + awaitS,
              share(indexS + awaitS),
              "-",
            ],
            ["total wall time", wallS, "100%", "-"],
          ],
        ),
        "",
        `Scoring job ${fmt(jobRate)} trials/s vs the scorer alone ${fmt(aloneRate)} trials/s on ${sample.length} of the same trials (${fmt(jobRate / aloneRate)}x).`,
      ];
      await writeResult({
        name: "seed-score",
        machine: finishMachine(machine),
        date: new Date().toISOString(),
        smoke,
        config: {
          files: smoke ? [SMOKE_SEED_FILE] : "all bundled",
          scoreLimit: scoreLimit ?? "all",
          modelVersion: scorer.modelVersion,
          executionProvider: scorer.executionProvider,
          maxBatch: config.model.maxBatch,
          vectorIndexExistedBefore: indexBefore !== null,
        },
        medians,
        baseline: { scorerAloneTrialsPerSec: aloneRate, trials: sample.length },
        ratio: {
          jobOverScorerAlone: jobRate / aloneRate,
          stepShares: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, v / wallS])),
        },
        fallbacks: summary.fallbacks,
        table,
        notes: [
          "one run (seeding and scoring everything is minutes of work); the step shares are the figure to read",
        ],
      });
    } finally {
      await scorer.close();
    }
  } finally {
    await executor.close();
    await neo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
