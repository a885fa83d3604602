"""One served graph (cladmop.onnx) holding every phase model, and the golden files the TS side checks.

The served graph = the pre-trained backbone (criteria tower; branch and projections for the embedding)
+ per phase: the CLaDMoP fine-tuned with each training seed (LoRA-merged attention layers of the branch,
head, absent-criteria input; every other branch weight is shared, fine-tuning froze it), the linear
member, and the stacker (a, b, c) that averages the seeds' logits, mixes in the linear member and
calibrates. The criteria sequence length T is a dynamic axis: the tower only reads the mask.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from .linear import LinearBaseline
from .model import CLaDMoP, DrugDiseaseBranch

INPUTS = ["crit_coarse", "crit_medium", "crit_fine", "crit_mask", "drug_fp", "drug_mask", "icd_ids", "phase_id"]
OUTPUTS = ["probability", "embedding"]


def tie_branch(base: DrugDiseaseBranch, phase: DrugDiseaseBranch) -> DrugDiseaseBranch:
    """A branch whose attention layers come from `phase` (LoRA merged) and everything else from `base`."""
    b = copy.deepcopy(base)
    for name in ("fp_proj", "icd_emb", "phase_emb", "type_emb", "ln"):
        setattr(b, name, getattr(base, name))
    for blocks, base_blocks, phase_blocks in ((b.layers, base.layers, phase.layers), (b.fuse, base.fuse, phase.fuse)):
        for bb, bs, bp in zip(blocks, base_blocks, phase_blocks):
            bb.ln_q, bb.ln_kv, bb.ln_f, bb.ffn, bb.drop = bs.ln_q, bs.ln_kv, bs.ln_f, bs.ffn, bs.drop
            bb.attn = bp.attn
    return b


class PhaseModel(nn.Module):
    """One phase: seeds' CLaDMoP members (branch, head, absent input), the linear member, the stacker."""

    def __init__(self, base: CLaDMoP, seeds: list[CLaDMoP], linear: LinearBaseline | None, stack: tuple[float, float, float]):
        super().__init__()
        self.branches = nn.ModuleList(tie_branch(base.branch, m.branch) for m in seeds)
        self.heads = nn.ModuleList(m.head for m in seeds)
        self.absents = nn.ModuleList(m.absent for m in seeds)
        self.linear = linear
        self.register_buffer("stack", torch.tensor(stack, dtype=torch.float32))  # a, b, c

    def forward(self, base: CLaDMoP, groups, raw, text, present, drug_fp, drug_mask, icd_ids, phase_id):  # -> logit [B]
        cl = torch.stack([base.logit_from(groups, raw, present, drug_fp, drug_mask, icd_ids, phase_id, branch=br, head=hd, absent=ab)
                          for br, hd, ab in zip(self.branches, self.heads, self.absents)], 0).mean(0)  # [B]
        lin = self.linear(text, present, drug_fp, drug_mask, icd_ids, phase_id) if self.linear is not None else torch.zeros_like(cl)
        return self.stack[0] * cl + self.stack[1] * lin + self.stack[2]


class ServedCLaDMoP(nn.Module):
    def __init__(self, base: CLaDMoP, phases: list[PhaseModel]):
        super().__init__()
        self.base = base
        self.phases = nn.ModuleList(phases)

    def forward(self, crit_coarse, crit_medium, crit_fine, crit_mask, drug_fp, drug_mask, icd_ids, phase_id):
        # crit_* [B, T, H], crit_mask [B, T], drug_fp [B, M, nBits], drug_mask [B, M], icd_ids [B, C], phase_id [B]
        b = self.base
        tok, mask_p = b.criteria.pool([crit_coarse, crit_medium, crit_fine], crit_mask)  # [B, Tp, 3, H], [B, Tp]
        raw, present = b.raw_text(crit_fine, crit_mask), b.present(crit_mask)  # [B, 2H], [B]
        text = b.level_means(crit_coarse, crit_medium, crit_fine, crit_mask)  # [B, 6H]
        return self.from_pooled(tok, mask_p, raw, text, present, drug_fp, drug_mask, icd_ids, phase_id)

    def from_pooled(self, tok, mask_p, raw, text, present, drug_fp, drug_mask, icd_ids, phase_id):
        """The same model from pre-pooled tokens (training and evaluation read them from the feature cache)."""
        b = self.base
        groups = b.criteria.forward_pooled(tok, mask_p)  # 3 x [B, K, D]
        emb = b.backbone_embedding(groups, raw, present, drug_fp, drug_mask, icd_ids, phase_id)  # [B, E]
        logits = torch.stack([pm(b, groups, raw, text, present, drug_fp, drug_mask, icd_ids, phase_id) for pm in self.phases], 1)  # [B, n_phases]
        logit = logits.gather(1, phase_id[:, None]).squeeze(1)  # [B]: the model of each trial's phase
        return torch.sigmoid(logit), emb


def example_inputs(cfg, T: int, batch: int = 2, seed: int = 0) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    mask = torch.ones(batch, T)
    mask[:, T // 2 - 10 : T // 2] = 0
    mask[-1, :] = 0  # the last row: no criteria ([CLS] [SEP] in each part)
    mask[-1, :2] = 1
    mask[-1, T // 2 : T // 2 + 2] = 1
    return {
        "crit_coarse": torch.randn(batch, T, cfg.hidden_size, generator=g),
        "crit_medium": torch.randn(batch, T, cfg.hidden_size, generator=g),
        "crit_fine": torch.randn(batch, T, cfg.hidden_size, generator=g),
        "crit_mask": mask,
        "drug_fp": (torch.rand(batch, cfg.max_drugs, cfg.n_bits, generator=g) < 0.05).float(),
        "drug_mask": torch.ones(batch, cfg.max_drugs),
        "icd_ids": torch.randint(0, cfg.icd_vocab_size, (batch, cfg.max_codes), generator=g),
        "phase_id": torch.arange(batch) % cfg.n_phases,
    }


def export_onnx(served: ServedCLaDMoP, path: Path, max_tokens: int) -> Path:
    """T is exported as a dynamic axis (any even multiple of the window length works)."""
    served.eval()
    ex = example_inputs(served.base.cfg, 2 * max_tokens, batch=3)
    dyn = {k: {0: "batch"} for k in INPUTS + OUTPUTS}
    for k in ("crit_coarse", "crit_medium", "crit_fine", "crit_mask"):
        dyn[k] = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(served, tuple(ex[k] for k in INPUTS), str(path), input_names=INPUTS, output_names=OUTPUTS,
                          opset_version=17, dynamo=False, dynamic_axes=dyn)
    return path


def run_onnx(sess, feeds: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    f = {k: (feeds[k].astype(np.int64) if k in ("icd_ids", "phase_id") else feeds[k].astype(np.float32)) for k in INPUTS}
    p, e = sess.run(OUTPUTS, f)
    return p, e


def bits_hex(bits: np.ndarray) -> str:
    """'0'/'1' string s with s[i] = GetBit(i), read four characters at a time as one hex digit (s[4j] high)."""
    s = "".join("1" if b else "0" for b in bits)
    return "".join(f"{int(s[i : i + 4], 2):x}" for i in range(0, len(s), 4))
