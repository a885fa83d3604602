// Lint: typescript-eslint's recommended rules over the TypeScript sources; generated and vendored
// folders are ignored.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      ".venv/",
      ".cache/",
      ".neo4j/",
      "models/",
      "graph-seed/neo4j-local/target/",
      "coverage/",
      "reports/",
      ".stryker-tmp/",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
);
