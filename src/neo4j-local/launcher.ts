// Start, stop and inspect the local Neo4j. One instance per Bolt port; its pid file and log live in
// .neo4j/<port>/ (git-ignored). Port, data folder, heap and start-up wait come from Config (the
// NEO4J_LOCAL_* variables are parsed there and nowhere else).
//
// .neo4j/<port>/neo4j.pid holds JSON: { pid, port, dataDir, logFile, ownerPid, tag, startedAt }. It is
// created with O_EXCL before java is spawned ("pid": null while starting), so two processes that start
// Neo4j on the same port at once cannot both think they own it (several test runs may share a machine).
// ownerPid is the process that started it; tag lets a caller recognise its own leftovers.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import neo4j from "neo4j-driver";
import { repoRoot, type Neo4jConfig } from "../config.js";
import { buildLocalNeo4j, jarPath } from "./build.js";

/** What the launcher needs from Config.neo4j. */
export type LocalNeo4jSettings = Pick<
  Neo4jConfig,
  "localBoltPort" | "localDataDir" | "localHeap" | "localStartTimeoutMs"
>;

export const DEFAULT_STOP_TIMEOUT_MS = 60_000;

/** Thrown (as error.code) when another live instance or another server holds the port. */
export const PORT_BUSY = "NEO4J_LOCAL_PORT_BUSY";

type Log = (line: string) => void;

interface PidState {
  pid: number | null;
  port: number;
  dataDir: string;
  logFile: string;
  ownerPid: number;
  tag: string;
  startedAt: string;
}

export interface LocalNeo4jStatus {
  running: boolean;
  /** A live process has claimed the port and is starting Neo4j there. */
  starting: boolean;
  pid: number | undefined;
  dataDir: string | undefined;
  /** The process that started it, whether that process still lives, and the tag it gave. */
  ownerPid: number | undefined;
  ownerAlive: boolean;
  tag: string | undefined;
  uri: string;
  boltAnswers: boolean;
}

export interface LocalNeo4jHandle {
  uri: string;
  pid: number;
  /** True when an instance of ours already ran on the port; stop() then does nothing. */
  alreadyRunning: boolean;
  startupMs?: number;
  stop(): Promise<{ wasRunning: boolean }>;
}

export interface StartOptions {
  /** Recorded in the pid file so a caller can recognise its own leftovers; default "cli". */
  tag?: string;
  onProgress?: (elapsedMs: number) => void;
  log?: Log;
}

export function stateDir(port: number): string {
  return path.join(repoRoot, ".neo4j", String(port));
}

function pidFile(port: number): string {
  return path.join(stateDir(port), "neo4j.pid");
}

export function localBoltUri(port: number): string {
  return `bolt://127.0.0.1:${port}`;
}

function portBusy(message: string): Error {
  return Object.assign(new Error(message), { code: PORT_BUSY });
}

function readPidFile(port: number): PidState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(pidFile(port), "utf8")) as unknown;
    return state && typeof state === "object" ? (state as PidState) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the pid file only if it still describes `pid`, so a newer instance's file survives. */
function removePidFile(port: number, pid: number | null): void {
  const state = readPidFile(port);
  if (state === undefined || state.pid === pid) fs.rmSync(pidFile(port), { force: true });
}

function isAlive(pid: number | null | undefined): pid is number {
  if (!Number.isInteger(pid)) return false;
  try {
    process.kill(pid as number, 0);
    return true;
  } catch {
    // ESRCH: gone; EPERM: exists but belongs to another user, so not one of ours.
    return false;
  }
}

/** Alive and (where /proc exists) really our jar on that port, so a recycled pid is never signalled. */
function isOurProcess(pid: number | null | undefined, port: number): pid is number {
  if (!isAlive(pid)) return false;
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const portAt = args.indexOf("--port");
    return args.some((a) => a.endsWith("neo4j-local.jar")) && args[portAt + 1] === String(port);
  } catch {
    return true;
  }
}

/** One Bolt handshake with the real driver; false on any failure. */
export async function boltAnswers(uri: string, timeoutMs = 2_000): Promise<boolean> {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "neo4j"), {
    connectionTimeout: timeoutMs,
    maxConnectionPoolSize: 1,
    logging: { level: "error", logger: () => {} },
  });
  try {
    await driver.verifyConnectivity();
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}

function readLog(logFile: string): string {
  try {
    return fs.readFileSync(logFile, "utf8");
  } catch {
    return "";
  }
}

function logTail(logFile: string, lines = 30): string {
  return readLog(logFile).trimEnd().split("\n").slice(-lines).join("\n") || "(empty log)";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether our instance on `port` is running (per its pid file), who started it, and whether Bolt answers. */
export async function statusLocalNeo4j(port: number): Promise<LocalNeo4jStatus> {
  const state = readPidFile(port);
  const running = state !== undefined && isOurProcess(state.pid, port);
  const starting = state !== undefined && state.pid === null && isAlive(state.ownerPid);
  const uri = localBoltUri(port);
  return {
    running,
    starting,
    pid: running ? (state.pid ?? undefined) : undefined,
    dataDir: state?.dataDir,
    ownerPid: state?.ownerPid,
    ownerAlive: state !== undefined && isAlive(state.ownerPid),
    tag: state?.tag,
    uri,
    boltAnswers: running ? await boltAnswers(uri) : false,
  };
}

/**
 * Starts Neo4j on 127.0.0.1:<port> with the given data folder, detached (it outlives this process
 * until stopped), building first if needed, and resolves once this child printed READY and Bolt
 * answers a real driver handshake. If our instance already runs on that port it is reused
 * (alreadyRunning: true; stop() then leaves it running, since this call did not start it). A port
 * held by another process that is still starting Neo4j, or by a foreign server, rejects with
 * error.code === PORT_BUSY.
 */
export async function startLocalNeo4j(
  settings: LocalNeo4jSettings,
  options: StartOptions = {},
): Promise<LocalNeo4jHandle> {
  const port = settings.localBoltPort;
  const log = options.log ?? ((line: string) => console.error(line));
  const onProgress = options.onProgress ?? (() => {});
  const logFile = path.join(stateDir(port), "neo4j.log");
  const uri = localBoltUri(port);
  const existing = readPidFile(port);
  if (existing && isOurProcess(existing.pid, port)) {
    if (await boltAnswers(uri)) {
      log(`neo4j-local: already running on ${uri} (pid ${existing.pid}, data ${existing.dataDir})`);
      return {
        uri,
        pid: existing.pid as number,
        alreadyRunning: true,
        stop: async () => ({ wasRunning: false }),
      };
    }
    throw portBusy(
      `neo4j-local: pid ${existing.pid} runs on port ${port} but Bolt does not answer yet (still starting?); ` +
        "wait, or run `npm run neo4j:stop` first",
    );
  }
  if (existing && existing.pid === null && isAlive(existing.ownerPid)) {
    throw portBusy(`neo4j-local: process ${existing.ownerPid} is starting Neo4j on port ${port}`);
  }
  if (existing) removePidFile(port, existing.pid); // stale: its process is gone
  if (await boltAnswers(uri)) {
    throw portBusy(
      `neo4j-local: something else already serves Bolt on ${uri}; set NEO4J_URI to use it, ` +
        "or choose another NEO4J_LOCAL_BOLT_PORT",
    );
  }

  buildLocalNeo4j({ log });

  const dataDir = path.resolve(settings.localDataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(stateDir(port), { recursive: true });
  const state: PidState = {
    pid: null,
    port,
    dataDir,
    logFile,
    ownerPid: process.pid,
    tag: options.tag ?? "cli",
    startedAt: new Date().toISOString(),
  };
  try {
    fs.writeFileSync(pidFile(port), JSON.stringify(state), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw portBusy(`neo4j-local: another process claimed port ${port} at the same moment`);
    }
    throw error;
  }

  const logFd = fs.openSync(logFile, "w");
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "java";
  const args = [
    `-Xmx${settings.localHeap}`,
    "-XX:+ExitOnOutOfMemoryError",
    "-jar",
    jarPath,
    "--port",
    String(port),
    "--data-dir",
    dataDir,
  ];
  const began = Date.now();
  const child = spawn(java, args, { cwd: repoRoot, detached: true, stdio: ["ignore", logFd, logFd] });
  fs.closeSync(logFd);
  let exited: string | undefined;
  child.on("exit", (code, signal) => {
    exited = `exit ${code ?? signal}`;
  });
  child.on("error", (error) => {
    exited = `could not run ${java} (is a JDK 17+ installed?): ${error.message}`;
  });
  child.unref();
  const pid = child.pid ?? null;
  fs.writeFileSync(pidFile(port), JSON.stringify({ ...state, pid }));
  if (pid === null) {
    await sleep(100); // let the 'error' event arrive for the message
    removePidFile(port, null);
    throw new Error(`neo4j-local: ${exited ?? `could not start ${java}`}`);
  }
  log(`neo4j-local: starting on ${uri} (pid ${pid}, data ${dataDir}, log ${logFile})`);

  const stop = () => stopLocalNeo4j(port, { pid, log });
  // READY in this child's own log first, so a server another process started meanwhile on the same
  // port can never be taken for ours; then the driver handshake that clients will actually do.
  const ready = `READY ${uri}`;
  for (;;) {
    if (exited !== undefined) {
      removePidFile(port, pid);
      throw new Error(
        `neo4j-local: Neo4j stopped during start-up (${exited}). Log tail:\n${logTail(logFile)}`,
      );
    }
    if (readLog(logFile).includes(ready) && (await boltAnswers(uri))) break;
    const elapsed = Date.now() - began;
    if (elapsed > settings.localStartTimeoutMs) {
      await stop();
      throw new Error(
        `neo4j-local: Bolt did not answer on ${uri} within ${settings.localStartTimeoutMs / 1000} s. ` +
          `Log tail:\n${logTail(logFile)}`,
      );
    }
    onProgress(elapsed);
    await sleep(1_000);
  }
  const startupMs = Date.now() - began;
  log(`neo4j-local: ready on ${uri} after ${(startupMs / 1000).toFixed(1)} s`);
  return { uri, pid, alreadyRunning: false, startupMs, stop };
}

/**
 * SIGTERM our instance on `port` (its shutdown hook closes the store and releases the lock), wait for
 * it to exit, SIGKILL after timeoutMs, and remove the pid file. With `pid`, only that process is
 * stopped (a handle never stops an instance someone else started later). Resolves { wasRunning }.
 */
export async function stopLocalNeo4j(
  port: number,
  options: { pid?: number; timeoutMs?: number; log?: Log } = {},
): Promise<{ wasRunning: boolean }> {
  const log = options.log ?? ((line: string) => console.error(line));
  const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  const state = readPidFile(port);
  const target = options.pid ?? state?.pid;
  if (!isOurProcess(target, port)) {
    if (state && !isAlive(state.pid) && !(state.pid === null && isAlive(state.ownerPid))) {
      removePidFile(port, state.pid); // stale
    }
    return { wasRunning: false };
  }
  const began = Date.now();
  try {
    process.kill(target, "SIGTERM");
  } catch {
    // exited between the check and the signal
  }
  while (isOurProcess(target, port) && Date.now() - began < timeoutMs) await sleep(200);
  if (isOurProcess(target, port)) {
    log(`neo4j-local: pid ${target} did not exit within ${timeoutMs / 1000} s; sending SIGKILL`);
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone
    }
    while (isOurProcess(target, port)) await sleep(100);
  }
  removePidFile(port, target);
  log(`neo4j-local: stopped pid ${target} on port ${port} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return { wasRunning: true };
}
