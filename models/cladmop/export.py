"""One served graph (cladmop.onnx) with all phase models, and the golden files the TS side checks.

The served graph = the pre-trained backbone (criteria tower, branch for the embedding) + per phase a
LoRA-merged copy of the branch's attention layers and that phase's head; every other branch weight is
shared (fine-tuning froze it), so the three phase models cost little space.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

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


class ServedCLaDMoP(nn.Module):
    def __init__(self, base: CLaDMoP, phase_models: list[CLaDMoP]):
        super().__init__()
        self.base = base
        self.branches = nn.ModuleList(tie_branch(base.branch, m.branch) for m in phase_models)
        self.heads = nn.ModuleList(m.head for m in phase_models)

    def forward(self, crit_coarse, crit_medium, crit_fine, crit_mask, drug_fp, drug_mask, icd_ids, phase_id):
        # crit_* [B, T, H], crit_mask [B, T], drug_fp [B, M, nBits], drug_mask [B, M], icd_ids [B, C], phase_id [B]
        groups, z_c, raw = self.base.encode_criteria(crit_coarse, crit_medium, crit_fine, crit_mask)
        _, _, z_dd = self.base.encode_dd(drug_fp, drug_mask, icd_ids, phase_id)
        emb = self.base.embedding(z_c, z_dd)  # [B, E] from the phase-independent backbone
        logits = torch.stack([self.base.logit_from(groups, z_c, raw, drug_fp, drug_mask, icd_ids, phase_id, branch=br, head=hd)[0]
                              for br, hd in zip(self.branches, self.heads)], 1)  # [B, n_phases]
        logit = logits.gather(1, phase_id[:, None]).squeeze(1)  # [B]: the model of each trial's phase
        return torch.sigmoid(logit), emb


def example_inputs(cfg, max_tokens: int, batch: int = 2, seed: int = 0) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    T = 2 * max_tokens
    mask = torch.ones(batch, T)
    mask[:, T // 2 - 10 : T // 2] = 0
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
    served.eval()
    ex = example_inputs(served.base.cfg, max_tokens)
    with torch.no_grad():
        torch.onnx.export(served, tuple(ex[k] for k in INPUTS), str(path), input_names=INPUTS, output_names=OUTPUTS,
                          opset_version=17, dynamo=False,
                          dynamic_axes={**{k: {0: "batch"} for k in INPUTS}, **{k: {0: "batch"} for k in OUTPUTS}})
    return path


def run_onnx(sess, feeds: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    f = {k: (feeds[k].astype(np.int64) if k in ("icd_ids", "phase_id") else feeds[k].astype(np.float32)) for k in INPUTS}
    p, e = sess.run(OUTPUTS, f)
    return p, e


def bits_hex(bits: np.ndarray) -> str:
    """'0'/'1' string s with s[i] = GetBit(i), read four characters at a time as one hex digit (s[4j] high)."""
    s = "".join("1" if b else "0" for b in bits)
    return "".join(f"{int(s[i : i + 4], 2):x}" for i in range(0, len(s), 4))
