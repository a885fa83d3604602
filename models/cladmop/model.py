"""CLaDMoP blocks: Drug-Disease branch, grouping block, multi-level fusion, heads.

Shapes: B batch, T criteria tokens (inclusion slot then exclusion slot, equal halves, each a multiple of
token_pool; any T: the tower only looks at the mask), Tp = T / token_pool pooled tokens, H encoder width,
D model width, M maxDrugs, C maxCodes, K0 initial centroids, K = K0 / 2**G groups per level, E embedding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

LEVELS = ("coarse", "medium", "fine")


@dataclass
class ModelConfig:
    hidden_size: int = 384  # H, encoder width
    d_model: int = 64  # D
    n_heads: int = 4
    dropout: float = 0.1
    n_bits: int = 1024
    max_drugs: int = 6  # M
    max_codes: int = 16  # C
    icd_vocab_size: int = 2
    n_phases: int = 3
    branch_layers: int = 2  # self-attention layers over [phase, drugs, diseases]
    n_centroids: int = 32  # K0
    group_layers: int = 3  # G: cross-attention layers, centroids halved after each
    self_layers: int = 2  # S: self-attention layers over the groups
    proj_dim: int = 64  # per tower; embedding E = 2 * proj_dim
    token_pool: int = 8  # mean-pool this many adjacent encoder tokens before the grouping block (CPU cost)
    ffn_mult: int = 2  # FFN width = ffn_mult * D (2 keeps the exported graph small)
    head_raw_text: bool = True  # head also sees masked-mean encoder features of each part (frozen input)
    temperature: float = 0.6  # initial InfoNCE temperature (the paper's)


class Attention(nn.Module):
    """Multi-head attention with separate q/k/v/o Linear layers (the names LoRA targets)."""

    def __init__(self, d: int, n_heads: int, dropout: float, kv_proj: bool = True):
        super().__init__()
        self.h, self.dk = n_heads, d // n_heads
        self.q, self.o = nn.Linear(d, d), nn.Linear(d, d)
        # kv_proj=False: keys = values = the (normalised) tokens themselves. The grouping block attends
        # over hundreds of tokens, and dropping these two projections halves its CPU cost.
        self.k, self.v = (nn.Linear(d, d), nn.Linear(d, d)) if kv_proj else (nn.Identity(), nn.Identity())
        self.drop = nn.Dropout(dropout)

    def forward(self, xq, xkv, kv_mask):  # xq [B, Q, D], xkv [B, N, D], kv_mask [B, N] (1 = real)
        B, Q, D = xq.shape
        N = xkv.shape[1]
        q = self.q(xq).view(B, Q, self.h, self.dk).transpose(1, 2)  # [B, h, Q, dk]
        k = self.k(xkv).view(B, N, self.h, self.dk).transpose(1, 2)  # [B, h, N, dk]
        v = self.v(xkv).view(B, N, self.h, self.dk).transpose(1, 2)  # [B, h, N, dk]
        att = q @ k.transpose(-1, -2) / math.sqrt(self.dk)  # [B, h, Q, N]
        # a large finite negative keeps rows with no real key (a trial with no parsable drug) NaN-free
        att = att + (1.0 - kv_mask)[:, None, None, :] * -1e9
        att = self.drop(att.softmax(-1))
        y = (att @ v).transpose(1, 2).reshape(B, Q, D)  # [B, Q, D]
        return self.o(y)


class Block(nn.Module):
    """Pre-norm transformer layer; self-attention when kv is None, else cross-attention to kv."""

    def __init__(self, d: int, n_heads: int, dropout: float, ffn_mult: int = 2, kv_proj: bool = True):
        super().__init__()
        self.ln_q, self.ln_kv, self.ln_f = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = Attention(d, n_heads, dropout, kv_proj)
        self.ffn = nn.Sequential(nn.Linear(d, ffn_mult * d), nn.GELU(), nn.Dropout(dropout), nn.Linear(ffn_mult * d, d))
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask_x, kv=None, mask_kv=None):  # x [B, Q, D], kv [B, N, D]
        hq = self.ln_q(x)
        if kv is None:
            x = x + self.drop(self.attn(hq, hq, mask_x))
        else:
            x = x + self.drop(self.attn(hq, self.ln_kv(kv), mask_kv))
        return x + self.drop(self.ffn(self.ln_f(x)))  # [B, Q, D]


def masked_mean(x, mask):  # x [B, N, D], mask [B, N] -> [B, D]
    return (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)


class DrugDiseaseBranch(nn.Module):
    """Tokens [phase, drug_1..M, icd_1..C] -> self-attention; `fuse` cross-attends to criteria groups."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        d = cfg.d_model
        self.fp_proj = nn.Sequential(nn.Linear(cfg.n_bits, d), nn.LayerNorm(d))
        self.icd_emb = nn.Embedding(cfg.icd_vocab_size, d, padding_idx=0)
        self.phase_emb = nn.Embedding(cfg.n_phases, d)
        self.type_emb = nn.Embedding(3, d)  # 0 phase, 1 drug, 2 disease
        self.layers = nn.ModuleList(Block(d, cfg.n_heads, cfg.dropout, cfg.ffn_mult) for _ in range(cfg.branch_layers))
        self.fuse = nn.ModuleList(Block(d, cfg.n_heads, cfg.dropout, cfg.ffn_mult) for _ in LEVELS)  # coarse -> medium -> fine
        self.ln = nn.LayerNorm(d)

    def tokens(self, drug_fp, drug_mask, icd_ids, phase_id):
        # drug_fp [B, M, nBits], drug_mask [B, M], icd_ids [B, C], phase_id [B]
        B, M, _ = drug_fp.shape
        C = icd_ids.shape[1]
        ph = self.phase_emb(phase_id)[:, None] + self.type_emb.weight[0]  # [B, 1, D]
        dr = self.fp_proj(drug_fp) + self.type_emb.weight[1]  # [B, M, D]
        dz = self.icd_emb(icd_ids) + self.type_emb.weight[2]  # [B, C, D]
        x = torch.cat([ph, dr, dz], 1)  # [B, 1+M+C, D]
        mask = torch.cat([torch.ones_like(drug_mask[:, :1]), drug_mask, (icd_ids > 0).to(drug_mask.dtype)], 1)
        for layer in self.layers:
            x = layer(x, mask)
        return x, mask  # [B, 1+M+C, D], [B, 1+M+C]

    def fuse_levels(self, x, mask, groups):  # groups: list of 3 x [B, K, D] (coarse, medium, fine)
        for layer, g in zip(self.fuse, groups):
            x = layer(x, mask, g, torch.ones_like(g[..., 0]))
        return self.ln(x)  # [B, 1+M+C, D]


class GroupingBlock(nn.Module):
    """K0 learned centroids cross-attend over the token sequence; G layers, halving centroids after each
    (adjacent pairs merged by a Linear), then S self-attention layers over the remaining K groups."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        d = cfg.d_model
        self.centroids = nn.Parameter(torch.randn(cfg.n_centroids, d) * 0.02)  # [K0, D]
        self.cross = nn.ModuleList(Block(d, cfg.n_heads, cfg.dropout, cfg.ffn_mult) for _ in range(cfg.group_layers))
        self.merge = nn.ModuleList(nn.Linear(2 * d, d) for _ in range(cfg.group_layers))
        self.selfs = nn.ModuleList(Block(d, cfg.n_heads, cfg.dropout, cfg.ffn_mult) for _ in range(cfg.self_layers))

    def forward(self, tokens, mask, seed=None):  # tokens [B, T, D], mask [B, T], seed [B, K0, D] or None
        B = tokens.shape[0]
        c = self.centroids[None].expand(B, -1, -1)  # [B, K0, D]
        if seed is not None:
            c = c + seed
        for cross, merge in zip(self.cross, self.merge):
            c = cross(c, None, tokens, mask)  # [B, K, D]
            K = c.shape[1]
            c = merge(c.reshape(B, K // 2, 2 * c.shape[2]))  # [B, K/2, D]
        ones = torch.ones_like(c[..., 0])
        for layer in self.selfs:
            c = layer(c, ones)
        return c  # [B, K0 / 2**G, D]


class CriteriaTower(nn.Module):
    """Multi-level fusion coarse -> medium -> fine: each level's groups seed the next level's centroids.
    `pool` (no parameters) mean-pools runs of token_pool tokens; training feeds pre-pooled tokens
    (encoder.text_batch) to `forward_pooled`, the served graph pools the encoder's tokens itself."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        d = cfg.d_model
        self.up = 2 ** cfg.group_layers  # each group seeds this many centroids of the next level
        self.pool_size = cfg.token_pool
        self.inp = nn.ModuleList(nn.Sequential(nn.LayerNorm(cfg.hidden_size), nn.Linear(cfg.hidden_size, d)) for _ in LEVELS)
        self.part_emb = nn.Embedding(2, d)  # 0 inclusion, 1 exclusion
        self.group = nn.ModuleList(GroupingBlock(cfg) for _ in LEVELS)
        self.seed = nn.ModuleList(nn.Linear(d, d) for _ in LEVELS[1:])

    def pool(self, levels, mask):  # levels: 3 x [B, T, H]; mask [B, T] -> [B, Tp, 3, H], [B, Tp]
        B, T = mask.shape
        P = self.pool_size
        pm = mask.reshape(B, -1, P)  # [B, Tp, P]
        denom = pm.sum(-1, keepdim=True).clamp(min=1.0)  # [B, Tp, 1]
        xs = [(x.reshape(B, pm.shape[1], P, -1) * pm[..., None]).sum(2) / denom for x in levels]  # 3 x [B, Tp, H]
        return torch.stack(xs, 2), (pm.sum(-1) > 0).to(mask.dtype)  # a pooled token is real if any token is

    def forward_pooled(self, tok, mask_p):  # tok [B, Tp, 3, H], mask_p [B, Tp] -> 3 x [B, K, D]
        Tp = mask_p.shape[1]
        pos = torch.arange(Tp, device=mask_p.device)
        part = (pos >= Tp // 2).long()  # [Tp]: first half inclusion, second half exclusion
        out, prev = [], None
        for i in range(len(LEVELS)):
            x = self.inp[i](tok[:, :, i]) + self.part_emb(part)[None]  # [B, Tp, D]
            seed = None if prev is None else self.seed[i - 1](prev.repeat_interleave(self.up, dim=1))  # [B, K0, D]
            prev = self.group[i](x, mask_p, seed)  # [B, K, D]
            out.append(prev)
        return out

    def forward(self, levels, mask):
        return self.forward_pooled(*self.pool(levels, mask))


class AbsentCriteria(nn.Module):
    """What the model sees for a trial without eligibility criteria: learned groups per level and a learned
    raw-text vector replace the tower's output (a learned "absent" input, not a zero vector posing as text)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        k = cfg.n_centroids // 2 ** cfg.group_layers
        self.groups = nn.Parameter(torch.zeros(len(LEVELS), k, cfg.d_model))  # [3, K, D]
        self.raw = nn.Parameter(torch.zeros(2 * cfg.hidden_size))  # [2H]

    def forward(self, groups, raw, present):  # 3 x [B, K, D], [B, 2H], [B] (1 = criteria present)
        p = present[:, None, None]
        groups = [g * p + a[None] * (1 - p) for g, a in zip(groups, self.groups)]
        return groups, raw * present[:, None] + self.raw[None] * (1 - present[:, None])


class ResidualHead(nn.Module):
    """FFN head with a residual connection -> one logit."""

    def __init__(self, d_in: int, d: int, dropout: float):
        super().__init__()
        self.inp = nn.Sequential(nn.LayerNorm(d_in), nn.Linear(d_in, d))
        self.ffn = nn.Sequential(nn.LayerNorm(d), nn.Linear(d, 2 * d), nn.GELU(), nn.Dropout(dropout), nn.Linear(2 * d, d))
        self.out = nn.Linear(d, 1)

    def forward(self, x):  # [B, d_in] -> [B]
        h = self.inp(x)
        h = h + self.ffn(h)
        return self.out(F.gelu(h)).squeeze(-1)


class CLaDMoP(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        d, p = cfg.d_model, cfg.proj_dim
        self.branch = DrugDiseaseBranch(cfg)
        self.criteria = CriteriaTower(cfg)
        self.absent = AbsentCriteria(cfg)
        self.crit_proj = nn.Linear(d, p)  # CLIP towers: pooled final (fine) criteria groups ...
        self.dd_proj = nn.Linear(d, p)  # ... vs the fused drug-disease representation
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / cfg.temperature)))
        raw = 2 * cfg.hidden_size if cfg.head_raw_text else 0
        self.head = ResidualHead(d + 2 * p + raw, d, cfg.dropout)

    @staticmethod
    def present(mask):  # [B, T] -> [B]: more than the 4 ids of two empty windows ([CLS] [SEP] each)
        return (mask.sum(1) > 4).to(mask.dtype)

    @staticmethod
    def raw_text(fine, mask):  # masked mean fine-level encoder feature of each part: [B, 2H]
        T = mask.shape[1]
        return torch.cat([masked_mean(fine[:, : T // 2], mask[:, : T // 2]), masked_mean(fine[:, T // 2 :], mask[:, T // 2 :])], 1)

    @staticmethod
    def level_means(coarse, medium, fine, mask):  # every level's masked mean per part: [B, 6H], the linear member's text input
        T = mask.shape[1]
        return torch.cat([masked_mean(x[:, half], mask[:, half]) for half in (slice(0, T // 2), slice(T // 2, T))
                          for x in (coarse, medium, fine)], 1)

    # -- criteria side: the tower is frozen during fine-tuning, so fine-tuning precomputes `groups`
    def criteria_side(self, groups, raw, present, absent=None):
        """Tower groups -> (groups with the absent input where criteria are missing, z_c, raw)."""
        groups, raw = (absent or self.absent)(groups, raw, present)
        z_c = self.crit_proj(groups[-1].mean(1))  # [B, P]: pooled final criteria layer
        return groups, z_c, raw

    # -- drug/disease side; `branch`/`head`/`absent` override the module's own (the served graph passes
    #    each phase's LoRA-merged branch and head, while the embedding always uses the pre-trained ones)
    def fused(self, drug_fp, drug_mask, icd_ids, phase_id, groups, branch=None):  # -> [B, D]
        br = branch or self.branch
        x, m = br.tokens(drug_fp, drug_mask, icd_ids, phase_id)  # [B, N, D], [B, N]
        return masked_mean(br.fuse_levels(x, m, groups), m)

    def embedding(self, z_c, z_dd):  # trial embedding [B, E] of the pre-trained backbone
        return F.normalize(torch.cat([F.normalize(z_c, dim=-1), F.normalize(z_dd, dim=-1)], -1), dim=-1)

    def logit_from(self, groups, raw, present, drug_fp, drug_mask, icd_ids, phase_id, branch=None, head=None, absent=None):
        """groups: the tower's output (3 x [B, K, D]); raw [B, 2H]; present [B] -> logit [B]."""
        groups, z_c, raw = self.criteria_side(groups, raw, present, absent)
        f = self.fused(drug_fp, drug_mask, icd_ids, phase_id, groups, branch)  # [B, D]
        feats = [f, z_c, self.dd_proj(f)] + ([raw] if self.cfg.head_raw_text else [])
        return (head or self.head)(torch.cat(feats, -1))  # [B]

    def backbone_embedding(self, groups, raw, present, drug_fp, drug_mask, icd_ids, phase_id):
        groups, z_c, _ = self.criteria_side(groups, raw, present)
        z_dd = self.dd_proj(self.fused(drug_fp, drug_mask, icd_ids, phase_id, groups))
        return self.embedding(z_c, z_dd)

    def forward(self, crit_coarse, crit_medium, crit_fine, crit_mask, drug_fp, drug_mask, icd_ids, phase_id):
        groups = self.criteria([crit_coarse, crit_medium, crit_fine], crit_mask)
        raw, present = self.raw_text(crit_fine, crit_mask), self.present(crit_mask)
        logit = self.logit_from(groups, raw, present, drug_fp, drug_mask, icd_ids, phase_id)
        return torch.sigmoid(logit), self.backbone_embedding(groups, raw, present, drug_fp, drug_mask, icd_ids, phase_id)


def info_nce(z_a, z_b, logit_scale):
    """Symmetric CLIP loss: row i of z_a matches row i of z_b. z_* [B, P]."""
    a, b = F.normalize(z_a, dim=-1), F.normalize(z_b, dim=-1)
    logits = logit_scale.exp().clamp(max=100) * a @ b.t()  # [B, B]
    target = torch.arange(a.shape[0], device=a.device)
    return 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target))


LORA_TARGETS = r".*branch\.(layers|fuse)\.\d+\.attn\.(q|k|v|o)"
