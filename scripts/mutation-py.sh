#!/usr/bin/env bash
# Mutation testing of the Python data, featurizer and evaluation code (mutmut, config in
# models/pyproject.toml [tool.mutmut]). Optional argument: one module (data, featurize or evaluate)
# to mutate only that file. mutmut keeps its results in models/mutants/ (ignored) and re-tests only
# mutants whose function or tests changed, so a second run is quick. Writes a per-module summary to
# reports/mutation/mutmut-summary.txt. Slow: see docs/mutation-testing.md for the measured times.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin
[ -x "$PY/mutmut" ] || bash scripts/setup.sh --python-only
module=${1:-}
case "$module" in
  "" | data | featurize | evaluate) ;;
  *) echo "usage: $0 [data|featurize|evaluate]" >&2; exit 2 ;;
esac
cd models
# One core for the mutants: the machine is shared (2 cores); mutmut's default is one per core.
if [ -n "$module" ]; then
  nice -n 10 "$PY/mutmut" run --max-children 1 "cladmop.${module}.*"
else
  nice -n 10 "$PY/mutmut" run --max-children 1
fi
mkdir -p "$ROOT/reports/mutation"
"$PY/python" "$ROOT/scripts/mutmut-summary.py" | tee "$ROOT/reports/mutation/mutmut-summary.txt"
