"""Per-phase fine-tuning: LoRA (peft) on the branch's attention layers + a fresh residual FFN head + the
learned absent-criteria input, class-weighted BCE, a fixed number of epochs (chosen by cross-validation in
`protocol.py`, never by the rows being evaluated). Everything else stays frozen, so the criteria tower runs
once per backbone (`precompute`) and is reused by every phase, fold and seed."""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from peft import LoraConfig, get_peft_model

from .encoder import PARTS, FeatureCache, criteria_present, text_batch
from .model import LORA_TARGETS, CLaDMoP, ResidualHead
from .pretrain import set_seed

TRAINED_MODULES = ["head", "absent"]  # trained in full besides the LoRA adapters


@dataclass
class FinetuneConfig:
    max_epochs: int = 8  # cross-validation picks 1..max_epochs (6 was the edge it picked in every phase)
    batch_size: int = 256
    lr: float = 2e-3
    weight_decay: float = 0.01
    lora_r: int = 8
    lora_alpha: int = 16
    lora_dropout: float = 0.1
    own_phase_weight: float = 2.0  # rows of the target phase count this much more than cross-phase rows
    cross_phase: bool = False  # also train on other phases' rows (3x the CPU time; the linear member always does)
    seed: int = 0


@torch.no_grad()
def precompute(model: CLaDMoP, rows: list[dict], cache: FeatureCache, slot: int, only: np.ndarray | None = None,
               batch: int = 256) -> dict[str, torch.Tensor]:
    """Frozen criteria tower: groups [N, 3K, D], raw [N, 2H], present [N] for all rows. The tower runs only on
    rows with criteria (and among `only`, if given); the others keep zero groups, which the absent-criteria
    input replaces anyway."""
    model.eval()
    cfg = model.cfg
    K = cfg.n_centroids // 2 ** cfg.group_layers
    N = len(rows)
    present = torch.tensor([criteria_present(r, cache) for r in rows], dtype=torch.float32)
    raw = torch.from_numpy(np.stack([np.concatenate([cache.fine_mean(r[k]) for k in PARTS]) for r in rows]).astype(np.float32))
    groups = torch.zeros(N, 3 * K, cfg.d_model)
    run = np.flatnonzero(present.numpy() > 0)
    if only is not None:
        run = np.intersect1d(run, only)
    for b in range(0, len(run), batch):
        r = run[b : b + batch]
        t = text_batch([rows[i] for i in r], cache, slot)
        tok = torch.from_numpy(t["tok"]).float()
        groups[torch.from_numpy(r)] = torch.cat(model.criteria.forward_pooled(tok, torch.from_numpy(t["mask"])), 1)
    return {"groups": groups, "raw": raw, "present": present}


def logits(model: CLaDMoP, pre: dict, arr: dict, idx: torch.Tensor) -> torch.Tensor:
    return model.logit_from(list(pre["groups"][idx].chunk(3, dim=1)), pre["raw"][idx], pre["present"][idx],
                            arr["drug_fp"][idx], arr["drug_mask"][idx], arr["icd_ids"][idx], arr["phase_id"][idx])  # [b]


@torch.no_grad()
def predict_logits(model: CLaDMoP, pre: dict, arr: dict, idx: np.ndarray, batch: int = 1024) -> np.ndarray:
    model.eval()
    idx = np.asarray(idx, dtype=np.int64)
    out = [logits(model, pre, arr, torch.from_numpy(idx[b : b + batch])).numpy() for b in range(0, len(idx), batch)]
    return np.concatenate(out) if out else np.zeros(0, np.float32)


def finetune_phase(backbone: CLaDMoP, pre: dict, arr: dict, train_idx: np.ndarray, target_phase: int, epochs: int,
                   cfg: FinetuneConfig, watch: np.ndarray | None = None, log=print, tag: str = "") -> tuple[CLaDMoP, dict]:
    """Trains `epochs` epochs on train_idx; returns a merged plain CLaDMoP (LoRA folded into the branch) and
    info, with info["watch_logits"][e] = logits of the `watch` rows after epoch e+1 (for choosing epochs).
    arr: torch tensors over ALL rows; pre: precomputed tower output over ALL rows; *_idx index them."""
    set_seed(cfg.seed)
    model = copy.deepcopy(backbone)
    model.head = ResidualHead(model.head.inp[1].in_features, model.cfg.d_model, model.cfg.dropout)  # fresh head
    lcfg = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=LORA_TARGETS, modules_to_save=TRAINED_MODULES)
    peft_model = get_peft_model(model, lcfg)
    inner: CLaDMoP = peft_model.base_model.model  # same modules, LoRA layers injected in place
    trainable = [p for p in peft_model.parameters() if p.requires_grad]
    y = arr["label"]
    own = (arr["phase_id"][train_idx] == target_phase).numpy()
    w_row = np.where(own, cfg.own_phase_weight, 1.0).astype(np.float32)
    tr_y = y[train_idx].numpy()
    pos_weight = torch.tensor(float((w_row * (1 - tr_y)).sum()) / max(float((w_row * tr_y).sum()), 1.0))  # class-weighted BCE
    opt = torch.optim.AdamW(trainable, lr=cfg.lr, weight_decay=cfg.weight_decay)
    watched, hist = [], []
    t0 = time.time()
    for ep in range(epochs):
        peft_model.train()
        order = train_idx[np.random.RandomState(cfg.seed * 1000 + ep).permutation(len(train_idx))]
        tot = 0.0
        for b in range(0, len(order), cfg.batch_size):
            idx = torch.from_numpy(order[b : b + cfg.batch_size])
            lg = logits(inner, pre, arr, idx)
            wt = torch.where(arr["phase_id"][idx] == target_phase, cfg.own_phase_weight, 1.0)
            loss = (F.binary_cross_entropy_with_logits(lg, y[idx], pos_weight=pos_weight, reduction="none") * wt).sum() / wt.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * len(idx)
        hist.append({"epoch": ep + 1, "train_loss": tot / len(order)})
        if watch is not None:
            watched.append(predict_logits(inner, pre, arr, watch))
    merged: CLaDMoP = peft_model.merge_and_unload()
    merged.eval()
    log(f"[finetune {tag}] {epochs} epochs on {len(train_idx)} rows, last loss {hist[-1]['train_loss']:.4f}, {time.time() - t0:.0f}s")
    return merged, {"epochs": epochs, "history": hist, "watch_logits": watched, "pos_weight": float(pos_weight),
                    "trainable_params": int(sum(p.numel() for p in trainable)), "seconds": time.time() - t0}


def trainable_names(backbone: CLaDMoP, cfg: FinetuneConfig) -> list[str]:
    """Names of the parameters fine-tuning trains (for the test that only LoRA + head + absent train)."""
    model = copy.deepcopy(backbone)
    peft_model = get_peft_model(model, LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, target_modules=LORA_TARGETS,
                                                  modules_to_save=TRAINED_MODULES))
    return [n for n, p in peft_model.named_parameters() if p.requires_grad]
