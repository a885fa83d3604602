import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One local Neo4j for the whole run, started before any suite and stopped after.
    globalSetup: ["test/support/global-neo4j.ts"],
    // Suites share one database: run files one after another.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
