#!/usr/bin/env bash
# Starts the whole platform: local Neo4j (unless NEO4J_URI is set), schema, seed if empty, scores for the
# loaded model version, GraphQL on http://127.0.0.1:${PORT:-4000}/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-python
# exec the local tsx, not npx: SIGTERM sent to the npx process would leave the server orphaned
exec node_modules/.bin/tsx src/cli.ts serve "$@"
