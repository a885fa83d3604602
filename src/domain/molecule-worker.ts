// The owner of the RDKit worker thread (src/domain/rdkit-worker.mjs): requests go one at a time,
// each with a time limit; a worker that overruns it is terminated, one that fails ends itself, and
// the next request starts a fresh one. The queue is bounded, so a flood of molecules is refused
// (MoleculeBusyError) instead of growing memory. A hand-written worker rather than piscina: one
// thread, one request at a time and replace-on-timeout are the whole requirement, and a pool would
// multiply RDKit's ~1 s start-up and its wasm memory per thread on a 2-core machine.
import { Worker } from "node:worker_threads";

export type MoleculeReply =
  | { ok: true; bits?: Uint8Array }
  | { ok: false; reason: "UNPARSABLE_SMILES" | "MOLECULE_TIMEOUT" | "RDKIT_FAILED" };

export class MoleculeBusyError extends Error {
  constructor(readonly queued: number) {
    super(`the molecule worker has ${queued} requests queued; try again shortly`);
    this.name = "MoleculeBusyError";
  }
}

export interface MoleculeWorkerOptions {
  /** Per molecule, once it reaches the worker (start-up of a fresh worker not counted). */
  timeoutMs?: number;
  maxQueue?: number;
}

interface Request {
  smiles: string;
  details?: string;
  nBits?: number;
}

export class MoleculeWorker {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private nextId = 1;
  /** Workers replaced after a timeout or a failure (for /health and tests). */
  replacements = 0;
  /** Per molecule; read at each request. */
  timeoutMs: number;
  private readonly maxQueue: number;

  constructor(options: MoleculeWorkerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.maxQueue = options.maxQueue ?? 512;
  }

  /** Whether RDKit parses the SMILES. */
  parse(smiles: string): Promise<MoleculeReply> {
    return this.enqueue({ smiles });
  }

  /** Morgan bits as Python's rdFingerprintGenerator gives them (see src/model/fingerprint.ts). */
  fingerprint(smiles: string, radius: number, nBits: number): Promise<MoleculeReply> {
    return this.enqueue({ smiles, details: JSON.stringify({ radius, nBits }), nBits });
  }

  get stats(): { queued: number; replacements: number } {
    return { queued: this.queued, replacements: this.replacements };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    await worker?.terminate();
  }

  private enqueue(request: Request): Promise<MoleculeReply> {
    if (this.queued >= this.maxQueue) return Promise.reject(new MoleculeBusyError(this.queued));
    this.queued++;
    const run = this.tail.then(() => this.send(request));
    this.tail = run.catch(() => undefined);
    return run.finally(() => this.queued--);
  }

  private start(): Promise<Worker> {
    if (this.ready) return this.ready;
    const worker = new Worker(new URL("./rdkit-worker.mjs", import.meta.url));
    worker.unref(); // never keeps the process alive on its own
    this.worker = worker;
    this.ready = new Promise<Worker>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (!m.ready) return;
        worker.off("message", onMessage);
        worker.off("error", reject);
        resolve(worker);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
    worker.once("exit", () => {
      if (this.worker === worker) {
        this.worker = null;
        this.ready = null;
      }
    });
    this.ready.catch(() => {
      if (this.worker === worker) {
        this.worker = null;
        this.ready = null;
      }
    });
    return this.ready;
  }

  private async send(request: Request): Promise<MoleculeReply> {
    const worker = await this.start();
    const id = this.nextId++;
    return new Promise<MoleculeReply>((resolve) => {
      const done = (reply: MoleculeReply, replace: boolean) => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("exit", onExit);
        if (replace) {
          this.replacements++;
          if (this.worker === worker) {
            this.worker = null;
            this.ready = null;
          }
          void worker.terminate();
        }
        resolve(reply);
      };
      const onMessage = (m: {
        id?: number;
        ok?: boolean;
        bits?: Uint8Array;
        reason?: string;
        fatal?: string;
      }) => {
        if (m.id !== id) return;
        if (m.fatal !== undefined) done({ ok: false, reason: "RDKIT_FAILED" }, true);
        else if (m.ok) done(m.bits ? { ok: true, bits: m.bits } : { ok: true }, false);
        else done({ ok: false, reason: "UNPARSABLE_SMILES" }, false);
      };
      const onExit = () => done({ ok: false, reason: "RDKIT_FAILED" }, true);
      const timer = setTimeout(() => done({ ok: false, reason: "MOLECULE_TIMEOUT" }, true), this.timeoutMs);
      worker.on("message", onMessage);
      worker.once("exit", onExit);
      worker.postMessage({ id, ...request });
    });
  }
}

let shared: MoleculeWorker | undefined;

/** The process's one RDKit worker (the API's SMILES checks and the model's fingerprints share it). */
export function sharedMoleculeWorker(): MoleculeWorker {
  return (shared ??= new MoleculeWorker());
}
