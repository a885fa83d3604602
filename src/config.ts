// Configuration from environment variables, with defaults that work on a laptop.
// One typed object so every part reads the same values and tests can build their own.
import path from "node:path";
import { fileURLToPath } from "node:url";
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// The values TRIALGRAPH_EXECUTION_PROVIDER takes. They live here, not in model/execution-provider.ts
// (which re-exports them), because config is the bottom layer: importing model/ from here made a
// config -> model -> config cycle (test/unit/architecture/import-direction.test.ts).
export const EXECUTION_PROVIDER_CHOICES = ["auto", "cpu", "webgpu", "cuda"] as const;
export type ExecutionProviderChoice = (typeof EXECUTION_PROVIDER_CHOICES)[number];

export function isExecutionProviderChoice(value: string): value is ExecutionProviderChoice {
  return (EXECUTION_PROVIDER_CHOICES as readonly string[]).includes(value);
}

/**
 * URI schemes the driver takes: bolt:// talks to one server; neo4j:// fetches the routing table and
 * sends reads to secondaries / read replicas and writes to the leader (a cluster, Aura). `+s` is
 * TLS with a verified certificate, `+ssc` TLS with a self-signed one.
 */
export const NEO4J_URI_SCHEMES = ["bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"] as const;

/** The scheme of a Neo4j URI, or an error naming NEO4J_URI and the schemes accepted. */
export function neo4jUriScheme(uri: string): (typeof NEO4J_URI_SCHEMES)[number] {
  const scheme = /^([a-z0-9+]+):\/\//i.exec(uri)?.[1]?.toLowerCase();
  const known = NEO4J_URI_SCHEMES.find((s) => s === scheme);
  if (!known)
    throw new Error(
      `NEO4J_URI must start with ${NEO4J_URI_SCHEMES.join("://, ")}://, got ${JSON.stringify(uri)}`,
    );
  return known;
}

function checkedUri(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  neo4jUriScheme(uri);
  return uri;
}

export interface Neo4jConfig {
  /**
   * bolt:// or neo4j:// (routing) URI (NEO4J_URI_SCHEMES). When unset, the platform starts its own
   * local Neo4j (graph-seed/neo4j-local).
   */
  uri: string | undefined;
  user: string;
  password: string;
  database: string | undefined;
  /** Port and data folder of the local Neo4j when `uri` is unset. */
  localBoltPort: number;
  localDataDir: string;
  /** JVM heap of the local Neo4j (NEO4J_LOCAL_HEAP, e.g. "2g"). */
  localHeap: string;
  /** How long to wait for the local Neo4j's Bolt port at start-up. */
  localStartTimeoutMs: number;
  /**
   * Deadline of every query (NEO4J_QUERY_TIMEOUT_MS): a request whose query has no answer by then
   * fails with SERVICE_UNAVAILABLE instead of hanging with the database.
   */
  queryTimeoutMs: number;
}

export interface ModelConfig {
  artifactsDir: string;
  /** Largest number of trials in one ONNX run. */
  maxBatch: number;
  /**
   * "auto": CUDA where its library is installed, then WebGPU where a hardware GPU and Vulkan driver
   * exist (never a software adapter), else CPU; "cpu", "webgpu" or "cuda": that one or a start-up
   * error (src/model/execution-provider.ts).
   */
  executionProvider: ExecutionProviderChoice;
  /** Entries kept in the (model version, trial) score cache. */
  cacheSize: number;
  /** Bytes that cache may hold. */
  cacheBytes: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  corsOrigins: string[];
  bodyLimitBytes: number;
  maxDepth: number;
  /** Lexical tokens in one query document (bounds parsing and validation work). */
  maxTokens: number;
  /** Fields an operation selects with every fragment spread expanded. */
  maxFields: number;
  maxComplexity: number;
  maxPageSize: number;
  maxNeighbours: number;
  maxCriteriaChars: number;
  /** Scorer calls (what-ifs, pages of unscored trials) run at once; more wait. */
  modelConcurrency: number;
  /** Scorer calls that may wait; beyond them a request gets 503 with Retry-After. */
  modelQueue: number;
  /** Whole request (headers and body) must arrive within this; slow senders get 408 and are cut. */
  requestTimeoutMs: number;
  /** Headers must arrive within this. */
  headersTimeoutMs: number;
}

export interface Config {
  neo4j: Neo4jConfig;
  model: ModelConfig;
  server: ServerConfig;
  seedDataDir: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A TCP port (1-65535); also used for the test suite's NEO4J_TEST_BOLT_PORT. */
export function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = int(env, name, fallback);
  if (value < 1 || value > 65535) throw new Error(`${name} must be a TCP port (1-65535), got ${value}`);
  return value;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = int(env, name, fallback);
  if (value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const provider = (env.TRIALGRAPH_EXECUTION_PROVIDER || "auto").toLowerCase();
  if (!isExecutionProviderChoice(provider)) {
    throw new Error(
      `TRIALGRAPH_EXECUTION_PROVIDER must be one of ${EXECUTION_PROVIDER_CHOICES.join(", ")}, got ${provider}`,
    );
  }
  return {
    neo4j: {
      uri: checkedUri(env.NEO4J_URI),
      user: env.NEO4J_USER ?? "neo4j",
      password: env.NEO4J_PASSWORD ?? "trialgraph",
      database: env.NEO4J_DATABASE || undefined,
      localBoltPort: port(env, "NEO4J_LOCAL_BOLT_PORT", 7687),
      localDataDir: path.resolve(env.NEO4J_LOCAL_DATA_DIR || path.join(repoRoot, ".neo4j", "data")),
      localHeap: env.NEO4J_LOCAL_HEAP || "2g",
      localStartTimeoutMs: 1000 * positive(env, "NEO4J_LOCAL_START_TIMEOUT", 120),
      queryTimeoutMs: positive(env, "NEO4J_QUERY_TIMEOUT_MS", 5_000),
    },
    model: {
      artifactsDir: env.TRIALGRAPH_MODEL_DIR ?? path.join(repoRoot, "models", "artifacts"),
      maxBatch: Math.max(1, int(env, "TRIALGRAPH_MAX_BATCH", 32)),
      executionProvider: provider,
      cacheSize: int(env, "TRIALGRAPH_SCORE_CACHE", 50_000),
      cacheBytes: 1024 * 1024 * int(env, "TRIALGRAPH_SCORE_CACHE_MB", 64),
    },
    server: {
      host: env.HOST ?? "127.0.0.1",
      port: int(env, "PORT", 4000),
      corsOrigins: (env.TRIALGRAPH_CORS_ORIGINS ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      bodyLimitBytes: int(env, "TRIALGRAPH_BODY_LIMIT", 256 * 1024),
      maxDepth: int(env, "TRIALGRAPH_MAX_DEPTH", 8),
      maxTokens: int(env, "TRIALGRAPH_MAX_TOKENS", 5000),
      maxFields: int(env, "TRIALGRAPH_MAX_FIELDS", 2000),
      maxComplexity: int(env, "TRIALGRAPH_MAX_COMPLEXITY", 5000),
      maxPageSize: int(env, "TRIALGRAPH_MAX_PAGE", 500),
      maxNeighbours: int(env, "TRIALGRAPH_MAX_K", 50),
      maxCriteriaChars: int(env, "TRIALGRAPH_MAX_CRITERIA_CHARS", 20_000),
      modelConcurrency: positive(env, "TRIALGRAPH_MODEL_CONCURRENCY", 4),
      modelQueue: int(env, "TRIALGRAPH_MODEL_QUEUE", 16),
      requestTimeoutMs: positive(env, "TRIALGRAPH_REQUEST_TIMEOUT_MS", 30_000),
      headersTimeoutMs: positive(env, "TRIALGRAPH_HEADERS_TIMEOUT_MS", 10_000),
    },
    seedDataDir: env.TRIALGRAPH_SEED_DIR ?? path.join(repoRoot, "graph-seed", "data"),
  };
}
