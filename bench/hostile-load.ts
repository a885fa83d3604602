// Normal dashboard clients alone, then next to a misbehaving client that cycles through every class
// of hostile request of issue 14 (bench/lib/hostile-requests.ts), against the server in a child
// process (bench/load-server.ts) over loopback. Reports the normal clients' p50/p99 in both
// conditions (medians over rounds), the slowest /health answer while the misbehaving client runs,
// and the server's RSS growth over N rejected what-ifs (bar: < 20 MiB after 10,000).
//   tsx bench/hostile-load.ts [--smoke] [--rounds 3] [--seconds 10] [--clients 4] [--rejected 10000]
import { rssMiB, startLoadServer, type LoadServerProcess } from "./lib/load-server-process.js";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { createExecutor, JOB_QUERY_TIMEOUT_MS } from "../src/graph/executor.js";
import { benchNeo4j } from "./lib/bench-neo4j.js";
import { ensureSeeded } from "./lib/bench-graph.js";
import { finishMachine, fmt, machineInfo, mdTable, median, percentile, writeResult } from "./lib/common.js";
import { HOSTILE, rejectedWhatIf } from "./lib/hostile-requests.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    rounds: { type: "string" },
    seconds: { type: "string" },
    clients: { type: "string" },
    rejected: { type: "string" },
  },
});
const smoke = values.smoke!;
const rounds = Number(values.rounds ?? (smoke ? 1 : 3));
const seconds = Number(values.seconds ?? (smoke ? 2 : 10));
const clients = Number(values.clients ?? 4);
const rejected = Number(values.rejected ?? (smoke ? 200 : 10_000));
/** Hostile requests the misbehaving client keeps in flight. */
const HOSTILE_CONCURRENCY = 4;

const DASHBOARD_QUERY = `query Dashboard($limit: Int!) {
  trialList(limit: $limit, orderBy: PROBABILITY_DESC) { nctId phase status outcome successProbability drugs { name } }
}`;

/** `clients` dashboard loops for `ms`; latencies of successful answers and the count of failures. */
async function dashboards(url: string, ms: number): Promise<{ latencies: number[]; failures: number }> {
  const body = JSON.stringify({ query: DASHBOARD_QUERY, variables: { limit: 20 } });
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        const json = (await res.json()) as { errors?: unknown[] };
        if (res.ok && !json.errors) latencies.push(performance.now() - t0);
        else failures++;
      }
    }),
  );
  return { latencies, failures };
}

/** The misbehaving client: every hostile class in turn, HOSTILE_CONCURRENCY at a time, until stopped. */
function misbehave(url: string): { stop: () => Promise<Record<string, Record<number, number>>> } {
  const statuses: Record<string, Record<number, number>> = {};
  const names = Object.keys(HOSTILE);
  let running = true;
  let n = 0;
  const loops = Array.from({ length: HOSTILE_CONCURRENCY }, async () => {
    while (running) {
      const i = n++;
      const name = names[i % names.length]!;
      const status = await HOSTILE[name]!(url, i).catch(() => 0);
      (statuses[name] ??= {})[status] = (statuses[name]![status] ?? 0) + 1;
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return statuses;
    },
  };
}

async function worstHealthMs(base: string, ms: number): Promise<number> {
  let worst = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    await (await fetch(`${base}health`)).text();
    worst = Math.max(worst, performance.now() - t0);
    await new Promise((r) => setTimeout(r, 100));
  }
  return worst;
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const neo = await benchNeo4j();
  const executor = createExecutor(loadConfig().neo4j).withTimeout(JOB_QUERY_TIMEOUT_MS);
  let server: LoadServerProcess | undefined;
  try {
    const trials = await ensureSeeded(executor, smoke);
    server = await startLoadServer();
    const { graphqlUrl, pid } = server;
    const base = graphqlUrl.replace(/graphql$/, "");
    await dashboards(graphqlUrl, 1_000); // warm-up
    const alone: { p50: number; p99: number; failures: number }[] = [];
    const withBad: { p50: number; p99: number; failures: number; healthWorstMs: number }[] = [];
    let statuses: Record<string, Record<number, number>> = {};
    for (let r = 0; r < rounds; r++) {
      const a = await dashboards(graphqlUrl, seconds * 1000);
      alone.push({
        p50: percentile(a.latencies, 50),
        p99: percentile(a.latencies, 99),
        failures: a.failures,
      });
      const bad = misbehave(graphqlUrl);
      const [b, healthWorstMs] = await Promise.all([
        dashboards(graphqlUrl, seconds * 1000),
        worstHealthMs(base, seconds * 1000),
      ]);
      statuses = await bad.stop();
      withBad.push({
        p50: percentile(b.latencies, 50),
        p99: percentile(b.latencies, 99),
        failures: b.failures,
        healthWorstMs,
      });
      console.error(
        `[bench hostile-load] round ${r + 1}: alone p50 ${fmt(alone.at(-1)!.p50)} p99 ${fmt(alone.at(-1)!.p99)} ms; with misbehaving client p50 ${fmt(withBad.at(-1)!.p50)} p99 ${fmt(withBad.at(-1)!.p99)} ms, /health worst ${fmt(healthWorstMs)} ms`,
      );
    }
    // Memory: RSS before and after `rejected` what-ifs that are refused (unparsable SMILES).
    const rssBefore = rssMiB(pid);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < rejected) await rejectedWhatIf(graphqlUrl, 1_000_000 + next++);
      }),
    );
    const rssAfter = rssMiB(pid);

    const med = (xs: number[]) => median(xs);
    const m = {
      aloneP50Ms: med(alone.map((x) => x.p50)),
      aloneP99Ms: med(alone.map((x) => x.p99)),
      withMisbehavingP50Ms: med(withBad.map((x) => x.p50)),
      withMisbehavingP99Ms: med(withBad.map((x) => x.p99)),
      healthWorstMs: Math.max(...withBad.map((x) => x.healthWorstMs)),
      dashboardFailures: [...alone, ...withBad].reduce((s, x) => s + x.failures, 0),
      rssGrowthMiB: rssAfter - rssBefore,
    };
    const p99Ratio = m.withMisbehavingP99Ms / m.aloneP99Ms;
    await writeResult({
      name: "hostile-load",
      machine: finishMachine(machine),
      date: new Date().toISOString(),
      smoke,
      config: {
        rounds,
        secondsPerCondition: seconds,
        dashboardClients: clients,
        hostileConcurrency: HOSTILE_CONCURRENCY,
        hostileClasses: Object.keys(HOSTILE),
        rejectedWhatIfs: rejected,
        trialsInGraph: trials,
        client: "fetch loops in the parent process, server in a child process, loopback",
      },
      medians: m,
      baseline: { aloneP99Ms: m.aloneP99Ms },
      ratio: { p99WithMisbehavingVsAlone: p99Ratio },
      rounds: { alone, withBad },
      hostileStatuses: statuses,
      table: [
        ...mdTable(
          ["dashboard clients", "p50 ms", "p99 ms"],
          [
            ["alone", m.aloneP50Ms, m.aloneP99Ms],
            ["with a misbehaving client", m.withMisbehavingP50Ms, m.withMisbehavingP99Ms],
          ],
        ),
        "",
        `p99 with / alone: ${fmt(p99Ratio)}x (bar: <= 2x); slowest /health while misbehaving: ${fmt(m.healthWorstMs)} ms (bar: < 1000); RSS growth over ${rejected} rejected what-ifs: ${fmt(m.rssGrowthMiB)} MiB (bar: < 20 for 10,000).`,
      ],
      notes: [`dashboard failures: ${m.dashboardFailures}`],
    });
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
