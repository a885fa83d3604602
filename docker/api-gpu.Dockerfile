# The API with ONNX Runtime's CUDA execution provider (docker compose --profile gpu up api-gpu).
# CUDA 12 + cuDNN 9 runtime libraries come from NVIDIA's image; Node.js 20 from the official
# Node image; onnxruntime-node's own install option fetches its CUDA provider at build time
# (a network the user's Docker has; the tests never build this image). GPU providers run
# models/artifacts/encoder-gpu.onnx, derived from encoder.onnx at build time (Python's onnx); the
# Vulkan loader lets TRIALGRAPH_EXECUTION_PROVIDER=webgpu run too (NVIDIA_DRIVER_CAPABILITIES needs
# "graphics" for the driver's Vulkan ICD; docker-compose.yml sets it).
FROM node:20-bookworm AS node

FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip libvulkan1 \
 && pip3 install --no-cache-dir --break-system-packages onnx==1.23.2 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci --foreground-scripts
COPY . .
RUN python3 models/cladmop/gpu_export.py --if-stale models/artifacts
ENV TRIALGRAPH_EXECUTION_PROVIDER=cuda HOST=0.0.0.0 PORT=4000
CMD ["npx", "tsx", "src/cli.ts", "serve"]
