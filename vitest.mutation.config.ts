// The fast suites only (unit tests: no Neo4j, no real ONNX files), for Stryker's mutation runs
// (`npm run mutation`). The main vitest.config.ts starts a Neo4j for every run, and each mutant
// would pay for it. Files run in parallel here: no unit test shares a database.
import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/unit/**/*.test.ts"],
    globalSetup: [],
    fileParallelism: true,
  },
});
