// The encoder GPU providers run: encoder-gpu.onnx, written by models/cladmop/gpu_export.py from
// encoder.onnx (the same int8 weights, float activations). It is only valid for the encoder.onnx it
// came from: encoder-gpu.json records that file's sha256, and a re-exported encoder.onnx makes the
// GPU encoder stale, which would serve features the model was not trained on.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const GPU_ENCODER = "encoder-gpu.onnx";
export const GPU_ENCODER_META = "encoder-gpu.json";
const EXPORT_HINT = "run `cd models && ../.venv/bin/python -m cladmop.gpu_export`";

export type GpuEncoder = { file: string; problem?: undefined } | { file?: undefined; problem: string };

export function sha256File(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** The GPU encoder of an artifacts folder, or why there is none usable. */
export function resolveGpuEncoder(artifactsDir: string): GpuEncoder {
  const file = path.join(artifactsDir, GPU_ENCODER);
  const metaFile = path.join(artifactsDir, GPU_ENCODER_META);
  if (!existsSync(file) || !existsSync(metaFile)) {
    return { problem: `no ${GPU_ENCODER} + ${GPU_ENCODER_META} in ${artifactsDir} (${EXPORT_HINT})` };
  }
  let meta: { source?: unknown; sourceSha256?: unknown };
  try {
    meta = JSON.parse(readFileSync(metaFile, "utf8")) as typeof meta;
  } catch (err) {
    return { problem: `${GPU_ENCODER_META} is not JSON (${(err as Error).message})` };
  }
  const source = path.join(artifactsDir, typeof meta.source === "string" ? meta.source : "encoder.onnx");
  if (!existsSync(source)) return { problem: `${GPU_ENCODER_META} names ${source}, which is missing` };
  if (meta.sourceSha256 !== sha256File(source)) {
    return {
      problem: `${GPU_ENCODER} is stale: it was made from another ${path.basename(source)} (${EXPORT_HINT})`,
    };
  }
  return { file };
}
