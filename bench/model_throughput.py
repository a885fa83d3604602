"""Python side of bench/model-throughput.ts: onnxruntime and PyTorch eager on the inputs the Node side
featurized (token ids, fingerprint bits, ICD ids, phases), batched and encoded like the service on CPU
("per-text": one encoder run per distinct text of a batch, unpadded). Only the runtime calls are timed,
on tensors built beforehand, like the Node "raw ORT" column.

  .venv/bin/python bench/model_throughput.py --inputs in.json --out out.json --batches 1,8 --trials 16,32 --reps 3,3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
LEVELS = ("coarse", "medium", "fine")


def batch_arrays(spec: dict, trials: list[dict]):
    """Distinct encoder windows of the batch, which windows each part holds, and CLaDMoP's non-text inputs."""
    B, M, H = len(trials), spec["maxTokens"], spec["hiddenSize"]
    D, NB, C = spec["maxDrugs"], spec["nBits"], spec["maxCodes"]
    texts: dict[tuple, int] = {}
    seqs = []
    for t in trials:
        for windows in (t["inc"], t["exc"]):
            keys = [tuple(w) for w in windows]
            for key in keys:
                texts.setdefault(key, len(texts))
            seqs.append(keys)
    fp = np.zeros((B, D * NB), np.float32)
    for b, t in enumerate(trials):
        fp[b, t["fpOn"]] = 1
    rest = {"drug_fp": fp.reshape(B, D, NB), "drug_mask": np.array([t["drugMask"] for t in trials], np.float32),
            "icd_ids": np.array([t["icd"] for t in trials], np.int64), "phase_id": np.array([t["phase"] for t in trials], np.int64)}
    return list(texts), seqs, texts, rest, (B, M, H)


def assemble(levels_by_text: list, seqs, index, shape):
    """Per-window encoder outputs [1, len, H] x3 -> crit_* [B, 2S, H] and crit_mask [B, 2S] (numpy), S = the
    batch's most windows per part x M, each part's windows one after another (src/model/cladmop-feeds.ts)."""
    B, M, H = shape
    S = max(len(keys) for keys in seqs) * M
    crit = [np.zeros((B, 2 * S, H), np.float32) for _ in LEVELS]
    mask = np.zeros((B, 2 * S), np.float32)
    for s, keys in enumerate(seqs):
        b, pos = s >> 1, (s & 1) * S
        for key in keys:
            out = levels_by_text[index[key]]
            n = len(key)
            for lv in range(3):
                crit[lv][b, pos : pos + n] = out[lv][0, :n]
            mask[b, pos : pos + n] = 1
            pos += n
    return crit, mask


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--inputs", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--artifacts", default=str(REPO / "models" / "artifacts"))
    p.add_argument("--checkpoint", default=os.environ.get("BENCH_CLADMOP_CHECKPOINT", str(REPO / "models" / ".cache" / "served.pt")))
    p.add_argument("--batches", required=True)
    p.add_argument("--trials", required=True, help="trials per rep, one per batch size")
    p.add_argument("--reps", required=True, help="reps, one per batch size")
    p.add_argument("--torch-reps", default=None, help="reps for PyTorch eager, one per batch size (default: --reps)")
    p.add_argument("--runners", default="ort,torch", help="ort, torch or both (smoke runs skip torch: bench/gpu.py --check covers it)")
    a = p.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import onnxruntime as ort
    import torch
    from torch_rebuild import OnnxRebuiltEncoder, load_served_cladmop

    data = json.loads(Path(a.inputs).read_text())
    spec, trials = data["spec"], data["trials"]
    batches = [int(x) for x in a.batches.split(",")]
    n_trials = [int(x) for x in a.trials.split(",")]
    reps = [int(x) for x in a.reps.split(",")]
    torch_reps = [int(x) for x in a.torch_reps.split(",")] if a.torch_reps else reps
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    art = Path(a.artifacts)
    enc_s = ort.InferenceSession(str(art / "encoder.onnx"), so, providers=["CPUExecutionProvider"])
    cl_s = ort.InferenceSession(str(art / "cladmop.onnx"), so, providers=["CPUExecutionProvider"])
    want_torch = "torch" in a.runners.split(",")
    enc_t = OnnxRebuiltEncoder(art / "encoder.onnx", spec["levels"]) if want_torch else None
    cl_t = load_served_cladmop(Path(a.checkpoint)) if want_torch else None
    notes = []
    if want_torch and cl_t is None:
        notes.append(f"PyTorch eager: no checkpoint at {a.checkpoint}; CLaDMoP part ran on ORT (the encoder is PyTorch)")
    if want_torch:
        notes.append("PyTorch eager: encoder = BertModel with the dequantized int8 weights of encoder.onnx (fp32 compute); "
                     "CLaDMoP = models/.cache/served.pt (the weights exported to cladmop.onnx)")

    # pre-built per batch: encoder feeds (numpy and torch) and CLaDMoP feeds from the ORT features
    prepared = {}
    check = {}
    for b, n in zip(batches, n_trials):
        items = []
        for i in range(0, n, b):
            texts, seqs, index, rest, shape = batch_arrays(spec, trials[i : i + b])
            feeds = [{"input_ids": np.array([t], np.int64), "attention_mask": np.ones((1, len(t)), np.int64)} for t in texts]
            outs = [enc_s.run(list(LEVELS), f) for f in feeds]
            crit, mask = assemble(outs, seqs, index, shape)
            cfeeds = {"crit_coarse": crit[0], "crit_medium": crit[1], "crit_fine": crit[2], "crit_mask": mask, **rest}
            tfeeds = [] if not want_torch else [(torch.from_numpy(f["input_ids"]), torch.from_numpy(f["attention_mask"])) for f in feeds]
            targs = [torch.from_numpy(np.ascontiguousarray(cfeeds[k])) for k in
                     ("crit_coarse", "crit_medium", "crit_fine", "crit_mask", "drug_fp", "drug_mask", "icd_ids", "phase_id")]
            items.append((feeds, cfeeds, tfeeds, targs))
        prepared[b] = items
    # same weights? PyTorch CLaDMoP vs cladmop.onnx on identical features
    if cl_t is not None:
        _, cf, _, ta = prepared[batches[-1]][0]
        pr, er = cl_s.run(["probability", "embedding"], cf)
        with torch.no_grad():
            pt, et = cl_t(*ta)
        check = {"cladmopMaxAbsDiffProbability": float(np.abs(pt.numpy() - pr).max()),
                 "cladmopMaxAbsDiffEmbedding": float(np.abs(et.numpy() - er).max())}
        if check["cladmopMaxAbsDiffProbability"] > 1e-3:
            notes.append(f"served.pt does NOT match cladmop.onnx (max |dp| {check['cladmopMaxAbsDiffProbability']:.3g}): "
                         "the PyTorch figures time the same architecture, not the same weights")

    def run_ort(items):
        for feeds, cfeeds, _, _ in items:
            for f in feeds:
                enc_s.run(list(LEVELS), f)
            cl_s.run(["probability", "embedding"], cfeeds)

    def run_torch(items):
        with torch.no_grad():
            for _, cfeeds, tfeeds, targs in items:
                for ids, mask in tfeeds:
                    enc_t(ids, mask)
                if cl_t is not None:
                    cl_t(*targs)
                else:
                    cl_s.run(["probability", "embedding"], cfeeds)

    if want_torch:
        # On a CPU shared with other jobs, PyTorch's OpenMP pool with one thread per core collapses
        # (threads spin at barriers while descheduled: 1-3 texts/s against ~27 with one thread, measured
        # here at load average 6). Use whichever thread count is faster right now, and say which.
        probe = prepared[batches[0]][: max(1, 4 // batches[0])]
        speeds = {}
        for t in sorted({1, threads}):
            torch.set_num_threads(t)
            run_torch(probe)
            t0 = time.perf_counter()
            run_torch(probe)
            speeds[t] = 1 / (time.perf_counter() - t0)
        torch_threads = max(speeds, key=speeds.get)
        torch.set_num_threads(torch_threads)
        notes.append(f"PyTorch eager ran with {torch_threads} intra-op thread(s): faster in a probe now "
                     f"({', '.join(f'{t} thread(s) {v / max(speeds.values()):.2f}x' for t, v in speeds.items())}); ORT uses {threads}")
        check["torchThreadProbe"] = {str(k): v for k, v in speeds.items()}
    runners = {"Python onnxruntime": run_ort, "PyTorch eager": run_torch}
    if not want_torch:
        del runners["PyTorch eager"]
    results: dict = {name: {} for name in runners}
    widest = prepared[batches[n_trials.index(max(n_trials))]]
    for name, fn in runners.items():
        # One untimed pass over every trial first: PyTorch (oneDNN) pays a one-off cost per new input
        # shape, and per-text encoding gives every distinct text length its own shape.
        fn(widest)
        for b, n, r in zip(batches, n_trials, torch_reps if name == "PyTorch eager" else reps):
            fn(prepared[b][:1])  # warm-up
            rates = []
            for _ in range(r):
                t0 = time.perf_counter()
                fn(prepared[b])
                rates.append(n / (time.perf_counter() - t0))
            results[name][str(b)] = rates
            print(f"[bench model-throughput] {name} b={b}: {sorted(rates)[len(rates) // 2]:.2f} trials/s", file=sys.stderr)
    Path(a.out).write_text(json.dumps({"runners": results, "notes": notes, "check": check,
                                       "versions": {"python": platform.python_version(), "onnxruntime": ort.__version__, "torch": torch.__version__}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
