"""Per-phase fine-tuning: LoRA (peft) on the branch's attention layers + a fresh residual FFN head,
class-weighted BCE, early stopping on a validation set. Everything else stays frozen, so the criteria
side is computed once per backbone (`precompute`) and reused by every phase and fold."""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from peft import LoraConfig, get_peft_model
from sklearn.metrics import average_precision_score, roc_auc_score

from .encoder import FeatureCache, text_batch
from .model import LORA_TARGETS, CLaDMoP, ResidualHead
from .pretrain import set_seed


@dataclass
class FinetuneConfig:
    epochs: int = 12
    batch_size: int = 128
    lr: float = 2e-3
    weight_decay: float = 0.01
    lora_r: int = 8
    lora_alpha: int = 16
    lora_dropout: float = 0.1
    patience: int = 4
    own_phase_weight: float = 2.0  # rows of the target phase count this much more than cross-phase rows
    seed: int = 0


@torch.no_grad()
def precompute(model: CLaDMoP, rows: list[dict], cache: FeatureCache, max_tokens: int, batch: int = 128) -> dict[str, torch.Tensor]:
    """Frozen criteria side for all rows: groups [N, 3K, D], z_c [N, P], raw [N, 2H]."""
    model.eval()
    out: dict[str, list] = {"groups": [], "z_c": [], "raw": []}
    for b in range(0, len(rows), batch):
        t = {k: torch.from_numpy(v) for k, v in text_batch(rows[b : b + batch], cache, max_tokens).items()}
        groups, z_c, raw = model.encode_criteria(t["crit_coarse"], t["crit_medium"], t["crit_fine"], t["crit_mask"])
        out["groups"].append(torch.cat(groups, 1))
        out["z_c"].append(z_c)
        out["raw"].append(raw)
    return {k: torch.cat(v) for k, v in out.items()}


def _split_groups(g: torch.Tensor) -> list[torch.Tensor]:  # [N, 3K, D] -> 3 x [N, K, D]
    return list(g.chunk(3, dim=1))


def _logits(model: CLaDMoP, pre: dict, arr: dict, idx: torch.Tensor) -> torch.Tensor:
    logit, _ = model.logit_from(_split_groups(pre["groups"][idx]), pre["z_c"][idx], pre["raw"][idx],
                                arr["drug_fp"][idx], arr["drug_mask"][idx], arr["icd_ids"][idx], arr["phase_id"][idx])
    return logit  # [b]


@torch.no_grad()
def predict(model: CLaDMoP, pre: dict, arr: dict, idx: np.ndarray) -> np.ndarray:
    model.eval()
    if len(idx) == 0:
        return np.zeros(0, np.float32)
    return torch.sigmoid(_logits(model, pre, arr, torch.from_numpy(np.asarray(idx)))).numpy()


def _score(y: np.ndarray, p: np.ndarray) -> float:
    if len(np.unique(y)) < 2:
        return -float(F.binary_cross_entropy(torch.tensor(p), torch.tensor(y)).item())
    return float(average_precision_score(y, p) + roc_auc_score(y, p))


def finetune_phase(backbone: CLaDMoP, pre: dict, arr: dict, train_idx: np.ndarray, val_idx: np.ndarray,
                   target_phase: int, cfg: FinetuneConfig, log=print, tag: str = "") -> tuple[CLaDMoP, dict]:
    """Returns a merged plain CLaDMoP (LoRA folded into the branch) with the trained head, and info.
    arr: torch tensors over ALL rows; pre: precomputed criteria side over ALL rows; *_idx index them."""
    set_seed(cfg.seed)
    model = copy.deepcopy(backbone)
    model.head = ResidualHead(model.head.inp[1].in_features, model.cfg.d_model, model.cfg.dropout)  # fresh head
    lcfg = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=LORA_TARGETS, modules_to_save=["head"])
    peft_model = get_peft_model(model, lcfg)
    inner: CLaDMoP = peft_model.base_model.model  # same modules, LoRA layers injected in place
    trainable = [p for p in peft_model.parameters() if p.requires_grad]
    y = arr["label"].numpy()
    tr_y = y[train_idx]
    own = arr["phase_id"].numpy()[train_idx] == target_phase
    w_phase = np.where(own, cfg.own_phase_weight, 1.0).astype(np.float32)
    n_pos, n_neg = float((w_phase * tr_y).sum()), float((w_phase * (1 - tr_y)).sum())
    pos_weight = torch.tensor(n_neg / max(n_pos, 1.0))  # class-weighted BCE
    opt = torch.optim.AdamW(trainable, lr=cfg.lr, weight_decay=cfg.weight_decay)
    best, best_state, bad, hist = -float("inf"), None, 0, []
    t0 = time.time()
    for ep in range(cfg.epochs):
        peft_model.train()
        inner.criteria.eval()  # frozen and precomputed anyway
        order = train_idx[np.random.RandomState(cfg.seed + ep).permutation(len(train_idx))]
        tot = 0.0
        for b in range(0, len(order), cfg.batch_size):
            idx = torch.from_numpy(order[b : b + cfg.batch_size])
            logit = _logits(inner, pre, arr, idx)
            wt = torch.where(arr["phase_id"][idx] == target_phase, cfg.own_phase_weight, 1.0)
            loss = (F.binary_cross_entropy_with_logits(logit, arr["label"][idx], pos_weight=pos_weight, reduction="none") * wt).sum() / wt.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * len(idx)
        pv = predict(inner, pre, arr, val_idx)
        s = _score(y[val_idx], pv)
        hist.append({"epoch": ep + 1, "train_loss": tot / len(order), "val_score": s})
        if s > best:
            best, bad = s, 0
            best_state = {k: v.detach().clone() for k, v in peft_model.state_dict().items()}
        else:
            bad += 1
        if (ep + 1) % 5 == 0 or bad == 0:
            log(f"[finetune {tag}] epoch {ep + 1} loss {tot / len(order):.4f} val PR+ROC {s:.4f} best {best:.4f} {time.time() - t0:.0f}s")
        if bad >= cfg.patience:
            break
    peft_model.load_state_dict(best_state)
    merged: CLaDMoP = peft_model.merge_and_unload()
    merged.eval()
    n_tr = sum(p.numel() for p in trainable)
    return merged, {"best_val_pr_plus_roc": best, "epochs_run": len(hist), "trainable_params": int(n_tr),
                    "pos_weight": float(pos_weight), "seconds": time.time() - t0}


def trainable_names(backbone: CLaDMoP, cfg: FinetuneConfig) -> list[str]:
    """Names of the parameters fine-tuning trains (for the test that only LoRA + head train)."""
    model = copy.deepcopy(backbone)
    peft_model = get_peft_model(model, LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, target_modules=LORA_TARGETS, modules_to_save=["head"]))
    return [n for n, p in peft_model.named_parameters() if p.requires_grad]
