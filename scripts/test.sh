#!/usr/bin/env bash
# Every test: the Python model tests, type checks, then the vitest suites (unit, integration against a
# local Neo4j that the suite starts itself, model tests on the real ONNX files, GraphQL over HTTP), then
# a smoke run of the benchmarks so they cannot rot.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== Python: models/tests"
.venv/bin/python -m pytest -q models/tests

echo "== TypeScript: type check, lint, format"
npx tsc --noEmit
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }

echo "== TypeScript: vitest"
npx vitest run

if [ -f bench/run-all.ts ]; then
  echo "== Benchmarks: smoke"
  npx tsx bench/run-all.ts --smoke
fi
