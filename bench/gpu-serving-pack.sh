#!/usr/bin/env bash
# Prepares what bench/gpu-serving.sh needs on a lent GPU machine, which has no network and no
# node_modules, and may have no Node.js. Run HERE (after scripts/setup.sh), then call the device tool.
# Writes two ignored folders (the device tool carries at most 64 MiB per call, the tree included):
#   .gpu-carry/run/   run.tar.xz: the benchmark bundled by esbuild (src/ + bench/ in one .mjs), the
#                     parts of onnxruntime-node and @rdkit/rdkit it loads (linux x64 only), and
#                     Debian's libvulkan1 .deb (the Vulkan loader; the NVIDIA driver brings the ICD)
#   .gpu-carry/node-a/, .gpu-carry/node-b/  this machine's Node.js (stripped, xz) in two halves, for a
#                     device image without Node: each half fits one call beside the working tree
# Each is its own carry path; bench/gpu-serving.sh stages what each call brings under /tmp on the
# device (kept while the machine stays warm) and runs once it has everything (README "GPU").
set -euo pipefail
cd "$(dirname "$0")/.."
out=.gpu-carry
exclude=$(git rev-parse --git-path info/exclude)
grep -qx "/$out/" "$exclude" 2>/dev/null || echo "/$out/" >> "$exclude"
[ -f models/artifacts/encoder-gpu.onnx ] || { echo "no models/artifacts/encoder-gpu.onnx: run scripts/setup.sh first" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out/run" "$out/node-a" "$out/node-b"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

npx esbuild bench/gpu-serving.ts --bundle --platform=node --format=esm --target=node20 \
  --packages=external --log-level=warning --outfile="$stage/gpu-serving.mjs"
nm="$stage/node_modules"
mkdir -p "$nm/onnxruntime-node/bin/napi-v6/linux/x64" "$nm/@rdkit"
cp -r node_modules/onnxruntime-node/package.json node_modules/onnxruntime-node/dist "$nm/onnxruntime-node/"
cp node_modules/onnxruntime-node/bin/napi-v6/linux/x64/* "$nm/onnxruntime-node/bin/napi-v6/linux/x64/"
cp -r node_modules/onnxruntime-common "$nm/"
mkdir -p "$nm/@rdkit/rdkit"
cp -r node_modules/@rdkit/rdkit/package.json node_modules/@rdkit/rdkit/dist "$nm/@rdkit/rdkit/"
(cd "$stage" && apt-get download libvulkan1 >/dev/null 2>&1) || echo "[pack] WARNING: could not download libvulkan1; the device needs its own Vulkan loader" >&2
tar -C "$stage" -cf - . | xz -T2 -6 > "$out/run/run.tar.xz"

strip -o "$stage/node" "$(command -v node)"
xz -T2 -9 -c "$stage/node" > "$stage/node.xz"
sha=$(sha256sum "$stage/node.xz" | cut -d' ' -f1)
(cd "$stage" && split -n 2 -d node.xz node.xz.part)
cp "$stage/node.xz.part00" "$out/node-a/" && cp "$stage/node.xz.part01" "$out/node-b/"
echo "$sha" | tee "$out/node-a/node.xz.sha256" > "$out/node-b/node.xz.sha256"

tree_mib=$( (git ls-files -z; git ls-files -z --others --exclude-standard) | xargs -0 stat -c %s 2>/dev/null | awk '{s+=$1} END {printf "%.1f", s/1048576}')
run_mib=$(du -m "$out/run" | cut -f1)
node_mib=$(du -m "$out/node-a" | cut -f1)
echo "[pack] working tree ${tree_mib} MiB; .gpu-carry/run ${run_mib} MiB; .gpu-carry/node-a and node-b ${node_mib} MiB each (64 MiB per call in all)"
