#!/usr/bin/env node
// Kept only because scripts/setup.sh runs `node scripts/neo4j-local.mjs build`: it hands over to
// the TypeScript launcher (`src/cli.ts neo4j`) and holds no logic of its own. Use
// scripts/neo4j-local.sh or `npm run neo4j:*` elsewhere.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "src/cli.ts", "neo4j", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
  },
);
process.exit(result.status ?? 1);
