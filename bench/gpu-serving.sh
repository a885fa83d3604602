#!/usr/bin/env bash
# GPU serving on a lent GPU machine: the SERVED TypeScript path (bench/gpu-serving.ts) on the WebGPU
# provider (and CUDA where onnxruntime-node's CUDA library is installed) against the CPU provider, in
# one run: parity on the golden trials and trials/s at batch 1/8/32/128/512. Writes
# bench/results/gpu-serving.json and copies it, with the log, to $OUT.
#
# The device machine has no network, no node_modules and perhaps no Node.js: prepare them HERE with
# `bash bench/gpu-serving-pack.sh`, then call the device tool as README "GPU" says. Each call stages
# what it carried under /tmp/trialgraph-gpu (kept while the machine stays warm, 30 s after a call);
# the benchmark runs as soon as everything is staged. Exit 3: something is still missing (the message
# says what to carry next). Also runs on a machine with node_modules (then through tsx).
#   bash bench/gpu-serving.sh [extra bench/gpu-serving.ts flags, e.g. --smoke or --batches 1,8]
set -uo pipefail
cd "$(dirname "$0")/.."
stage=${TRIALGRAPH_GPU_STAGE:-/tmp/trialgraph-gpu}
out=${OUT:-$stage/out}
mkdir -p "$stage" "$out"
touch "$stage/.started"
say() { echo "[gpu-serving.sh] $*" | tee -a "$out/gpu-serving.log" >&2; }
need() {
  say "MISSING: $1"
  exit 3
}

# 1. Stage what this call carried.
if [ -f .gpu-carry/run/run.tar.xz ]; then
  rm -rf "$stage/run" && mkdir -p "$stage/run" && tar -xJf .gpu-carry/run/run.tar.xz -C "$stage/run"
  say "staged the bundle, onnxruntime-node and the Vulkan loader .deb"
fi
for half in .gpu-carry/node-a .gpu-carry/node-b; do
  if [ -d "$half" ]; then cp "$half"/node.xz.part* "$half"/node.xz.sha256 "$stage/" && say "staged $half"; fi
done
if [ ! -x "$stage/node" ] && [ -f "$stage/node.xz.part00" ] && [ -f "$stage/node.xz.part01" ]; then
  cat "$stage/node.xz.part00" "$stage/node.xz.part01" > "$stage/node.xz"
  if [ "$(sha256sum "$stage/node.xz" | cut -d' ' -f1)" = "$(cat "$stage/node.xz.sha256")" ]; then
    xz -d -c "$stage/node.xz" > "$stage/node.tmp" && chmod +x "$stage/node.tmp" && mv "$stage/node.tmp" "$stage/node"
    say "assembled Node.js $("$stage/node" --version)"
  else
    say "node.xz halves do not match their sha256: carry .gpu-carry/node-a and node-b again"
  fi
fi

# 2. Node.js >= 20 and the benchmark: tsx with node_modules here, else the carried bundle.
NODE=$(command -v node || true)
if [ -n "$NODE" ] && [ "$("$NODE" -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then NODE=""; fi
[ -z "$NODE" ] && [ -x "$stage/node" ] && NODE="$stage/node"
[ -n "$NODE" ] || need "no Node.js >= 20 here: call again with carry [\".gpu-carry/node-a\"], then [\".gpu-carry/node-b\"]"
if [ -x node_modules/.bin/tsx ]; then
  run=("$NODE" node_modules/.bin/tsx bench/gpu-serving.ts)
else
  [ -f "$stage/run/gpu-serving.mjs" ] || need "no benchmark bundle staged: call again with carry [\".gpu-carry/run\"]"
  [ -e node_modules ] || ln -s "$stage/run/node_modules" node_modules
  # Inside bench/ so that the bundle's repo root (src/config.ts: one folder up) is this checkout.
  cp "$stage/run/gpu-serving.mjs" bench/.gpu-serving.bundle.mjs
  run=("$NODE" bench/.gpu-serving.bundle.mjs)
fi

# 3. Vulkan for WebGPU: the loader from the carried .deb where the image lacks it; the NVIDIA
#    driver's ICD where the loader would not find it by itself.
if ! ldconfig -p | grep -q 'libvulkan\.so\.1'; then
  deb=$(ls "$stage"/run/libvulkan1_*.deb 2>/dev/null | head -1)
  if [ -n "$deb" ]; then dpkg -x "$deb" / && ldconfig && say "installed the Vulkan loader from $(basename "$deb")"; fi
fi
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && [ -f "$nvidia_icd" ] &&
  ! ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json >/dev/null 2>&1; then
  export VK_DRIVER_FILES=$nvidia_icd
fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}

# 4. The GPU encoder: derived from encoder.onnx (needs Python's onnx, which the GPU image has).
if ! python3 models/cladmop/gpu_export.py --if-stale models/artifacts 2>>"$out/gpu-serving.log"; then
  [ -f models/artifacts/encoder-gpu.onnx ] || need "encoder-gpu.onnx could not be made (python3 with onnx)"
fi

# 5. Run, recording what the machine is.
export TRIALGRAPH_BENCH_GPU="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)"
say "node $("$NODE" --version); GPU: ${TRIALGRAPH_BENCH_GPU:-none found}; Vulkan loader: $(ldconfig -p | grep -c 'libvulkan\.so\.1') found; VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"
"${run[@]}" --providers webgpu,cuda --batches 1,8,32,128,512 --seconds 5 --parity-trials 50 "$@" 2>&1 |
  grep -v -E 'VerifyEachNodeIsAssignedToAnEp|artificially reduced' | tee -a "$out/gpu-serving.log"
status=${PIPESTATUS[0]}
for f in bench/results/gpu-serving.json .cache/bench-smoke/gpu-serving.json; do
  if [ "$f" -nt "$stage/.started" ]; then cp "$f" "$out/" && say "result: $f (copied to $out)"; fi
done
exit "$status"
