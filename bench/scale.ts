// Scale: how every cost grows with the graph. The bundled trials (the "10k", real) are seeded and
// a sample is scored by the model (score --shard 0/N: the served path); then synthetic trials
// derived from them (bench/lib/synthetic-graph.ts) grow the same store to each size, written with
// the normal seeder and the normal score writes. At each size: seed rate, vector index build,
// the analytics' first computation, the API's queries over HTTP (p50/p99), similarTrials recall@10
// against exact cosine, and server / Neo4j memory. Writes bench/results/scale.json; the plot is
// bench/scale_plot.py's. Sizes not measured are reported as such, with labelled projections.
//   tsx bench/scale.ts [--smoke] [--sizes 100000] [--seed 12] [--reps 30]
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, repoRoot } from "../src/config.js";
import { createExecutor, JOB_QUERY_TIMEOUT_MS, type Executor } from "../src/graph/executor.js";
import { trialCount } from "../src/graph/graph-counts.js";
import { TRIAL_EMBEDDING_VECTOR_INDEX } from "../src/graph/index-names.js";
import { createRepositories } from "../src/graph/repositories.js";
import { ensureVectorIndex } from "../src/graph/vector-index.js";
import { scoreTrials } from "../src/jobs/score-trials.js";
import { createScorer } from "../src/model/create-scorer.js";
import { loadModelCard } from "../src/model/model-card.js";
import { statusLocalNeo4j } from "../src/neo4j-local/launcher.js";
import { openSource } from "../src/seed/open-source.js";
import { prepareSeed } from "../src/seed/prepare-seed.js";
import { defaultSeedFiles } from "../src/seed/source-files.js";
import { writeGraph, writeSteps } from "../src/seed/write-graph.js";
import { ensureSeeded, SMOKE_SEED_FILE } from "./lib/bench-graph.js";
import { startLoadServer } from "./lib/load-server-process.js";
import { benchNeo4j } from "./lib/bench-neo4j.js";
import { finishMachine, fmt, machineInfo, mdTable, since, venvPython, writeResult } from "./lib/common.js";
import { exactTopK, recallAt } from "./lib/exact-knn.js";
import { dataOrThrow, postGraphQL } from "./lib/graphql-client.js";
import { SEARCH_CURSOR_QUERY, scaleQueries, timeQuery, type QueryTiming } from "./lib/scale-queries.js";
import { RealPool, type AnchorScore } from "./lib/synthetic-graph.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    sizes: { type: "string" },
    seed: { type: "string", default: "12" },
    reps: { type: "string" },
    anchors: { type: "string" },
  },
});
const smoke = values.smoke!;
const seed = Number(values.seed);
const reps = Number(values.reps ?? (smoke ? 3 : 30));
/** Real trials per scored anchor: about 1 in 25 is scored by the model, the rest derive from them. */
const anchorShards = Number(values.anchors ?? (smoke ? 10 : 25));
/** Sizes after the real graph, in trials. */
const grownSizes = values.sizes ? values.sizes.split(",").map(Number) : null;
/** --smoke: the real graph plus this many synthetic trials. */
const SMOKE_GROWTH = 300;
const CHUNK = 5_000;
const RECALL_QUERIES = smoke ? 5 : 50;

interface SizeResult {
  trials: number;
  synthetic: number;
  /** Trials (with their edges and stored scores) written per second to reach this size. */
  seedTrialsPerSecond: number | null;
  seedNote?: string;
  vectorIndexSeconds: number;
  analyticsFirstMs: Record<string, number>;
  queries: Record<string, QueryTiming>;
  recallAt10: number;
  minRecallAt10: number;
  serverRssMiB: number;
  neo4jRssMiB: number | null;
}

function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Anchors: real trials the model scored (not derived). Scores ~1/anchorShards of them when missing. */
async function anchors(
  executor: Executor,
  version: string,
  log: (l: string) => void,
): Promise<{ list: AnchorScore[]; rate: number | null }> {
  const read = () =>
    executor.read<AnchorScore>(
      `MATCH (t:Trial) WHERE t.embedding IS NOT NULL AND t.modelVersion = $version AND t.scoreDerivedFrom IS NULL
         AND NOT t.nctId STARTS WITH 'NCT9'
       RETURN t.nctId AS nctId, t.successProbability AS probability, t.embedding AS embedding,
         t.modelVersion AS modelVersion, t.phaseModel AS phaseModel ORDER BY nctId`,
      { version },
    );
  let list = await read();
  let rate: number | null = null;
  if (list.length === 0) {
    const config = loadConfig();
    const scorer = await createScorer(config.model, { log: () => undefined });
    try {
      const graph = createRepositories(executor);
      // --smoke: a handful of trials; a real run: one shard in anchorShards (score --shard 0/N).
      const ids = smoke ? await graph.scores.unscoredTrialIds(scorer.modelVersion, 20) : undefined;
      const summary = await scoreTrials(graph, executor, scorer, {
        ...(ids ? { ids } : { shard: { index: 0, count: anchorShards } }),
        log,
      });
      rate = summary.trialsPerSecond;
    } finally {
      await scorer.close();
    }
    list = await read();
  }
  return { list, rate };
}

/**
 * ensureVectorIndex, waiting past its 300 s db.awaitIndexes: at 1M trials on this box the build
 * can take longer, and the index keeps populating after the wait gives up. Polls until ONLINE.
 */
async function buildVectorIndex(executor: Executor, dim: number, log: (l: string) => void): Promise<void> {
  try {
    await ensureVectorIndex(executor, dim);
    return;
  } catch (err) {
    log(`vector index not online after ensureVectorIndex's wait (${String(err)}); polling`);
  }
  for (;;) {
    const [index] = await executor.read<{ state: string; pct: number }>(
      "SHOW INDEXES YIELD name, state, populationPercent WHERE name = $name RETURN state, populationPercent AS pct",
      { name: TRIAL_EMBEDDING_VECTOR_INDEX },
    );
    if (!index || index.state === "FAILED") throw new Error(`vector index ${index?.state ?? "missing"}`);
    if (index.state === "ONLINE") return;
    log(`vector index ${index.state} ${fmt(index.pct)}%`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
}

async function writeDerived(executor: Executor, rows: { nctId: string; anchor: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5_000) {
    await executor.write(
      "UNWIND $rows AS row MATCH (t:Trial {nctId: row.nctId}) SET t.scoreDerivedFrom = row.anchor",
      { rows: rows.slice(i, i + 5_000) },
    );
  }
}

/**
 * A copy of the model artifacts for the whole run (the API server child and the anchor scoring
 * load it through TRIALGRAPH_MODEL_DIR): a model replaced in models/artifacts during the run would
 * make the server recompute every embedding with another model (seen: recall@10 0.1, 560 ms).
 */
async function pinModel(): Promise<{ dir: string; version: string }> {
  const source = loadConfig().model.artifactsDir;
  const dir = await mkdtemp(path.join(os.tmpdir(), "trialgraph-scale-model-"));
  for (const entry of await readdir(source, { withFileTypes: true }))
    if (entry.isFile()) await copyFile(path.join(source, entry.name), path.join(dir, entry.name));
  process.env.TRIALGRAPH_MODEL_DIR = dir;
  return { dir, version: (await loadModelCard(dir)).modelVersion };
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const log = (l: string) => console.error(`[scale] ${l}`);
  const model = await pinModel();
  log(`model ${model.version} pinned in ${model.dir}`);
  const neo = await benchNeo4j();
  const config = loadConfig();
  const executor = createExecutor(config.neo4j).withTimeout(JOB_QUERY_TIMEOUT_MS);
  const graph = createRepositories(executor);
  const port = Number(new URL(neo.uri.replace(/^[a-z+]+:/, "http:")).port);
  const neoPid = (await statusLocalNeo4j(port)).pid ?? null;
  try {
    const t0 = performance.now();
    await ensureSeeded(executor, smoke);
    // The first size is the real graph alone: synthetic trials left by an earlier run go first.
    await executor.autoCommit(
      "MATCH (t:Trial) WHERE t.nctId STARTS WITH 'NCT9' CALL (t) { DETACH DELETE t } IN TRANSACTIONS OF 5000 ROWS",
      {},
      { timeoutMs: 600_000 },
    );
    const [{ n: realCount }] = await executor.read<{ n: number }>(
      "MATCH (t:Trial) WHERE NOT t.nctId STARTS WITH 'NCT9' RETURN count(t) AS n",
    );
    log(`${realCount} real trials`);
    const files = smoke
      ? [path.join(config.seedDataDir, SMOKE_SEED_FILE)]
      : await defaultSeedFiles(config.seedDataDir);
    const sources = await Promise.all(files.map((f) => openSource(f, config.seedDataDir)));
    const real = (await prepareSeed(sources, config.seedDataDir)).rows;
    // A real trial's score is either the model's (an anchor) or derived: a new model starts over.
    await executor.write(
      "MATCH (t:Trial) WHERE t.scoreDerivedFrom IS NOT NULL AND t.modelVersion <> $version REMOVE t.scoreDerivedFrom",
      { version: model.version },
    );
    const anchorSet = await anchors(executor, model.version, log);
    log(`${anchorSet.list.length} anchors scored by the model (${anchorSet.list[0]?.modelVersion})`);
    const pool = new RealPool(real, anchorSet.list);
    const anchorIds = new Set(anchorSet.list.map((a) => a.nctId));

    // Every trial's id and embedding, in generation order, for exact cosine.
    const ids: string[] = [];
    const dim = anchorSet.list[0]!.embedding.length;
    let matrix = new Float32Array(0);
    const append = (rows: { nctId: string; embedding: number[] }[]) => {
      const next = new Float32Array((ids.length + rows.length) * dim);
      next.set(matrix);
      rows.forEach((r, j) => next.set(r.embedding, (ids.length + j) * dim));
      for (const r of rows) ids.push(r.nctId);
      matrix = next;
    };
    const realScores = pool.realScores(seed);
    const toDerive = realScores.filter((s) => !anchorIds.has(s.nctId));
    const [{ n: derivedAlready }] = await executor.read<{ n: number }>(
      "MATCH (t:Trial) WHERE t.scoreDerivedFrom IS NOT NULL AND t.modelVersion = $version AND NOT t.nctId STARTS WITH 'NCT9' RETURN count(t) AS n",
      { version: model.version },
    );
    if (derivedAlready < toDerive.length) {
      await graph.scores.writeScores(toDerive);
      await writeDerived(
        executor,
        toDerive.map((s) => ({ nctId: s.nctId, anchor: "derived" })),
      );
    }
    append(realScores);
    // Synthetic trial i is the (ids.length - base)-th generated: independent of what else the store holds.
    const base = realScores.length;

    const results: SizeResult[] = [];
    for (const target of [realCount, ...(grownSizes ?? [smoke ? realCount + SMOKE_GROWTH : 100_000])]) {
      const synthetic = Math.max(0, target - realCount);
      let seedRate: number | null = null;
      let seedNote: string | undefined;
      // Synthetic trials fully written (scores and the derived mark are a chunk's last writes), so
      // an interrupted run resumes where it stopped; rewriting a chunk is idempotent anyway.
      const [{ n: writeFrom }] = await executor.read<{ n: number }>(
        "MATCH (t:Trial) WHERE t.nctId STARTS WITH 'NCT9' AND t.scoreDerivedFrom IS NOT NULL RETURN count(t) AS n",
      );
      // The vector index re-indexes every embedding written while it exists, and gets slower as it
      // grows: bulk writes go without it, and it is rebuilt (and timed) below.
      if (synthetic > writeFrom) await executor.write(`DROP INDEX ${TRIAL_EMBEDDING_VECTOR_INDEX} IF EXISTS`);
      const tw = performance.now();
      for (let from = ids.length - base; from < synthetic; from += CHUNK) {
        const to = Math.min(synthetic, from + CHUNK);
        const { rows, scores } = pool.chunk(seed, from, to);
        if (to > writeFrom) {
          await writeGraph(executor, writeSteps(rows), { batchSize: 2_500 });
          await graph.scores.writeScores(scores);
          await writeDerived(
            executor,
            scores.map((s) => ({ nctId: s.nctId, anchor: "synthetic" })),
          );
          log(
            `wrote synthetic trials up to ${to} (${fmt((to - writeFrom) / (since(tw) / 1000))} trials/s so far)`,
          );
        }
        append(scores);
      }
      if (synthetic > writeFrom) seedRate = (synthetic - writeFrom) / (since(tw) / 1000);
      else seedNote = target === realCount ? "bundled seed: see the seed benchmark" : "already in the store";
      const trials = await trialCount(executor);

      const tv = performance.now();
      await executor.write(`DROP INDEX ${TRIAL_EMBEDDING_VECTOR_INDEX} IF EXISTS`);
      await buildVectorIndex(executor, dim, log);
      const vectorIndexSeconds = since(tv) / 1000;
      const analyticsFirstMs: Record<string, number> = {};
      for (const view of ["byPhase", "byIcdChapter", "byDrug"] as const) {
        await executor.write("MATCH (v:AnalyticsView {name: $view}) DELETE v", { view });
        const ta = performance.now();
        await (view === "byDrug" ? graph.analytics.byDrug(20) : graph.analytics[view]());
        analyticsFirstMs[view] = since(ta);
      }

      const server = await startLoadServer();
      try {
        const step = Math.max(1, Math.floor(ids.length / 97));
        const sampleIds = ids.filter((_, i) => i % step === 0);
        const sorted = [...ids].sort();
        const search = dataOrThrow(
          await postGraphQL<{ trials: { pageInfo: { endCursor: string } } }>(
            server.graphqlUrl,
            SEARCH_CURSOR_QUERY,
          ),
        );
        const queries = scaleQueries({
          sampleIds,
          deepId: sorted[Math.floor(sorted.length * 0.9)]!,
          drug: real.tests[0]?.name ?? "placebo",
          disease: real.studies[0]?.name ?? "glioma",
          searchCursor: search.trials.pageInfo.endCursor,
        });
        const timings: Record<string, QueryTiming> = {};
        for (const q of queries) {
          timings[q.name] = await timeQuery(server.graphqlUrl, q, reps, smoke ? 1 : 3);
          log(
            `${trials} trials: ${q.name} p50 ${fmt(timings[q.name]!.p50Ms)} ms, p99 ${fmt(timings[q.name]!.p99Ms)} ms`,
          );
        }
        const recalls: number[] = [];
        const qStep = Math.max(1, Math.floor(ids.length / RECALL_QUERIES));
        for (let q = 0; q < ids.length && recalls.length < RECALL_QUERIES; q += qStep) {
          const data = dataOrThrow(
            await postGraphQL<{ trial: { similarTrials: { trial: { nctId: string } }[] } }>(
              server.graphqlUrl,
              "query($id: String!) { trial(nctId: $id) { similarTrials(k: 10) { trial { nctId } } } }",
              { id: ids[q] },
            ),
          );
          recalls.push(
            recallAt(
              exactTopK(ids, matrix, dim, q, 10),
              data.trial.similarTrials.map((s) => s.trial.nctId),
            ),
          );
        }
        results.push({
          trials,
          synthetic: Math.max(0, trials - realCount),
          seedTrialsPerSecond: seedRate,
          ...(seedNote ? { seedNote } : {}),
          vectorIndexSeconds,
          analyticsFirstMs,
          queries: timings,
          recallAt10: recalls.reduce((a, b) => a + b, 0) / recalls.length,
          minRecallAt10: Math.min(...recalls),
          serverRssMiB: rssMiB(server.pid) ?? NaN,
          neo4jRssMiB: neoPid ? rssMiB(neoPid) : null,
        });
      } finally {
        server.child.removeAllListeners("exit");
        server.child.send("stop");
        await new Promise((r) => server.child.once("exit", r));
      }
    }
    await writeResult(report(results, anchorSet, machine, since(t0) / 1000));
    if (!smoke && existsSync(venvPython)) {
      // The log-log plot of latency against graph size, next to the JSON.
      execFileSync(venvPython, [path.join(repoRoot, "bench", "scale_plot.py")], { stdio: "inherit" });
    }
  } finally {
    await executor.close();
    await neo.stop();
    await rm(model.dir, { recursive: true, force: true });
  }
}

function report(
  results: SizeResult[],
  anchorSet: { list: AnchorScore[]; rate: number | null },
  machine: ReturnType<typeof machineInfo>,
  seconds: number,
) {
  const first = results[0]!;
  const last = results[results.length - 1]!;
  const names = Object.keys(first.queries);
  const ratio = Object.fromEntries(names.map((n) => [n, last.queries[n]!.p50Ms / first.queries[n]!.p50Ms]));
  // Projection to 1M from the log-log slope between the smallest and largest measured sizes.
  const decades = Math.log10(1_000_000 / last.trials);
  const span = Math.log10(last.trials / first.trials);
  const projected1M = Object.fromEntries(
    names.map((n) => {
      const slope = span > 0 ? Math.log10(last.queries[n]!.p50Ms / first.queries[n]!.p50Ms) / span : 0;
      return [n, { p50Ms: last.queries[n]!.p50Ms * 10 ** (Math.max(0, slope) * decades), slope }];
    }),
  );
  const header = [
    "query",
    ...results.map((r) => `p50 / p99 ms at ${r.trials}`),
    `p50 ratio ${last.trials}/${first.trials}`,
  ];
  const rows: (string | number)[][] = names.map((n) => [
    n,
    ...results.map((r) => `${fmt(r.queries[n]!.p50Ms)} / ${fmt(r.queries[n]!.p99Ms)}`),
    `${fmt(ratio[n]!)}x`,
  ]);
  rows.push(["similarTrials recall@10 (vs exact cosine)", ...results.map((r) => fmt(r.recallAt10)), ""]);
  rows.push(["vector index build (s)", ...results.map((r) => fmt(r.vectorIndexSeconds)), ""]);
  rows.push([
    "analytics first computation (ms: phase / ICD / drug)",
    ...results.map((r) => Object.values(r.analyticsFirstMs).map(fmt).join(" / ")),
    "",
  ]);
  rows.push([
    "seed rate (trials/s, with edges and scores)",
    ...results.map((r) => (r.seedTrialsPerSecond ? fmt(r.seedTrialsPerSecond) : "-")),
    "",
  ]);
  rows.push([
    "server RSS / Neo4j RSS (MiB)",
    ...results.map((r) => `${fmt(r.serverRssMiB)} / ${r.neo4jRssMiB ? fmt(r.neo4jRssMiB) : "?"}`),
    "",
  ]);
  return {
    name: "scale",
    machine: finishMachine(machine),
    date: new Date().toISOString(),
    smoke,
    config: {
      seed,
      reps,
      anchorShards,
      sizes: results.map((r) => r.trials),
      recallQueries: RECALL_QUERIES,
      seconds,
    },
    medians: { sizes: results },
    baseline: { trials: first.trials, queries: first.queries },
    ratio: { of: `${last.trials}/${first.trials}`, p50: ratio },
    projections: {
      note: "PROJECTION, not measured: p50 at 1,000,000 trials extrapolated along the log-log slope measured between the smallest and largest sizes (slopes below 0 taken as flat)",
      "1000000": projected1M,
    },
    scoring: {
      anchors: anchorSet.list.length,
      modelVersion: anchorSet.list[0]?.modelVersion ?? null,
      trialsPerSecondThisRun: anchorSet.rate,
    },
    table: mdTable(header, rows),
    notes: [
      `${first.trials} real trials (${anchorSet.list.length} scored by the model, the rest carry scores derived from them); larger sizes add synthetic trials derived from the real ones (bench/lib/synthetic-graph.ts, seed ${seed})`,
    ],
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
