// `score --shard i/n` with two real worker processes against one Neo4j (the tiny test model, so a
// worker scores in seconds): worker 0 is killed (SIGKILL) half-way and started again, worker 1
// runs meanwhile. No trial is scored by two workers or twice by one (the written logs are
// disjoint and each lies in its own shard), and none is lost: every trial ends scored.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, repoRoot } from "../../src/config.js";
import { applySchema } from "../../src/graph/apply-schema.js";
import { clearGraph } from "../../src/graph/clear-graph.js";
import { createExecutor, type Executor } from "../../src/graph/executor.js";
import { parseShard, shardOf } from "../../src/jobs/shard.js";
import { neo4jEnvVars, neo4jTestEnv } from "../support/neo4j-test-env.js";

const TRIALS = 240;
const tinyModel = path.join(repoRoot, "test", "fixtures", "model", "tiny-artifacts");
const dir = mkdtempSync(path.join(os.tmpdir(), "score-shards-"));
let executor: Executor;

function worker(shard: string, log: string): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", "src/cli.ts", "score", "--shard", shard, "--chunk-size", "1", "--written-log", log],
    {
      cwd: repoRoot,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        ...process.env,
        ...neo4jEnvVars(),
        TRIALGRAPH_MODEL_DIR: tinyModel,
        TRIALGRAPH_EXECUTION_PROVIDER: "cpu",
      },
    },
  );
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })));
}

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];

beforeAll(async () => {
  const env = neo4jTestEnv();
  executor = createExecutor({ ...loadConfig().neo4j, uri: env.uri, user: env.user, password: env.password });
  await applySchema(executor);
  await clearGraph(executor);
  await executor.write(
    `UNWIND range(1, $n) AS i
     CREATE (:Trial {nctId: 'NCT9' + right('0000000' + toString(i), 7), phase: 'phase 2',
       inclusionCriteria: 'adults with glioma number ' + toString(i), exclusionCriteria: 'pregnancy',
       icdCodes: ['C71.9'], drugSmiles: ['CCO']})`,
    { n: TRIALS },
  );
});

afterAll(async () => {
  await clearGraph(executor);
  await executor.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("score --shard i/n", () => {
  it("parses i/n and refuses what is not a part", () => {
    expect(parseShard("1/2")).toEqual({ index: 1, count: 2 });
    for (const bad of ["2/2", "0/0", "-1/2", "1", "a/b"]) expect(() => parseShard(bad)).toThrow(/--shard/);
  });

  it("splits trials evenly enough by a stable hash", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `NCT${String(i).padStart(8, "0")}`);
    const sizes = [0, 1, 2, 3].map((s) => ids.filter((id) => shardOf(id, 4) === s).length);
    for (const size of sizes) expect(size).toBeGreaterThan(200);
    expect(shardOf("NCT01234567", 4)).toBe(shardOf("NCT01234567", 4));
  });

  it("two workers, one killed half-way and restarted: no overlap, no lost trial", async () => {
    const killedLog = path.join(dir, "shard0-killed.log");
    const restartedLog = path.join(dir, "shard0-restarted.log");
    const otherLog = path.join(dir, "shard1.log");
    const w0 = worker("0/2", killedLog);
    const w0Exit = exited(w0);
    const w1Exit = exited(worker("1/2", otherLog));
    // Kill worker 0 once it has committed a few chunks of its ~120 trials.
    const deadline = Date.now() + 90_000;
    while (lines(killedLog).length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    w0.kill("SIGKILL");
    const killed = await w0Exit;
    expect(killed.signal).toBe("SIGKILL");
    const shard0Size = Array.from(
      { length: TRIALS },
      (_, i) => `NCT9${String(i + 1).padStart(7, "0")}`,
    ).filter((id) => shardOf(id, 2) === 0).length;
    const beforeRestart = lines(killedLog);
    expect(beforeRestart.length).toBeGreaterThanOrEqual(10);
    expect(beforeRestart.length).toBeLessThan(shard0Size);

    const restarted = await exited(worker("0/2", restartedLog));
    expect(restarted.code, restarted.stderr).toBe(0);
    const other = await w1Exit;
    expect(other.code, other.stderr).toBe(0);

    const killedIds = lines(killedLog);
    const restartedIds = lines(restartedLog);
    const otherIds = lines(otherLog);
    // No overlap: across workers, and across the kill (the restart does not redo committed chunks).
    expect(new Set([...killedIds, ...restartedIds, ...otherIds]).size).toBe(
      killedIds.length + restartedIds.length + otherIds.length,
    );
    for (const id of [...killedIds, ...restartedIds]) expect(shardOf(id, 2)).toBe(0);
    for (const id of otherIds) expect(shardOf(id, 2)).toBe(1);
    // No lost update: every trial carries the model's score and embedding. (A chunk committed in the
    // instant before the kill, but not yet logged, is scored and in no log: at most one per kill.)
    const [row] = await executor.read<{ scored: number; total: number }>(
      `MATCH (t:Trial) RETURN count(t) AS total,
         count(CASE WHEN t.modelVersion = 'tiny-test-1' AND t.embedding IS NOT NULL
                     AND t.successProbability IS NOT NULL THEN 1 END) AS scored`,
    );
    expect(row).toEqual({ scored: TRIALS, total: TRIALS });
    expect(killedIds.length + restartedIds.length + otherIds.length).toBeGreaterThanOrEqual(TRIALS - 1);
  });
});
