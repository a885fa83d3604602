#!/usr/bin/env bash
# One-time set-up, reused on every later run: Node packages, the Python environment (.venv, for the model
# tests and training) and the local Neo4j launcher build. Each step is skipped when its inputs are unchanged.
#   scripts/setup.sh              everything
#   scripts/setup.sh --no-python  what `start` needs (the service loads the committed ONNX files, no Python)
#   scripts/setup.sh --python-only
set -euo pipefail
cd "$(dirname "$0")/.."

want_node=1 want_python=1 want_neo4j=1
case "${1:-}" in
  --no-python) want_python=0 ;;
  --python-only) want_node=0 want_neo4j=0 ;;
  --neo4j-only) want_node=0 want_python=0 ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--no-python|--python-only|--neo4j-only]" >&2; exit 2 ;;
esac

stamp_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

if [ "$want_node" = 1 ]; then
  node_stamp=$(stamp_of package.json package-lock.json)
  if [ "$(cat node_modules/.trialgraph-stamp 2>/dev/null)" != "$node_stamp" ]; then
    echo "[setup] installing Node packages (npm ci)"
    # onnxruntime-node's install script would download CUDA libraries from a host outside the registries:
    # skip it; the CPU provider ships in the package (README "GPU" says how to add CUDA).
    ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
    echo "$node_stamp" > node_modules/.trialgraph-stamp
  fi
fi

if [ "$want_node" = 1 ]; then
  # The WebGPU tests run onnxruntime-node's WebGPU provider (Dawn over Vulkan) on Mesa's software Vulkan
  # driver (lavapipe): the Vulkan loader plus mesa-vulkan-drivers >= 25 (bookworm's own 22.3 lacks a
  # feature Dawn needs; bookworm-backports has 25.x). Needs root; without it the tests say what is missing.
  bash scripts/setup-vulkan.sh || echo "[setup] WARNING: Vulkan set-up failed; the WebGPU tests will fail under CI=true" >&2
fi

if [ "$want_node" = 1 ] && [ "$want_python" = 1 ]; then
  # The browser tests (dashboard, GraphQL IDE) drive Debian's headless Chromium; `start` does not need it.
  bash scripts/setup-chromium.sh || echo "[setup] WARNING: Chromium set-up failed; the browser tests will fail under CI=true" >&2
fi

if [ "$want_python" = 1 ]; then
  py_stamp=$(stamp_of models/requirements.txt models/pyproject.toml)
  if [ "$(cat .venv/.trialgraph-stamp 2>/dev/null)" != "$py_stamp" ]; then
    echo "[setup] creating the Python environment in .venv (once; PyTorch is large, this takes minutes)"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --upgrade pip
    .venv/bin/pip install --quiet -r models/requirements.txt
    if [ -f models/pyproject.toml ]; then .venv/bin/pip install --quiet --no-deps -e models; fi
    echo "$py_stamp" > .venv/.trialgraph-stamp
  fi
fi

if [ "$want_python" = 1 ]; then
  # GPU providers run encoder-gpu.onnx, derived from encoder.onnx (the same int8 weights, float activations):
  # made here, not committed, and remade whenever encoder.onnx changes (it records encoder.onnx's sha256).
  .venv/bin/python models/cladmop/gpu_export.py --if-stale models/artifacts
fi

if [ "$want_neo4j" = 1 ] && [ -z "${NEO4J_URI:-}" ]; then
  node scripts/neo4j-local.mjs build
fi
