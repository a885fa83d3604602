// Types for neo4j-local-lib.mjs, so strict TypeScript (tests, the server's start-up) can import it.

export declare const repoRoot: string;
export declare const projectDir: string;
export declare const jarPath: string;
export declare const DEFAULT_PORT: number;
export declare const DEFAULT_START_TIMEOUT_MS: number;
export declare const DEFAULT_STOP_TIMEOUT_MS: number;
/** error.code of a start refused because another live instance (or another server) holds the port. */
export declare const PORT_BUSY: "NEO4J_LOCAL_PORT_BUSY";

type Log = (line: string) => void;

export declare function portFromEnv(env?: NodeJS.ProcessEnv, name?: string, fallback?: number): number;
export declare function defaultDataDir(env?: NodeJS.ProcessEnv): string;
export declare function stateDir(port: number): string;
export declare function boltUri(port: number): string;
export declare function needsBuild(): boolean;
export declare function buildLocalNeo4j(options?: { force?: boolean; log?: Log }): {
  built: boolean;
  ms: number;
};
export declare function boltAnswers(
  uri: string,
  options?: { user?: string; password?: string; timeoutMs?: number },
): Promise<boolean>;

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
export declare function statusLocalNeo4j(options?: { port?: number }): Promise<LocalNeo4jStatus>;

export interface StartLocalNeo4jOptions {
  /** Bolt port on 127.0.0.1; default NEO4J_LOCAL_BOLT_PORT or 7687. */
  port?: number;
  /** Neo4j home: data/ and logs/ go below it; default NEO4J_LOCAL_DATA_DIR or .neo4j/data. */
  dataDir?: string;
  /** stdout+stderr of the JVM; default .neo4j/<port>/neo4j.log. */
  logFile?: string;
  /** How long to wait for Bolt; default 120 000 ms. */
  timeoutMs?: number;
  /** JVM -Xmx value; default NEO4J_LOCAL_HEAP or "2g". */
  heap?: string;
  /** Recorded in the pid file so a caller can recognise its own leftovers; default "cli". */
  tag?: string;
  onProgress?: (elapsedMs: number) => void;
  log?: Log;
}

export interface LocalNeo4jHandle {
  uri: string;
  pid: number;
  /** True when an instance of ours already ran on the port; stop() then does nothing. */
  alreadyRunning: boolean;
  startupMs?: number;
  stop(): Promise<unknown>;
}
export declare function startLocalNeo4j(options?: StartLocalNeo4jOptions): Promise<LocalNeo4jHandle>;
export declare function stopLocalNeo4j(options?: {
  port?: number;
  /** Stop only this process (if it still is our instance on `port`). */
  pid?: number;
  timeoutMs?: number;
  log?: Log;
}): Promise<{ wasRunning: boolean }>;
