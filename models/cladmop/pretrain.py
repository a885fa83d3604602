"""CLIP-style pre-training on successful trials (the paper's): symmetric InfoNCE between the pooled final
(fine) criteria layer and the fused drug-disease representation, i.e. the branch after it has cross-attended
to the coarse, medium and fine criteria groups, so the fusion layers that fine-tuning adapts are trained
here too. The temperature starts at 0.6 and is learned. Only trials with criteria take part (a pair needs
both sides); the caller passes rows of the training folds only (`data.pretrain_corpus`)."""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass

import numpy as np
import torch

from .encoder import FeatureCache, text_batch
from .model import CLaDMoP, ModelConfig, info_nce


@dataclass
class PretrainConfig:
    epochs: int = 5
    batch_size: int = 64
    lr: float = 3e-4
    weight_decay: float = 0.05
    val_frac: float = 0.1  # of the corpus, held out to pick the best epoch (also training-fold rows)
    seed: int = 0


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def to_torch(arrs: dict[str, np.ndarray], idx=None) -> dict[str, torch.Tensor]:
    return {k: torch.from_numpy(v if idx is None else v[idx]) for k, v in arrs.items()}


def preload_text(rows, cache: FeatureCache, slot: int) -> dict[str, torch.Tensor]:
    """Pooled criteria tensors for all rows (fp16 token features: half the memory; cast per batch)."""
    out: dict[str, list] = {}
    for b in range(0, len(rows), 256):
        for k, v in text_batch(rows[b : b + 256], cache, slot).items():
            out.setdefault(k, []).append(torch.from_numpy(v.astype(np.float16) if k == "tok" else v))
    return {k: torch.cat(v) for k, v in out.items()}


def pretrain_loss(model: CLaDMoP, text: dict[str, torch.Tensor], other: dict[str, torch.Tensor]) -> torch.Tensor:
    groups = model.criteria.forward_pooled(text["tok"].float(), text["mask"])  # 3 x [B, K, D]
    groups, z_c, _ = model.criteria_side(groups, text["raw"], text["present"])
    fused = model.fused(other["drug_fp"], other["drug_mask"], other["icd_ids"], other["phase_id"], groups)  # [B, D]
    return info_nce(z_c, model.dd_proj(fused), model.logit_scale)


def pretrain(model: CLaDMoP, rows: list[dict], arrays: dict[str, np.ndarray], cache: FeatureCache,
             slot: int, cfg: PretrainConfig, log=print) -> dict:
    """rows/arrays: the pre-training corpus (already leak-checked by data.pretrain_corpus)."""
    set_seed(cfg.seed)
    n = len(rows)
    perm = np.random.RandomState(cfg.seed).permutation(n)
    n_val = max(2, int(n * cfg.val_frac))
    val_idx, tr_idx = perm[:n_val], perm[n_val:]
    text = preload_text(rows, cache, slot)
    other = {k: v for k, v in to_torch(arrays).items() if k != "label"}
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    steps = cfg.epochs * int(np.ceil(len(tr_idx) / cfg.batch_size))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=max(steps, 1), pct_start=0.1)
    best, best_state, hist = float("inf"), None, []
    t0 = time.time()
    for ep in range(cfg.epochs):
        model.train()
        order = tr_idx[np.random.RandomState(cfg.seed + ep).permutation(len(tr_idx))]
        tot = 0.0
        for b in range(0, len(order), cfg.batch_size):
            idx = torch.from_numpy(order[b : b + cfg.batch_size])
            if len(idx) < 2:
                continue
            loss = pretrain_loss(model, {k: v[idx] for k, v in text.items()}, {k: v[idx] for k, v in other.items()})
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            tot += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            vi = torch.from_numpy(val_idx)
            vl = pretrain_loss(model, {k: v[vi] for k, v in text.items()}, {k: v[vi] for k, v in other.items()}).item()
        hist.append({"epoch": ep + 1, "train": tot / len(order), "val": vl, "temperature": float(1 / model.logit_scale.exp())})
        if vl < best:
            best, best_state = vl, {k: v.detach().clone() for k, v in model.state_dict().items()}
        log(f"[pretrain] epoch {ep + 1}/{cfg.epochs} train {tot / len(order):.3f} val {vl:.3f} "
            f"(chance {np.log(len(val_idx)):.3f}, temperature {hist[-1]['temperature']:.3f}) {time.time() - t0:.0f}s")
    if best_state is not None:
        model.load_state_dict(best_state)
    return {"epochs": cfg.epochs, "best_val": best, "chance_val": float(np.log(len(val_idx))), "history": hist,
            "seconds": time.time() - t0, "n_train": int(len(tr_idx)), "n_val": int(len(val_idx))}


def pretrain_from_scratch(model_cfg: ModelConfig, rows, arrays, cache, slot, cfg: PretrainConfig, log=print):
    set_seed(cfg.seed)
    model = CLaDMoP(model_cfg)
    info = pretrain(model, rows, arrays, cache, slot, cfg, log)
    return model, info


if __name__ == "__main__":
    print("use: python -m cladmop all", file=sys.stderr)
