// ONNX Runtime sessions for encoder.onnx and cladmop.onnx, with the execution provider chosen on
// purpose: onnxruntime-node ships CPU-only unless installed with its CUDA option, and asking a
// CPU-only build for CUDA fails, so "auto" looks for the CUDA provider library first and says
// which provider it ended up with.
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";

export type ExecutionProviderChoice = "auto" | "cpu" | "cuda";

export interface OnnxSessions {
  encoder: ort.InferenceSession;
  cladmop: ort.InferenceSession;
  /** The provider the sessions were created with: "cuda" or "cpu". */
  executionProvider: "cuda" | "cpu";
  /** Why that provider, for logs and /health. */
  providerReason: string;
  release(): Promise<void>;
}

export interface SessionOptions {
  executionProvider: ExecutionProviderChoice;
  /** Threads inside one operator; default: the machine's CPU count. */
  intraOpThreads?: number;
  /** Where to report the choice; default console.info. */
  log?: (message: string) => void;
}

const CUDA_PROVIDER_LIB = "libonnxruntime_providers_cuda.so";

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

/** True when onnxruntime-node was installed with its CUDA provider library. */
export function cudaProviderAvailable(dirs: string[] = onnxruntimeBinaryDirs()): boolean {
  return dirs.some((d) => existsSync(path.join(d, CUDA_PROVIDER_LIB)));
}

function sessionOptions(provider: "cuda" | "cpu", threads: number): ort.InferenceSession.SessionOptions {
  return {
    // CUDA runs what it supports and leaves the rest to CPU; CPU alone otherwise.
    executionProviders: provider === "cuda" ? ["cuda", "cpu"] : ["cpu"],
    intraOpNumThreads: threads,
    // One request at a time per session (the batch scorer serialises runs), so no inter-op pool.
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  };
}

async function createPair(
  encoderFile: string,
  cladmopFile: string,
  provider: "cuda" | "cpu",
  threads: number,
): Promise<[ort.InferenceSession, ort.InferenceSession]> {
  const options = sessionOptions(provider, threads);
  const encoder = await ort.InferenceSession.create(encoderFile, options);
  try {
    const cladmop = await ort.InferenceSession.create(cladmopFile, options);
    return [encoder, cladmop];
  } catch (err) {
    await encoder.release();
    throw err;
  }
}

/** Creates both sessions; "auto" tries CUDA only where its library exists and falls back to CPU. */
export async function createOnnxSessions(
  encoderFile: string,
  cladmopFile: string,
  options: SessionOptions,
): Promise<OnnxSessions> {
  const log = options.log ?? ((m: string) => console.info(m));
  const threads = options.intraOpThreads ?? Math.max(1, os.availableParallelism());
  const choice = options.executionProvider;
  const hasCuda = cudaProviderAvailable();
  let provider: "cuda" | "cpu" = "cpu";
  let reason: string;
  let pair: [ort.InferenceSession, ort.InferenceSession] | undefined;

  if (choice === "cuda") {
    if (!hasCuda) {
      throw new Error(
        `TRIALGRAPH_EXECUTION_PROVIDER=cuda but onnxruntime-node has no ${CUDA_PROVIDER_LIB}; ` +
          "reinstall it with its CUDA option (see README) or use auto/cpu",
      );
    }
    pair = await createPair(encoderFile, cladmopFile, "cuda", threads);
    provider = "cuda";
    reason = "forced by TRIALGRAPH_EXECUTION_PROVIDER=cuda";
  } else if (choice === "auto" && hasCuda) {
    try {
      pair = await createPair(encoderFile, cladmopFile, "cuda", threads);
      provider = "cuda";
      reason = `auto: ${CUDA_PROVIDER_LIB} found and the CUDA provider started`;
    } catch (err) {
      reason = `auto: ${CUDA_PROVIDER_LIB} found but CUDA failed (${(err as Error).message}); using CPU`;
    }
  } else {
    reason =
      choice === "cpu"
        ? "forced by TRIALGRAPH_EXECUTION_PROVIDER=cpu"
        : `auto: onnxruntime-node has no ${CUDA_PROVIDER_LIB}; using CPU`;
  }
  if (!pair) pair = await createPair(encoderFile, cladmopFile, "cpu", threads);
  log(`[model] ONNX Runtime execution provider: ${provider} (${reason}); intra-op threads ${threads}`);

  const [encoder, cladmop] = pair;
  return {
    encoder,
    cladmop,
    executionProvider: provider,
    providerReason: reason,
    async release() {
      await Promise.all([encoder.release(), cladmop.release()]);
    },
  };
}
