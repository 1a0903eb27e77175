#!/usr/bin/env bash
# Runs scripts/bench-identify.ts with the CUDA execution provider, on a GPU machine.
#
#   bash scripts/bench-identify-gpu.sh            # builds, then benchmarks on CUDA
#   SKIP_BUILD=1 bash scripts/bench-identify-gpu.sh
#
# onnxruntime-node ships CPU binaries only; the CUDA provider libraries are
# downloaded by its install script, which .npmrc skips by default. On a GPU
# host with internet, once:  ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci
# (needs CUDA 12 + cuDNN 9 runtime libraries on the library path).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "bench-identify-gpu: no NVIDIA GPU visible (nvidia-smi failed)" >&2
  exit 2
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader

ort_bin=$(ls -d node_modules/onnxruntime-node/bin/napi-v*/linux/x64 2>/dev/null | head -1 || true)
if [[ -z "${ort_bin}" || ! -e "${ort_bin}/libonnxruntime_providers_cuda.so" ]]; then
  echo "bench-identify-gpu: the onnxruntime-node CUDA provider is not installed (${ort_bin:-node_modules/onnxruntime-node}/libonnxruntime_providers_cuda.so missing)." >&2
  echo "  install it on a host with internet: ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci" >&2
  exit 3
fi

if [[ -z "${SKIP_BUILD:-}" ]]; then
  npm run build
fi

# On CUDA a batch costs about one run, so batching is on by default there (DEFAULT_BATCHING in src/inference/config.ts);
# the throughput table shows whether that holds on this card.
BENCH_PROVIDERS=cuda,cpu BENCH_REQUIRE_PROVIDER=cuda \
  BENCH_ITERATIONS="${BENCH_ITERATIONS:-100}" BENCH_REQUESTS="${BENCH_REQUESTS:-128}" \
  node dist/scripts/bench-identify.js
