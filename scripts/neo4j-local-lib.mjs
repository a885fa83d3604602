// Build, start, stop and inspect the local Neo4j (graph-seed/neo4j-local, Neo4j Community embedded).
// Plain ESM JavaScript so it runs with bare `node` before any TypeScript tooling; typed for strict TS
// callers by neo4j-local-lib.d.mts. One instance per Bolt port; its pid file and log live in
// .neo4j/<port>/ (git-ignored).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import neo4j from "neo4j-driver";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const projectDir = path.join(repoRoot, "graph-seed", "neo4j-local");
export const jarPath = path.join(projectDir, "target", "neo4j-local.jar");
const libDir = path.join(projectDir, "target", "lib");

export const DEFAULT_PORT = 7687;
export const DEFAULT_START_TIMEOUT_MS = 120_000;
export const DEFAULT_STOP_TIMEOUT_MS = 60_000;

/** Port from NEO4J_LOCAL_BOLT_PORT (default 7687), validated. */
export function portFromEnv(env = process.env, name = "NEO4J_LOCAL_BOLT_PORT", fallback = DEFAULT_PORT) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got ${JSON.stringify(raw)}`);
  }
  return port;
}

export function defaultDataDir(env = process.env) {
  return env.NEO4J_LOCAL_DATA_DIR
    ? path.resolve(env.NEO4J_LOCAL_DATA_DIR)
    : path.join(repoRoot, ".neo4j", "data");
}

export function stateDir(port) {
  return path.join(repoRoot, ".neo4j", String(port));
}

function pidFile(port) {
  return path.join(stateDir(port), "neo4j.pid");
}

export function boltUri(port) {
  return `bolt://127.0.0.1:${port}`;
}

// ---------------------------------------------------------------------------------------------- build

function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** True when the jar or its dependency folder is missing, or older than pom.xml or anything in src/. */
export function needsBuild() {
  if (!fs.existsSync(jarPath) || !fs.existsSync(libDir) || fs.readdirSync(libDir).length === 0) return true;
  const jarTime = fs.statSync(jarPath).mtimeMs;
  const sourceTime = Math.max(
    newestMtime(path.join(projectDir, "pom.xml")),
    newestMtime(path.join(projectDir, "src")),
  );
  return sourceTime > jarTime;
}

/**
 * Runs `mvn package` when needed (or always with force). Maven stays quiet (-q) but its errors reach
 * stderr. The first build downloads Neo4j from Maven Central; later builds work offline.
 */
export function buildLocalNeo4j({
  force = false,
  log = (/** @type {string} */ line) => console.error(line),
} = {}) {
  if (!force && !needsBuild()) return { built: false, ms: 0 };
  log(
    `neo4j-local: building ${path.relative(repoRoot, projectDir)} with Maven (first build downloads Neo4j)...`,
  );
  const began = Date.now();
  const result = spawnSync("mvn", ["-q", "-B", "-Dstyle.color=never", "-DskipTests", "package"], {
    cwd: projectDir,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // Debian's Maven 3.8 prints bare ANSI resets even with -q and no colour; drop them, keep real output
  // (with -q that is only warnings and errors, which Maven writes to stdout).
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.replace(/\x1b\[[0-9;]*m/g, "").trim();
  if (output) process.stderr.write(`${output}\n`);
  if (result.error) {
    throw new Error(`could not run mvn (is Maven installed and on PATH?): ${result.error.message}`);
  }
  if (result.status !== 0 || !fs.existsSync(jarPath)) {
    throw new Error(`mvn package failed in ${projectDir} (exit ${result.status ?? result.signal})`);
  }
  // Maven may keep an existing jar's mtime when nothing changed; touch it so needsBuild() settles.
  const now = new Date();
  fs.utimesSync(jarPath, now, now);
  const ms = Date.now() - began;
  log(`neo4j-local: built in ${(ms / 1000).toFixed(1)} s`);
  return { built: true, ms };
}

// -------------------------------------------------------------------------------------------- process
//
// .neo4j/<port>/neo4j.pid holds JSON: { pid, port, dataDir, logFile, ownerPid, tag, startedAt }. It is
// created with O_EXCL before java is spawned ("pid": null while starting), so two processes that start
// Neo4j on the same port at once cannot both think they own it (several test runs may share a machine).
// ownerPid is the process that started it; tag lets a caller recognise its own leftovers.

/** Thrown (as error.code) when another live instance or another server holds the port. */
export const PORT_BUSY = "NEO4J_LOCAL_PORT_BUSY";

function portBusy(message) {
  return Object.assign(new Error(message), { code: PORT_BUSY });
}

function readPidFile(port) {
  try {
    const state = JSON.parse(fs.readFileSync(pidFile(port), "utf8"));
    return state && typeof state === "object" ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the pid file only if it still describes `pid`, so a newer instance's file survives. */
function removePidFile(port, pid) {
  const state = readPidFile(port);
  if (state === undefined || state.pid === pid) fs.rmSync(pidFile(port), { force: true });
}

function isAlive(pid) {
  if (!Number.isInteger(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone; EPERM: exists but belongs to another user, so not one of ours.
    return false;
  }
}

/** Alive and (where /proc exists) really our jar on that port, so a recycled pid is never signalled. */
function isOurProcess(pid, port) {
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
export async function boltAnswers(uri, { user = "neo4j", password = "neo4j", timeoutMs = 2_000 } = {}) {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
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

function readLog(logFile) {
  try {
    return fs.readFileSync(logFile, "utf8");
  } catch {
    return "";
  }
}

function logTail(logFile, lines = 30) {
  return readLog(logFile).trimEnd().split("\n").slice(-lines).join("\n") || "(empty log)";
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether our instance on `port` is running (per its pid file), who started it, and whether Bolt answers. */
export async function statusLocalNeo4j({ port = portFromEnv() } = {}) {
  const state = readPidFile(port);
  const running = state !== undefined && isOurProcess(state.pid, port);
  const starting = state !== undefined && state.pid === null && isAlive(state.ownerPid);
  const uri = boltUri(port);
  return {
    running,
    starting,
    pid: running ? state.pid : undefined,
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
export async function startLocalNeo4j({
  port = portFromEnv(),
  dataDir = defaultDataDir(),
  logFile = path.join(stateDir(port), "neo4j.log"),
  timeoutMs = DEFAULT_START_TIMEOUT_MS,
  heap = process.env.NEO4J_LOCAL_HEAP || "2g",
  tag = "cli",
  onProgress = (/** @type {number} */ _elapsedMs) => {},
  log = (/** @type {string} */ line) => console.error(line),
} = {}) {
  const uri = boltUri(port);
  const existing = readPidFile(port);
  if (existing && isOurProcess(existing.pid, port)) {
    if (await boltAnswers(uri)) {
      log(`neo4j-local: already running on ${uri} (pid ${existing.pid}, data ${existing.dataDir})`);
      return { uri, pid: existing.pid, alreadyRunning: true, stop: async () => ({ wasRunning: false }) };
    }
    throw portBusy(
      `neo4j-local: pid ${existing.pid} runs on port ${port} but Bolt does not answer yet (still starting?); ` +
        `wait, or run \`node scripts/neo4j-local.mjs stop\` first`,
    );
  }
  if (existing && existing.pid === null && isAlive(existing.ownerPid)) {
    throw portBusy(`neo4j-local: process ${existing.ownerPid} is starting Neo4j on port ${port}`);
  }
  if (existing) removePidFile(port, existing.pid); // stale: its process is gone
  if (await boltAnswers(uri)) {
    throw portBusy(
      `neo4j-local: something else already serves Bolt on ${uri}; set NEO4J_URI to use it, ` +
        `or choose another NEO4J_LOCAL_BOLT_PORT`,
    );
  }

  buildLocalNeo4j({ log });

  const absoluteDataDir = path.resolve(dataDir);
  fs.mkdirSync(absoluteDataDir, { recursive: true });
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.mkdirSync(stateDir(port), { recursive: true });
  const state = {
    pid: /** @type {number | null} */ (null),
    port,
    dataDir: absoluteDataDir,
    logFile,
    ownerPid: process.pid,
    tag,
    startedAt: new Date().toISOString(),
  };
  try {
    fs.writeFileSync(pidFile(port), JSON.stringify(state), { flag: "wx" });
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === "EEXIST") {
      throw portBusy(`neo4j-local: another process claimed port ${port} at the same moment`);
    }
    throw error;
  }

  const logFd = fs.openSync(logFile, "w");
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "java";
  const args = [
    `-Xmx${heap}`,
    "-XX:+ExitOnOutOfMemoryError",
    "-jar",
    jarPath,
    "--port",
    String(port),
    "--data-dir",
    absoluteDataDir,
  ];
  const began = Date.now();
  const child = spawn(java, args, { cwd: repoRoot, detached: true, stdio: ["ignore", logFd, logFd] });
  fs.closeSync(logFd);
  let exited = /** @type {string | undefined} */ (undefined);
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
  log(`neo4j-local: starting on ${uri} (pid ${pid}, data ${absoluteDataDir}, log ${logFile})`);

  const stop = () => stopLocalNeo4j({ port, pid });
  // READY in this child's own log first, so a server another process started meanwhile on the same
  // port can never be taken for ours; then the driver handshake that clients will actually do.
  const ready = `READY ${uri}`;
  while (true) {
    if (exited !== undefined) {
      removePidFile(port, pid);
      throw new Error(
        `neo4j-local: Neo4j stopped during start-up (${exited}). Log tail:\n${logTail(logFile)}`,
      );
    }
    if (readLog(logFile).includes(ready) && (await boltAnswers(uri))) break;
    const elapsed = Date.now() - began;
    if (elapsed > timeoutMs) {
      await stop();
      throw new Error(
        `neo4j-local: Bolt did not answer on ${uri} within ${timeoutMs / 1000} s. Log tail:\n${logTail(logFile)}`,
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
export async function stopLocalNeo4j({
  port = portFromEnv(),
  pid = /** @type {number | undefined} */ (undefined),
  timeoutMs = DEFAULT_STOP_TIMEOUT_MS,
  log = (/** @type {string} */ line) => console.error(line),
} = {}) {
  const state = readPidFile(port);
  const target = pid ?? state?.pid;
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
