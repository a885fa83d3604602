// Load: a typical dashboard query (a page of trials with stored probabilities and drugs) from this
// process, with autocannon over loopback, against the server in a child process (bench/load-server.ts),
// for `duration` seconds at each concurrency. Requests/s, latency p50/p99, errors (must be 0) and
// the server's RSS, sampled every second over the whole run, to show whether it levels off.
// Ratios: requests/s at each concurrency over requests/s at concurrency 1 (same run).
//   tsx bench/load.ts [--smoke] [--duration 60] [--connections 1,8,32]
import { rssMiB, startLoadServer, type LoadServerProcess } from "./lib/load-server-process.js";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { loadConfig } from "../src/config.js";
import { createExecutor, JOB_QUERY_TIMEOUT_MS } from "../src/graph/executor.js";
import { benchNeo4j } from "./lib/bench-neo4j.js";
import { ensureSeeded } from "./lib/bench-graph.js";
import { finishMachine, fmt, machineInfo, mdTable, writeResult } from "./lib/common.js";
import { dataOrThrow, postGraphQL } from "./lib/graphql-client.js";
import { levelsOff, rssTrend, slopePerMinute } from "./lib/rss-trend.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    duration: { type: "string" },
    connections: { type: "string" },
    page: { type: "string" },
    /** Write a V8 CPU profile of the server to this folder (node --cpu-prof). */
    "profile-dir": { type: "string" },
  },
});
const smoke = values.smoke!;
const duration = Number(values.duration ?? (smoke ? 1 : 60));
const connections = (values.connections ?? "1,8,32").split(",").map(Number);
const page = Number(values.page ?? 50);

export const DASHBOARD_QUERY = `query Dashboard($limit: Int!) {
  trialList(limit: $limit, orderBy: PROBABILITY_DESC) {
    nctId phase status outcome successProbability modelVersion
    drugs { name }
  }
}`;

async function main(): Promise<void> {
  const machine = machineInfo();
  const neo = await benchNeo4j();
  const config = loadConfig();
  // Benchmark set-up seeds and scores: job deadlines, not request ones.
  const executor = createExecutor(config.neo4j).withTimeout(JOB_QUERY_TIMEOUT_MS);
  let server: LoadServerProcess | undefined;
  try {
    const trials = await ensureSeeded(executor, smoke);
    server = await startLoadServer(
      values["profile-dir"] ? ["--cpu-prof", `--cpu-prof-dir=${values["profile-dir"]}`] : [],
    );
    const { graphqlUrl, pid } = server;
    const body = JSON.stringify({ query: DASHBOARD_QUERY, variables: { limit: page } });
    const sample = dataOrThrow(
      await postGraphQL<{ trialList: { successProbability: number | null; drugs: unknown[] }[] }>(
        graphqlUrl,
        DASHBOARD_QUERY,
        { limit: page },
      ),
    );
    const withProbability = sample.trialList.filter((t) => t.successProbability !== null).length;
    const rssStart = rssMiB(pid);
    // Warm-up: JIT, Neo4j page cache, the driver's connection pool.
    await autocannon({
      url: graphqlUrl,
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      connections: 8,
      duration: smoke ? 1 : 5,
    });
    const rssBefore = rssMiB(pid);
    const t0 = performance.now();
    const samples: { t: number; rss: number; connections: number }[] = [];
    let current = 0;
    const timer = setInterval(
      () => samples.push({ t: (performance.now() - t0) / 1000, rss: rssMiB(pid), connections: current }),
      1000,
    );
    const runs: Record<
      string,
      {
        requestsPerSec: number;
        p50Ms: number;
        p99Ms: number;
        errors: number;
        non2xx: number;
        timeouts: number;
        requests: number;
        rssEndMiB: number;
      }
    > = {};
    try {
      for (const c of connections) {
        current = c;
        const r = await autocannon({
          url: graphqlUrl,
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          connections: c,
          duration,
          timeout: 30,
        });
        runs[c] = {
          requestsPerSec: r.requests.average,
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          errors: r.errors,
          non2xx: r.non2xx,
          timeouts: r.timeouts,
          requests: r["2xx"],
          rssEndMiB: rssMiB(pid),
        };
        console.error(
          `[bench load] c=${c}: ${fmt(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx + r.timeouts}, RSS ${fmt(rssMiB(pid))} MiB`,
        );
      }
    } finally {
      clearInterval(timer);
    }
    const rssAfter = rssMiB(pid);
    const lastHalf = samples.slice(Math.floor(samples.length / 2));
    const rssSlopeLastHalf = slopePerMinute(lastHalf);
    const trend = rssTrend(samples);
    const flat = levelsOff(trend);
    const errors = Object.values(runs).reduce((a, r) => a + r.errors + r.non2xx + r.timeouts, 0);
    const base = runs[connections[0]!]!;
    const ratio = Object.fromEntries(
      connections.map((c) => [c, runs[c]!.requestsPerSec / base.requestsPerSec]),
    );
    const table = [
      ...mdTable(
        [
          "connections",
          "requests/s",
          "p50 ms",
          "p99 ms",
          "errors",
          "req/s vs 1 connection",
          "server RSS at end MiB",
        ],
        connections.map((c) => {
          const r = runs[c]!;
          return [
            String(c),
            r.requestsPerSec,
            r.p50Ms,
            r.p99Ms,
            String(r.errors + r.non2xx + r.timeouts),
            `${fmt(ratio[c]!)}x`,
            r.rssEndMiB,
          ];
        }),
      ),
      "",
      `Server RSS: ${fmt(rssStart)} MiB idle, ${fmt(rssBefore)} MiB after warm-up, ${fmt(rssAfter)} MiB after ${connections.length} x ${duration} s; per phase (connections: mean, second-half slope) ${trend.map((p) => `${p.connections}: ${fmt(p.meanMiB)} MiB, ${fmt(p.secondHalfSlopeMiBPerMin)} MiB/min`).join("; ")}.`,
    ];
    await writeResult({
      name: "load",
      machine: finishMachine(machine),
      date: new Date().toISOString(),
      smoke,
      config: {
        query: DASHBOARD_QUERY.replace(/\s+/g, " "),
        page,
        durationSeconds: duration,
        connections,
        trialsInGraph: trials,
        pageTrialsWithStoredProbability: withProbability,
        client: "autocannon 8 in the parent process, server in a child process, loopback",
      },
      medians: { perConnections: runs },
      baseline: { connections: connections[0], requestsPerSec: base.requestsPerSec },
      ratio: { requestsPerSecVsOneConnection: ratio },
      errors,
      rss: {
        idleMiB: rssStart,
        afterWarmupMiB: rssBefore,
        afterMiB: rssAfter,
        slopeLastHalfMiBPerMin: rssSlopeLastHalf,
        perPhase: trend,
        levelsOff: flat,
        samples,
      },
      table,
      notes: [
        errors === 0 ? "errors: 0" : `ERRORS: ${errors}`,
        `RSS ${flat ? "levels off" : "still grows at the end"}: it steps up with concurrency (more requests in flight); second-half slope of the last phase ${fmt(trend.at(-1)!.secondHalfSlopeMiBPerMin)} MiB/min (criterion: rising by under 10)`,
      ],
    });
    if (errors > 0) process.exitCode = 1;
  } finally {
    if (server) {
      server.child.removeAllListeners("exit");
      const exited = new Promise((r) => server!.child.once("exit", r));
      server.child.send("stop");
      await exited;
    }
    await executor.close();
    await neo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
