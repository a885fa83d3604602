// ONNX Runtime sessions for the encoder and cladmop.onnx on the execution provider that
// execution-provider.ts plans: a named provider is tried alone and its failure is a start-up
// error; "auto" goes down its list (CUDA, WebGPU, CPU) and logs why each one was passed over.
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import {
  CUDA_PROVIDER_LIB,
  isGpuProvider,
  onnxruntimeBinaryDirs,
  planProviders,
  probeProviders,
  type ExecutionProvider,
  type ExecutionProviderChoice,
  type ProviderProbe,
} from "./execution-provider.js";

export { onnxruntimeBinaryDirs, type ExecutionProvider, type ExecutionProviderChoice };

export interface OnnxSessions {
  encoder: ort.InferenceSession;
  cladmop: ort.InferenceSession;
  /** The provider the sessions were created with. */
  executionProvider: ExecutionProvider;
  /** The encoder file the sessions run (the GPU variant on GPU providers). */
  encoderFile: string;
  /** Why that provider, for logs and /health. */
  providerReason: string;
  release(): Promise<void>;
}

export interface SessionOptions {
  executionProvider: ExecutionProviderChoice;
  /**
   * The encoder GPU providers run (encoder-gpu.onnx: the int8 CPU graph is not a GPU format).
   * Without it, GPU providers are skipped under "auto" and a start-up error when named.
   */
  gpuEncoderFile?: string;
  /** Why there is no usable GPU encoder (missing, stale), for the error or the log. */
  gpuEncoderProblem?: string;
  /** Threads inside one operator; default: the machine's CPU count. */
  intraOpThreads?: number;
  /** Where to report the choice; default console.info. */
  log?: (message: string) => void;
  /** What the machine offers; default: probed from the file system. */
  probe?: ProviderProbe;
}

/** True when onnxruntime-node was installed with its CUDA provider library. */
export function cudaProviderAvailable(dirs: string[] = onnxruntimeBinaryDirs()): boolean {
  return dirs.some((d) => existsSync(path.join(d, CUDA_PROVIDER_LIB)));
}

/** ORT's executionProviders list for one provider; nodes a GPU provider lacks run on CPU. */
export function ortExecutionProviders(
  provider: ExecutionProvider,
): ort.InferenceSession.SessionOptions["executionProviders"] {
  switch (provider) {
    case "cuda":
      return [{ name: "cuda", deviceId: 0 }, "cpu"];
    case "webgpu":
      return [{ name: "webgpu" }, "cpu"];
    case "cpu":
      return ["cpu"];
  }
}

export function ortSessionOptions(
  provider: ExecutionProvider,
  threads: number,
): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ortExecutionProviders(provider),
    intraOpNumThreads: threads,
    // One request at a time per session (the batch scorer serialises runs), so no inter-op pool.
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  };
}

/** One encoder run on two tokens: a GPU provider that creates sessions but cannot run fails here. */
async function smokeRunEncoder(encoder: ort.InferenceSession): Promise<void> {
  const ids = new ort.Tensor("int64", new BigInt64Array(2), [1, 2]);
  const mask = new ort.Tensor("int64", BigInt64Array.from([1n, 1n]), [1, 2]);
  await encoder.run({ input_ids: ids, attention_mask: mask });
}

async function createPair(
  encoderFile: string,
  cladmopFile: string,
  provider: ExecutionProvider,
  threads: number,
): Promise<[ort.InferenceSession, ort.InferenceSession]> {
  const options = ortSessionOptions(provider, threads);
  const encoder = await ort.InferenceSession.create(encoderFile, options);
  let cladmop: ort.InferenceSession | undefined;
  try {
    cladmop = await ort.InferenceSession.create(cladmopFile, options);
    if (isGpuProvider(provider)) await smokeRunEncoder(encoder);
    return [encoder, cladmop];
  } catch (err) {
    await Promise.all([encoder.release(), cladmop?.release()]);
    throw err;
  }
}

const firstLine = (err: unknown) => String((err as Error).message ?? err).split("\n")[0];

/** Creates both sessions on the first provider of the plan that starts. */
export async function createOnnxSessions(
  encoderFile: string,
  cladmopFile: string,
  options: SessionOptions,
): Promise<OnnxSessions> {
  const log = options.log ?? ((m: string) => console.info(m));
  const threads = options.intraOpThreads ?? Math.max(1, os.availableParallelism());
  const probe = options.probe ?? probeProviders();
  const plan = planProviders(options.executionProvider, probe);
  if (options.executionProvider === "cuda" && !probe.cudaLibrary) {
    throw new Error(
      `TRIALGRAPH_EXECUTION_PROVIDER=cuda but onnxruntime-node has no ${CUDA_PROVIDER_LIB}; ` +
        'install it as README "GPU" says, or use auto/cpu',
    );
  }
  const gpuEncoder =
    options.gpuEncoderFile && existsSync(options.gpuEncoderFile) ? options.gpuEncoderFile : undefined;
  const noGpuEncoder =
    options.gpuEncoderProblem ??
    `no GPU encoder ${options.gpuEncoderFile ?? "(encoder-gpu.onnx)"}; see README "GPU"`;
  const passedOver = [...plan.passedOver];

  for (const { provider, reason } of plan.candidates) {
    const encoder = isGpuProvider(provider) ? gpuEncoder : encoderFile;
    if (!encoder) {
      if (plan.forced)
        throw new Error(`TRIALGRAPH_EXECUTION_PROVIDER=${provider} needs a GPU encoder: ${noGpuEncoder}`);
      passedOver.push(`${provider}: ${noGpuEncoder}`);
      continue;
    }
    let pair: [ort.InferenceSession, ort.InferenceSession];
    try {
      pair = await createPair(encoder, cladmopFile, provider, threads);
    } catch (err) {
      if (provider === "cpu") throw err; // a bad file, not a provider: its own error says most
      if (plan.forced) {
        throw new Error(
          `TRIALGRAPH_EXECUTION_PROVIDER=${provider} but the ${provider} provider did not start: ${firstLine(err)}` +
            (provider === "cuda" ? ' (CUDA 12/13 and cuDNN 9 libraries as README "GPU" says?)' : ""),
        );
      }
      passedOver.push(`${provider}: did not start (${firstLine(err)})`);
      continue;
    }
    const fullReason = passedOver.length ? `${reason}; passed over ${passedOver.join("; ")}` : reason;
    log(
      `[model] ONNX Runtime execution provider: ${provider} (${fullReason}); ` +
        `encoder ${path.basename(encoder)}; intra-op threads ${threads}`,
    );
    const [enc, cladmop] = pair;
    return {
      encoder: enc,
      cladmop,
      executionProvider: provider,
      encoderFile: encoder,
      providerReason: fullReason,
      async release() {
        await Promise.all([enc.release(), cladmop.release()]);
      },
    };
  }
  // Unreachable: "auto" ends with CPU, whose failure is thrown above.
  throw new Error(`no execution provider started: ${passedOver.join("; ")}`);
}
