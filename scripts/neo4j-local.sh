#!/usr/bin/env bash
# The local Neo4j from a shell: `scripts/neo4j-local.sh start|stop|status|build [--force]`.
# The launcher itself is TypeScript (src/neo4j-local/, run by `src/cli.ts neo4j`).
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx tsx src/cli.ts neo4j "$@"
