// Provider probing and planning on fake machines (temporary folders standing in for the ONNX
// Runtime binary folder, library folders, /dev and the Vulkan ICD folders): no GPU needed.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import {
  planProviders,
  probeProviders,
  webgpuHardwareGaps,
  type ProbeRoots,
  type ProviderProbe,
} from "../../../src/model/execution-provider.js";
import { ortExecutionProviders, ortSessionOptions } from "../../../src/model/onnx-sessions.js";

interface FakeMachine {
  cudaLib?: boolean;
  vulkanLoader?: boolean;
  devices?: string[];
  /** ICD manifest file name -> library_path */
  icds?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

function fakeMachine(m: FakeMachine): ProbeRoots {
  const root = mkdtempSync(path.join(os.tmpdir(), "tg-ep-"));
  const dir = (...p: string[]) => {
    const d = path.join(root, ...p);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const ort = dir("ort");
  const lib = dir("lib");
  const dev = dir("dev");
  const icd = dir("icd.d");
  if (m.cudaLib) writeFileSync(path.join(ort, "libonnxruntime_providers_cuda.so"), "");
  if (m.vulkanLoader) writeFileSync(path.join(lib, "libvulkan.so.1"), "");
  for (const d of m.devices ?? []) {
    mkdirSync(path.dirname(path.join(dev, d)), { recursive: true });
    writeFileSync(path.join(dev, d), "");
  }
  for (const [file, library] of Object.entries(m.icds ?? {})) {
    writeFileSync(
      path.join(icd, file),
      JSON.stringify({ file_format_version: "1.0.0", ICD: { library_path: library } }),
    );
  }
  return { ortBinaryDirs: [ort], libDirs: [lib], devDir: dev, icdDirs: [icd], env: m.env ?? {} };
}

const nvidiaIcd = { "nvidia_icd.json": "libGLX_nvidia.so.0" };
const lavapipeIcd = { "lvp_icd.json": "/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so" };

describe("probeProviders", () => {
  it("finds the CUDA library, the Vulkan loader, GPU device nodes and drivers", () => {
    const roots = fakeMachine({
      cudaLib: true,
      vulkanLoader: true,
      devices: ["nvidia0", "nvidiactl", "dri/renderD128", "dri/card0"],
      icds: { ...nvidiaIcd, ...lavapipeIcd },
    });
    const probe = probeProviders(roots);
    expect(probe.cudaLibrary).toMatch(/libonnxruntime_providers_cuda\.so$/);
    expect(probe.vulkanLoader).toMatch(/libvulkan\.so\.1$/);
    expect(probe.gpuDevices.map((d) => path.relative(roots.devDir, d)).sort()).toEqual([
      "dri/renderD128",
      "nvidia0",
    ]);
    const drivers = Object.fromEntries(
      probe.vulkanDrivers.map((d) => [path.basename(d.manifest), d.software]),
    );
    expect(drivers).toEqual({ "nvidia_icd.json": false, "lvp_icd.json": true });
  });

  it("reads only the drivers VK_ICD_FILENAMES names, as the Vulkan loader does", () => {
    const roots = fakeMachine({ icds: { ...nvidiaIcd, ...lavapipeIcd } });
    roots.env = { VK_ICD_FILENAMES: path.join(roots.icdDirs[0]!, "lvp_icd.json") };
    expect(probeProviders(roots).vulkanDrivers.map((d) => path.basename(d.manifest))).toEqual([
      "lvp_icd.json",
    ]);
  });

  it("ignores unreadable driver manifests", () => {
    const roots = fakeMachine({ icds: nvidiaIcd });
    writeFileSync(path.join(roots.icdDirs[0]!, "broken.json"), "{not json");
    expect(probeProviders(roots).vulkanDrivers).toHaveLength(1);
  });
});

const probeOf = (m: FakeMachine): ProviderProbe => probeProviders(fakeMachine(m));
const gpuBox: FakeMachine = { vulkanLoader: true, devices: ["nvidia0"], icds: nvidiaIcd };

describe("planProviders", () => {
  it("auto on a CPU machine with only lavapipe: CPU, and says why WebGPU was passed over", () => {
    const plan = planProviders("auto", probeOf({ vulkanLoader: true, icds: lavapipeIcd }));
    expect(plan.candidates.map((c) => c.provider)).toEqual(["cpu"]);
    expect(plan.forced).toBe(false);
    expect(plan.passedOver.join("\n")).toMatch(/cuda: onnxruntime-node has no libonnxruntime_providers_cuda/);
    expect(plan.passedOver.join("\n")).toMatch(
      /webgpu: no GPU device node.*only software Vulkan drivers \(lvp_icd\.json\)/,
    );
  });

  it("auto never picks a software adapter, even next to a GPU device node", () => {
    const probe = probeOf({ vulkanLoader: true, devices: ["dri/renderD128"], icds: lavapipeIcd });
    expect(webgpuHardwareGaps(probe)).toEqual([expect.stringMatching(/only software Vulkan drivers/)]);
    expect(planProviders("auto", probe).candidates.map((c) => c.provider)).toEqual(["cpu"]);
  });

  it("auto on a GPU machine: WebGPU, then CPU; CUDA first where its library is installed", () => {
    expect(planProviders("auto", probeOf(gpuBox)).candidates.map((c) => c.provider)).toEqual([
      "webgpu",
      "cpu",
    ]);
    const withCuda = planProviders("auto", probeOf({ ...gpuBox, cudaLib: true }));
    expect(withCuda.candidates.map((c) => c.provider)).toEqual(["cuda", "webgpu", "cpu"]);
    expect(withCuda.candidates[1]!.reason).toMatch(/nvidia0.*nvidia_icd\.json/);
  });

  it("auto without a Vulkan loader does not try WebGPU", () => {
    const plan = planProviders("auto", probeOf({ ...gpuBox, vulkanLoader: false }));
    expect(plan.candidates.map((c) => c.provider)).toEqual(["cpu"]);
    expect(plan.passedOver.join("\n")).toMatch(/no Vulkan loader/);
  });

  it.each(["cpu", "webgpu", "cuda"] as const)("%s alone when named, whatever the machine", (p) => {
    const plan = planProviders(p, probeOf({}));
    expect(plan).toEqual({
      candidates: [{ provider: p, reason: `forced by TRIALGRAPH_EXECUTION_PROVIDER=${p}` }],
      forced: true,
      passedOver: [],
    });
  });
});

describe("ONNX Runtime options per provider", () => {
  it("lists CPU behind a GPU provider for the nodes it lacks", () => {
    expect(ortExecutionProviders("cpu")).toEqual(["cpu"]);
    expect(ortExecutionProviders("webgpu")).toEqual([{ name: "webgpu" }, "cpu"]);
    expect(ortExecutionProviders("cuda")).toEqual([{ name: "cuda", deviceId: 0 }, "cpu"]);
    expect(ortSessionOptions("cuda", 3)).toMatchObject({ intraOpNumThreads: 3, interOpNumThreads: 1 });
  });
});

describe("TRIALGRAPH_EXECUTION_PROVIDER", () => {
  it("accepts auto, cpu, webgpu and cuda in any case; auto by default", () => {
    expect(loadConfig({}).model.executionProvider).toBe("auto");
    expect(loadConfig({ TRIALGRAPH_EXECUTION_PROVIDER: "" }).model.executionProvider).toBe("auto");
    expect(loadConfig({ TRIALGRAPH_EXECUTION_PROVIDER: "WebGPU" }).model.executionProvider).toBe("webgpu");
    expect(loadConfig({ TRIALGRAPH_EXECUTION_PROVIDER: "cuda" }).model.executionProvider).toBe("cuda");
  });

  it("rejects anything else, naming the choices", () => {
    expect(() => loadConfig({ TRIALGRAPH_EXECUTION_PROVIDER: "metal" })).toThrow(
      /must be one of auto, cpu, webgpu, cuda, got metal/,
    );
  });
});
