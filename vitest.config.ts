import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports" map: Node (and so Apollo / type-graphql, which vitest leaves
    // external) loads its CommonJS index.js, while vite would pick the "module" index.mjs for
    // our own files — two graphql instances ("from another module or realm"). Use Node's choice.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
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
