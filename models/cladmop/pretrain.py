"""CLIP-style pre-training on successful trials: criteria embedding vs drug+disease embedding
(symmetric InfoNCE) plus a pair-matching loss on the fused branch (matched criteria vs another
trial's criteria), so the fusion layers that fine-tuning adapts start from something learned."""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .encoder import FeatureCache, text_batch
from .model import CLaDMoP, ModelConfig, info_nce


@dataclass
class PretrainConfig:
    epochs: int = 10
    batch_size: int = 64
    lr: float = 3e-4
    weight_decay: float = 0.05
    itm_weight: float = 0.5
    val_frac: float = 0.1
    seed: int = 0


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def to_torch(arrs: dict[str, np.ndarray], idx=None) -> dict[str, torch.Tensor]:
    return {k: torch.from_numpy(v if idx is None else v[idx]) for k, v in arrs.items()}


def preload_text(rows, cache: FeatureCache, max_tokens: int) -> dict[str, torch.Tensor]:
    """fp16 criteria tensors for all rows (half the memory; cast per batch)."""
    out: dict[str, list] = {}
    for b in range(0, len(rows), 256):
        for k, v in text_batch(rows[b : b + 256], cache, max_tokens).items():
            out.setdefault(k, []).append(torch.from_numpy(v.astype(np.float16) if v.ndim == 3 else v))
    return {k: torch.cat(v) for k, v in out.items()}


def pretrain_losses(model: CLaDMoP, text: dict[str, torch.Tensor], other: dict[str, torch.Tensor], itm_weight: float):
    groups, z_c, _ = model.encode_criteria(text["crit_coarse"].float(), text["crit_medium"].float(),
                                           text["crit_fine"].float(), text["crit_mask"])
    x, m, z_dd = model.encode_dd(other["drug_fp"], other["drug_mask"], other["icd_ids"], other["phase_id"])
    nce = info_nce(z_c, z_dd, model.logit_scale)
    # negatives for pair matching: each branch with the criteria of the next trial in the batch
    neg = [g.roll(1, dims=0) for g in groups]
    pos_logit = model.itm(model.fused(x, m, groups)).squeeze(-1)  # [B]
    neg_logit = model.itm(model.fused(x, m, neg)).squeeze(-1)  # [B]
    itm = 0.5 * (F.binary_cross_entropy_with_logits(pos_logit, torch.ones_like(pos_logit))
                 + F.binary_cross_entropy_with_logits(neg_logit, torch.zeros_like(neg_logit)))
    return nce + itm_weight * itm, nce, itm


def pretrain(model: CLaDMoP, rows: list[dict], arrays: dict[str, np.ndarray], cache: FeatureCache,
             max_tokens: int, cfg: PretrainConfig, log=print) -> dict:
    """rows/arrays: the pre-training corpus (already leak-checked by data.pretrain_corpus)."""
    set_seed(cfg.seed)
    n = len(rows)
    perm = np.random.RandomState(cfg.seed).permutation(n)
    n_val = max(2, int(n * cfg.val_frac))
    val_idx, tr_idx = perm[:n_val], perm[n_val:]
    text = preload_text(rows, cache, max_tokens)
    other = {k: v for k, v in to_torch(arrays).items() if k != "label"}
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    steps = cfg.epochs * int(np.ceil(len(tr_idx) / cfg.batch_size))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=max(steps, 1), pct_start=0.1)
    best, best_state, hist = float("inf"), None, []
    t0 = time.time()
    for ep in range(cfg.epochs):
        model.train()
        rng = np.random.RandomState(cfg.seed + ep)
        order = tr_idx[rng.permutation(len(tr_idx))]
        tot = 0.0
        for b in range(0, len(order), cfg.batch_size):
            idx = torch.from_numpy(order[b : b + cfg.batch_size])
            if len(idx) < 2:
                continue
            loss, _, _ = pretrain_losses(model, {k: v[idx] for k, v in text.items()}, {k: v[idx] for k, v in other.items()}, cfg.itm_weight)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            tot += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            vi = torch.from_numpy(val_idx)
            vl, vn, vm = pretrain_losses(model, {k: v[vi] for k, v in text.items()}, {k: v[vi] for k, v in other.items()}, cfg.itm_weight)
        hist.append({"epoch": ep + 1, "train": tot / len(order), "val": vl.item(), "val_nce": vn.item(), "val_itm": vm.item()})
        if vl.item() < best:
            best, best_state = vl.item(), {k: v.detach().clone() for k, v in model.state_dict().items()}
        log(f"[pretrain] epoch {ep + 1}/{cfg.epochs} train {tot / len(order):.3f} val {vl.item():.3f} "
            f"(nce {vn.item():.3f}, itm {vm.item():.3f}, chance nce {np.log(len(val_idx)):.3f}) {time.time() - t0:.0f}s")
    if best_state is not None:
        model.load_state_dict(best_state)
    return {"epochs": cfg.epochs, "best_val": best, "history": hist, "seconds": time.time() - t0,
            "n_train": int(len(tr_idx)), "n_val": int(len(val_idx))}


def pretrain_from_scratch(model_cfg: ModelConfig, rows, arrays, cache, max_tokens, cfg: PretrainConfig, log=print):
    set_seed(cfg.seed)
    model = CLaDMoP(model_cfg)
    info = pretrain(model, rows, arrays, cache, max_tokens, cfg, log)
    return model, info


if __name__ == "__main__":
    print("use: python -m cladmop all", file=sys.stderr)
