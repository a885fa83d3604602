// Whether onnxruntime-node's WebGPU provider can start here, for the WebGPU tests. On a machine
// without a GPU it runs on Mesa's software Vulkan driver (lavapipe), which scripts/setup-vulkan.sh
// installs; the tests pin the Vulkan loader to it when nothing else is pinned, so they run the same
// way everywhere. Missing pieces are reported, never skipped silently: under CI=true the tests fail.
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { probeProviders } from "../../src/model/execution-provider.js";

export const LAVAPIPE_ICD = "/usr/share/vulkan/icd.d/lvp_icd.json";

export type WebGpuAvailability = { ok: true } | { ok: false; why: string };

/** Sets XDG_RUNTIME_DIR and VK_ICD_FILENAMES if unset, then starts a WebGPU session on `onnxFile`. */
export async function webgpuAvailability(onnxFile: string): Promise<WebGpuAvailability> {
  process.env.XDG_RUNTIME_DIR ||= mkdtempSync(path.join(os.tmpdir(), "tg-xdg-"));
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(LAVAPIPE_ICD)) {
    process.env.VK_ICD_FILENAMES = LAVAPIPE_ICD;
  }
  const fix = "install them with `sudo bash scripts/setup-vulkan.sh` (libvulkan1, mesa-vulkan-drivers >= 25)";
  const probe = probeProviders();
  if (!probe.vulkanLoader) return { ok: false, why: `no Vulkan loader (libvulkan.so.1); ${fix}` };
  if (probe.vulkanDrivers.length === 0)
    return { ok: false, why: `no Vulkan driver (lavapipe: ${LAVAPIPE_ICD}); ${fix}` };
  try {
    const s = await ort.InferenceSession.create(onnxFile, { executionProviders: ["webgpu"] });
    await s.release();
    return { ok: true };
  } catch (err) {
    return { ok: false, why: `WebGPU did not start: ${(err as Error).message.split("\n")[0]}; ${fix}` };
  }
}

/** Says loudly why the WebGPU tests do not run here; the caller fails them under CI=true. */
export function reportWebGpuMissing(what: string, why: string): void {
  console.warn(`\n[${what}] ${process.env.CI === "true" ? "FAILING (CI=true)" : "SKIPPED"}: ${why}\n`);
}
