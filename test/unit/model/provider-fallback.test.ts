// What createOnnxSessions / createScorer do when a provider cannot start, on the toy artifacts and
// fake machine probes: "auto" falls back to CPU and says why; a named provider is a start-up error.
// No GPU needed: this onnxruntime-node has no CUDA library, so asking for CUDA fails for real.
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, repoRoot } from "../../../src/config.js";
import { createScorer } from "../../../src/model/create-scorer.js";
import type { ProviderProbe } from "../../../src/model/execution-provider.js";
import { resolveGpuEncoder, sha256File } from "../../../src/model/gpu-encoder.js";
import { createOnnxSessions, cudaProviderAvailable } from "../../../src/model/onnx-sessions.js";

const tiny = path.join(repoRoot, "test/fixtures/model/tiny-artifacts");
const enc = path.join(tiny, "encoder.onnx");
const clad = path.join(tiny, "cladmop.onnx");

const cpuOnly: ProviderProbe = { cudaLibrary: null, vulkanLoader: null, gpuDevices: [], vulkanDrivers: [] };
/** A machine that claims both GPU providers; onnxruntime-node here cannot start CUDA. */
const claimsGpus: ProviderProbe = {
  cudaLibrary: "/fake/libonnxruntime_providers_cuda.so",
  vulkanLoader: "/fake/libvulkan.so.1",
  gpuDevices: ["/dev/nvidia0"],
  vulkanDrivers: [{ manifest: "/fake/nvidia_icd.json", library: "libGLX_nvidia.so.0", software: false }],
};

describe.skipIf(cudaProviderAvailable())("execution provider fallback (no CUDA library installed)", () => {
  it("auto: CUDA that does not start falls back to CPU, and says why", async () => {
    const logs: string[] = [];
    const s = await createOnnxSessions(enc, clad, {
      executionProvider: "auto",
      probe: { ...cpuOnly, cudaLibrary: claimsGpus.cudaLibrary },
      gpuEncoderFile: enc,
      log: (m) => logs.push(m),
    });
    try {
      expect(s.executionProvider).toBe("cpu");
      expect(s.encoderFile).toBe(enc);
      expect(s.providerReason).toMatch(/cuda: did not start/);
      expect(logs).toEqual([expect.stringMatching(/execution provider: cpu .*encoder encoder\.onnx/)]);
    } finally {
      await s.release();
    }
  });

  it("auto: GPU providers without a usable GPU encoder are passed over, not run on the int8 graph", async () => {
    const s = await createOnnxSessions(enc, clad, {
      executionProvider: "auto",
      probe: claimsGpus,
      gpuEncoderProblem: "no encoder-gpu.onnx here",
      log: () => {},
    });
    expect(s.executionProvider).toBe("cpu");
    expect(s.providerReason).toMatch(/cuda: no encoder-gpu\.onnx here; webgpu: no encoder-gpu\.onnx here/);
    await s.release();
  });

  it("auto on a machine with nothing: CPU, naming what is missing", async () => {
    const s = await createOnnxSessions(enc, clad, {
      executionProvider: "auto",
      probe: cpuOnly,
      log: () => {},
    });
    expect(s.executionProvider).toBe("cpu");
    expect(s.providerReason).toMatch(/no libonnxruntime_providers_cuda\.so.*webgpu: no Vulkan loader/);
    await s.release();
  });

  it("cuda named: a start-up error, whether its library is missing or does not load", async () => {
    await expect(
      createOnnxSessions(enc, clad, { executionProvider: "cuda", probe: cpuOnly, log: () => {} }),
    ).rejects.toThrow(
      /cuda but onnxruntime-node has no libonnxruntime_providers_cuda\.so; install it as README "GPU"/,
    );
    await expect(
      createOnnxSessions(enc, clad, {
        executionProvider: "cuda",
        probe: claimsGpus,
        gpuEncoderFile: enc,
        log: () => {},
      }),
    ).rejects.toThrow(
      /TRIALGRAPH_EXECUTION_PROVIDER=cuda but the cuda provider did not start: .*README "GPU"/,
    );
  });

  it("webgpu named without a GPU encoder: a start-up error, not the int8 CPU graph", async () => {
    await expect(
      createOnnxSessions(enc, clad, {
        executionProvider: "webgpu",
        gpuEncoderProblem: "encoder-gpu.onnx is stale",
        log: () => {},
      }),
    ).rejects.toThrow(/TRIALGRAPH_EXECUTION_PROVIDER=webgpu needs a GPU encoder: encoder-gpu\.onnx is stale/);
  });

  it("createScorer: webgpu named on artifacts without encoder-gpu.onnx fails before any session", async () => {
    const config = { ...loadConfig({}).model, artifactsDir: tiny, executionProvider: "webgpu" as const };
    await expect(createScorer(config, { log: () => {} })).rejects.toThrow(/no encoder-gpu\.onnx/);
  });
});

describe("GPU encoder freshness", () => {
  function artifacts(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tg-gpu-enc-"));
    copyFileSync(enc, path.join(dir, "encoder.onnx"));
    copyFileSync(enc, path.join(dir, "encoder-gpu.onnx"));
    return dir;
  }
  const writeMeta = (dir: string, sha: string) =>
    writeFileSync(
      path.join(dir, "encoder-gpu.json"),
      JSON.stringify({ source: "encoder.onnx", sourceSha256: sha }),
    );

  it("uses encoder-gpu.onnx made from the encoder.onnx that is there", () => {
    const dir = artifacts();
    writeMeta(dir, sha256File(path.join(dir, "encoder.onnx")));
    expect(resolveGpuEncoder(dir)).toEqual({ file: path.join(dir, "encoder-gpu.onnx") });
  });

  it("refuses a stale one (encoder.onnx re-exported since) and a missing one", () => {
    const dir = artifacts();
    writeMeta(dir, "0".repeat(64));
    expect(resolveGpuEncoder(dir).problem).toMatch(/stale.*gpu_export/);
    expect(resolveGpuEncoder(tiny).problem).toMatch(/no encoder-gpu\.onnx \+ encoder-gpu\.json/);
  });
});
