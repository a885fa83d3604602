// Which ONNX Runtime execution provider to try, in which order, and why: what this machine offers
// (the CUDA provider library, a Vulkan loader, GPU device nodes, Vulkan drivers) is probed from
// the file system, so the decision is testable without a GPU and explainable in the log.
//
// onnxruntime-node 1.30 on Linux x64 bundles the WebGPU provider (Dawn over Vulkan) and, unless
// installed with its CUDA option, no CUDA provider. ORT cannot tell us which Vulkan adapter Dawn
// picked, and Mesa's lavapipe (a Vulkan "GPU" emulated on the CPU, ~20x slower than the CPU
// provider) is a valid adapter. So "auto" only tries WebGPU where a hardware adapter can exist: a
// GPU device node and a Vulkan driver that is not a software one. Asking for a provider by name
// skips these checks (that is how the tests run WebGPU on lavapipe) and fails loudly if it cannot
// start.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ExecutionProviderChoice } from "../config.js";

// The choices are config's (the bottom layer); re-exported for this module's callers.
export {
  EXECUTION_PROVIDER_CHOICES,
  isExecutionProviderChoice,
  type ExecutionProviderChoice,
} from "../config.js";
export type ExecutionProvider = Exclude<ExecutionProviderChoice, "auto">;

/** GPU providers run encoder-gpu.onnx and padded encoder batches; CPU runs the int8 encoder. */
export function isGpuProvider(provider: ExecutionProvider): boolean {
  return provider !== "cpu";
}

export const CUDA_PROVIDER_LIB = "libonnxruntime_providers_cuda.so";
const VULKAN_LOADER_LIB = "libvulkan.so.1";
/** Vulkan drivers that run on the CPU: Mesa's lavapipe (llvmpipe) and Google's SwiftShader. */
const SOFTWARE_VULKAN = /lvp|lavapipe|llvmpipe|swiftshader/i;

export interface VulkanDriver {
  /** The ICD manifest (JSON) that names the driver library. */
  manifest: string;
  library: string;
  software: boolean;
}

/** What the machine offers, as far as files tell. */
export interface ProviderProbe {
  /** Path of libonnxruntime_providers_cuda.so next to onnxruntime-node's binding, or null. */
  cudaLibrary: string | null;
  /** Path of the Vulkan loader (libvulkan.so.1), or null: Dawn cannot start without it. */
  vulkanLoader: string | null;
  /** GPU device nodes: /dev/nvidia0.., /dev/dri/renderD*. */
  gpuDevices: string[];
  /** Vulkan drivers the loader would use (VK_DRIVER_FILES / VK_ICD_FILENAMES when set). */
  vulkanDrivers: VulkanDriver[];
}

/** Where to look; tests point these at temporary folders. */
export interface ProbeRoots {
  ortBinaryDirs: string[];
  libDirs: string[];
  devDir: string;
  icdDirs: string[];
  env: NodeJS.ProcessEnv;
}

/** Folders where onnxruntime-node keeps its native libraries (bin/napi-v*\/<platform>/<arch>). */
export function onnxruntimeBinaryDirs(): string[] {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(path.dirname(require.resolve("onnxruntime-node")));
  const binDir = path.join(pkgDir, "bin");
  if (!existsSync(binDir)) return [];
  return readdirSync(binDir)
    .filter((d) => d.startsWith("napi-v"))
    .map((d) => path.join(binDir, d, process.platform, process.arch))
    .filter((d) => existsSync(d));
}

export function defaultProbeRoots(env: NodeJS.ProcessEnv = process.env): ProbeRoots {
  const ldPath = (env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean);
  return {
    ortBinaryDirs: onnxruntimeBinaryDirs(),
    libDirs: [
      ...ldPath,
      "/usr/lib/x86_64-linux-gnu",
      "/usr/lib/aarch64-linux-gnu",
      "/usr/lib64",
      "/usr/lib",
      "/lib/x86_64-linux-gnu",
      "/usr/local/lib",
    ],
    devDir: "/dev",
    icdDirs: ["/etc/vulkan/icd.d", "/usr/local/share/vulkan/icd.d", "/usr/share/vulkan/icd.d"],
    env,
  };
}

function readDriver(manifest: string): VulkanDriver | null {
  try {
    const json = JSON.parse(readFileSync(manifest, "utf8")) as { ICD?: { library_path?: unknown } };
    const library = typeof json.ICD?.library_path === "string" ? json.ICD.library_path : "";
    return { manifest, library, software: SOFTWARE_VULKAN.test(`${path.basename(manifest)} ${library}`) };
  } catch {
    return null; // unreadable manifests are ignored, as the Vulkan loader does
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function probeProviders(roots: ProbeRoots = defaultProbeRoots()): ProviderProbe {
  const cudaDir = roots.ortBinaryDirs.find((d) => existsSync(path.join(d, CUDA_PROVIDER_LIB)));
  const loaderDir = roots.libDirs.find((d) => existsSync(path.join(d, VULKAN_LOADER_LIB)));
  const gpuDevices = [
    ...listDir(roots.devDir)
      .filter((f) => /^nvidia\d+$/.test(f))
      .map((f) => path.join(roots.devDir, f)),
    ...listDir(path.join(roots.devDir, "dri"))
      .filter((f) => f.startsWith("renderD"))
      .map((f) => path.join(roots.devDir, "dri", f)),
  ];
  // The loader's own rule: VK_DRIVER_FILES (or the older VK_ICD_FILENAMES) replaces the search.
  const forced = roots.env.VK_DRIVER_FILES || roots.env.VK_ICD_FILENAMES;
  const manifests = forced
    ? forced.split(":").filter(Boolean)
    : roots.icdDirs.flatMap((d) =>
        listDir(d)
          .filter((f) => f.endsWith(".json"))
          .map((f) => path.join(d, f)),
      );
  return {
    cudaLibrary: cudaDir ? path.join(cudaDir, CUDA_PROVIDER_LIB) : null,
    vulkanLoader: loaderDir ? path.join(loaderDir, VULKAN_LOADER_LIB) : null,
    gpuDevices,
    vulkanDrivers: manifests.map(readDriver).filter((d): d is VulkanDriver => d !== null),
  };
}

export interface ProviderCandidate {
  provider: ExecutionProvider;
  /** Why this provider is tried, for the log and /health. */
  reason: string;
}

export interface ProviderPlan {
  /** Tried in order; under "auto" the last one is always CPU. */
  candidates: ProviderCandidate[];
  /** True when the choice named a provider: its failure is a start-up error, not a fallback. */
  forced: boolean;
  /** Why providers ahead of the chosen one were passed over (auto only). */
  passedOver: string[];
}

/** Reasons WebGPU cannot reach a hardware adapter here, empty when it can. */
export function webgpuHardwareGaps(probe: ProviderProbe): string[] {
  const gaps: string[] = [];
  if (!probe.vulkanLoader) gaps.push("no Vulkan loader (libvulkan.so.1)");
  if (probe.gpuDevices.length === 0) gaps.push("no GPU device node (/dev/nvidia*, /dev/dri/renderD*)");
  const hardware = probe.vulkanDrivers.filter((d) => !d.software);
  if (hardware.length === 0) {
    const software = probe.vulkanDrivers.filter((d) => d.software).map((d) => path.basename(d.manifest));
    gaps.push(
      software.length
        ? `only software Vulkan drivers (${software.join(", ")}), which run on the CPU`
        : "no Vulkan driver manifest",
    );
  }
  return gaps;
}

/**
 * The providers to try for a choice. "auto": CUDA where its library is installed, then WebGPU where
 * a hardware adapter can exist, then CPU. A named provider is tried alone.
 */
export function planProviders(choice: ExecutionProviderChoice, probe: ProviderProbe): ProviderPlan {
  const env = "TRIALGRAPH_EXECUTION_PROVIDER";
  if (choice !== "auto") {
    return {
      candidates: [{ provider: choice, reason: `forced by ${env}=${choice}` }],
      forced: true,
      passedOver: [],
    };
  }
  const candidates: ProviderCandidate[] = [];
  const passedOver: string[] = [];
  if (probe.cudaLibrary) {
    candidates.push({ provider: "cuda", reason: `auto: ${CUDA_PROVIDER_LIB} is installed` });
  } else {
    passedOver.push(`cuda: onnxruntime-node has no ${CUDA_PROVIDER_LIB}`);
  }
  const gaps = webgpuHardwareGaps(probe);
  if (gaps.length === 0) {
    const drivers = probe.vulkanDrivers.filter((d) => !d.software).map((d) => path.basename(d.manifest));
    candidates.push({
      provider: "webgpu",
      reason: `auto: GPU device ${probe.gpuDevices[0]} and Vulkan driver ${drivers.join(", ")}`,
    });
  } else {
    passedOver.push(`webgpu: ${gaps.join("; ")}`);
  }
  candidates.push({ provider: "cpu", reason: "auto: no GPU provider usable" });
  return { candidates, forced: false, passedOver };
}
