// Neighbours: similarTrials(k) through the Neo4j vector index (src/graph/similar-trial-repository.ts, the
// query the resolver runs) against exact cosine over all stored embeddings (brute force in memory,
// the baseline): recall@k of the index and p50/p99 latency of both, over a fixed sample of trials.
//   tsx bench/neighbours.ts [--smoke] [--queries 200] [--k 10]
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { createExecutor, JOB_QUERY_TIMEOUT_MS } from "../src/graph/executor.js";
import { createRepositories } from "../src/graph/repositories.js";
import { createScorer } from "../src/model/create-scorer.js";
import { benchNeo4j } from "./lib/bench-neo4j.js";
import { ensureScored, ensureSeeded } from "./lib/bench-graph.js";
import { timedExecutor } from "./lib/timed-executor.js";
import { exactTopK } from "./lib/exact-knn.js";
import { finishMachine, fmt, machineInfo, mdTable, median, percentile, writeResult } from "./lib/common.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    queries: { type: "string" },
    k: { type: "string", default: "10" },
  },
});
const smoke = values.smoke!;
const queries = Number(values.queries ?? (smoke ? 10 : 200));
const k = Number(values.k);

async function main(): Promise<void> {
  const machine = machineInfo();
  const neo = await benchNeo4j();
  const config = loadConfig();
  // Benchmark set-up seeds and scores: job deadlines, not request ones.
  const executor = createExecutor(config.neo4j).withTimeout(JOB_QUERY_TIMEOUT_MS);
  const graph = createRepositories(executor);
  try {
    await ensureSeeded(executor, smoke);
    const scorer = await createScorer(config.model, { log: () => undefined });
    try {
      await ensureScored(executor, scorer, smoke ? 20 : undefined);
    } finally {
      await scorer.close();
    }
    const allIds = await graph.scores.allTrialIds();
    const stored = await graph.trials.storedEmbeddings(allIds);
    const ids = [...stored.keys()].sort();
    const dim = stored.get(ids[0]!)!.embedding.length;
    const matrix = new Float32Array(ids.length * dim);
    ids.forEach((id, i) => matrix.set(stored.get(id)!.embedding, i * dim));
    const step = Math.max(1, Math.floor(ids.length / queries));
    const sample = ids
      .map((_, i) => i)
      .filter((i) => i % step === 0)
      .slice(0, queries);

    // warm-up: the index, the driver pool, the JIT
    for (const q of sample.slice(0, 5)) {
      await graph.similar.nearest({
        vector: Array.from(matrix.subarray(q * dim, (q + 1) * dim)),
        k,
        excludeNctId: ids[q],
      });
      exactTopK(ids, matrix, dim, q, k);
    }
    // The same calls again through an executor that times each query, to see where the time goes.
    const timed = timedExecutor(executor);
    const timedGraph = createRepositories(timed.executor);
    for (const q of sample.slice(0, Math.min(sample.length, 50))) {
      await timedGraph.similar.nearest({
        vector: Array.from(matrix.subarray(q * dim, (q + 1) * dim)),
        k,
        excludeNctId: ids[q],
      });
    }
    const perQuery = Object.fromEntries(
      [...timed.times.byQuery].map(([query, ms]) => [query, { calls: ms.length, p50Ms: median(ms) }]),
    );
    const indexMs: number[] = [];
    const exactMs: number[] = [];
    const recalls: number[] = [];
    for (const q of sample) {
      const vector = Array.from(matrix.subarray(q * dim, (q + 1) * dim));
      let t0 = performance.now();
      const rows = await graph.similar.nearest({ vector, k, excludeNctId: ids[q] });
      indexMs.push(performance.now() - t0);
      t0 = performance.now();
      const exact = exactTopK(ids, matrix, dim, q, k);
      exactMs.push(performance.now() - t0);
      const got = new Set(rows.map((r) => r.trial.nctId));
      recalls.push(exact.filter((id) => got.has(id)).length / Math.min(k, exact.length));
    }
    const recall = recalls.reduce((a, b) => a + b, 0) / recalls.length;
    const medians = {
      recallAtK: recall,
      minRecall: Math.min(...recalls),
      vectorIndex: { p50Ms: median(indexMs), p99Ms: percentile(indexMs, 99) },
      exactCosine: { p50Ms: median(exactMs), p99Ms: percentile(exactMs, 99) },
    };
    const table = mdTable(
      ["method", `recall@${k}`, "p50 ms", "p99 ms", "p50 vs exact"],
      [
        [
          "exact cosine, all stored embeddings (in memory, baseline)",
          "1",
          medians.exactCosine.p50Ms,
          medians.exactCosine.p99Ms,
          "1x",
        ],
        [
          "Neo4j vector index (similarTrials query)",
          medians.recallAtK,
          medians.vectorIndex.p50Ms,
          medians.vectorIndex.p99Ms,
          `${fmt(medians.vectorIndex.p50Ms / medians.exactCosine.p50Ms)}x`,
        ],
      ],
    );
    await writeResult({
      name: "neighbours",
      machine: finishMachine(machine),
      date: new Date().toISOString(),
      smoke,
      config: { k, queries: sample.length, trialsWithEmbeddings: ids.length, embeddingDim: dim },
      medians,
      baseline: { method: "exact cosine in memory", ...medians.exactCosine, recallAtK: 1 },
      queriesInsideSimilarTrials: perQuery,
      ratio: {
        recall: recall,
        p50IndexOverExact: medians.vectorIndex.p50Ms / medians.exactCosine.p50Ms,
        p99IndexOverExact: medians.vectorIndex.p99Ms / medians.exactCosine.p99Ms,
      },
      table,
      notes: [
        `inside one similarTrials() call (p50): ${Object.entries(perQuery)
          .map(
            ([q, v]) =>
              `${fmt(v.p50Ms)} ms "${q.slice(0, 48)}…" x${fmt(v.calls / Math.min(sample.length, 50))}`,
          )
          .join("; ")}`,
        "the index latency is the whole similarTrials() call as the resolver makes it (index lookup, self-exclusion, shared drugs/diseases, one Bolt round trip; no trial count since issue 11); exact cosine is a scan in the benchmark process, with no database round trip",
      ],
    });
  } finally {
    await executor.close();
    await neo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
