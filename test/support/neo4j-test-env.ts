// Where test files find the Neo4j that test/support/global-neo4j.ts prepared for the run.
// The values are both `provide`d (typed below) and put in process.env, which the workers inherit;
// inject() is preferred because it does not depend on how the pool passes the environment.
import { inject } from "vitest";

export interface Neo4jTestEnv {
  uri: string;
  user: string;
  password: string;
  /** True when the run started its own local Neo4j (on a fresh, temporary store). */
  local: boolean;
}

declare module "vitest" {
  export interface ProvidedContext {
    neo4j: Neo4jTestEnv;
  }
}

export function neo4jTestEnv(): Neo4jTestEnv {
  const provided = inject("neo4j");
  if (provided) return provided;
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error("NEO4J_URI is unset: run tests through vitest so its globalSetup starts Neo4j");
  return {
    uri,
    user: process.env.NEO4J_USER ?? "neo4j",
    password: process.env.NEO4J_PASSWORD ?? "",
    local: false,
  };
}

/** The test Neo4j as the environment variables loadConfig() reads (for child processes and configs). */
export function neo4jEnvVars(): { NEO4J_URI: string; NEO4J_USER: string; NEO4J_PASSWORD: string } {
  const env = neo4jTestEnv();
  return { NEO4J_URI: env.uri, NEO4J_USER: env.user, NEO4J_PASSWORD: env.password };
}
