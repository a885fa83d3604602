// Builds the local Neo4j launcher (graph-seed/neo4j-local, Neo4j Community embedded) with Maven
// when its jar is missing or older than its sources.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../config.js";

export const projectDir = path.join(repoRoot, "graph-seed", "neo4j-local");
export const jarPath = path.join(projectDir, "target", "neo4j-local.jar");
const libDir = path.join(projectDir, "target", "lib");

type Log = (line: string) => void;

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when the jar or its dependency folder is missing, or older than pom.xml or anything in src/. */
export function needsBuild(): boolean {
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
  log = (line: string) => console.error(line),
}: { force?: boolean; log?: Log } = {}): { built: boolean; ms: number } {
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
