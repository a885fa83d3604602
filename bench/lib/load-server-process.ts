// The benchmark API server (bench/load-server.ts) as a child process, and its memory: shared by the
// load, hostile-load and scale benchmarks, which measure the server from outside its process.
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../src/config.js";

export interface LoadServerProcess {
  child: ChildProcess;
  graphqlUrl: string;
  pid: number;
}

/** Forks bench/load-server.ts (extra Node flags, e.g. --cpu-prof, in `execArgv`); resolves once it listens. */
export function startLoadServer(execArgv: string[] = []): Promise<LoadServerProcess> {
  const child = fork(path.join(repoRoot, "bench", "load-server.ts"), [], {
    execArgv: ["--import", "tsx", ...execArgv],
    env: process.env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`load server exited with ${code}`)));
    child.once("message", (m) => resolve({ child, ...(m as { graphqlUrl: string; pid: number }) }));
  });
}

/** Resident memory of a process, MiB (NaN when /proc does not say). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}
