"""Shapes of every block, InfoNCE properties, which parameters fine-tuning trains."""

import torch

from cladmop.export import INPUTS, ServedCLaDMoP
from cladmop.finetune import FinetuneConfig, trainable_names
from cladmop.model import Attention, Block, CLaDMoP, CriteriaTower, DrugDiseaseBranch, GroupingBlock, ResidualHead, info_nce

from .conftest import tiny_inputs


def test_attention_and_block_shapes(tiny_cfg):
    x, kv = torch.randn(2, 5, 16), torch.randn(2, 9, 16)
    mask = torch.ones(2, 9)
    mask[1] = 0  # no real key at all: must stay finite
    assert Attention(16, 2, 0.0)(x, kv, mask).shape == (2, 5, 16)
    assert torch.isfinite(Attention(16, 2, 0.0)(x, kv, mask)).all()
    assert Block(16, 2, 0.0)(x, torch.ones(2, 5)).shape == (2, 5, 16)
    assert Block(16, 2, 0.0, kv_proj=False)(x, None, kv, mask).shape == (2, 5, 16)


def test_grouping_halves_centroids(tiny_cfg):
    g = GroupingBlock(tiny_cfg)
    out = g(torch.randn(3, 20, 16), torch.ones(3, 20))
    assert out.shape == (3, tiny_cfg.n_centroids // 2 ** tiny_cfg.group_layers, 16)  # 8 -> 4 -> 2 -> 1
    assert len(g.cross) == 3 and len(g.selfs) == 2  # G = 3, S = 2


def test_criteria_tower_and_branch_shapes(tiny_cfg):
    inp = tiny_inputs(tiny_cfg)
    groups = CriteriaTower(tiny_cfg)([inp["crit_coarse"], inp["crit_medium"], inp["crit_fine"]], inp["crit_mask"])
    assert [tuple(g.shape) for g in groups] == [(4, 1, 16)] * 3
    br = DrugDiseaseBranch(tiny_cfg)
    x, m = br.tokens(inp["drug_fp"], inp["drug_mask"], inp["icd_ids"], inp["phase_id"])
    n_tok = 1 + tiny_cfg.max_drugs + tiny_cfg.max_codes
    assert x.shape == (4, n_tok, 16) and m.shape == (4, n_tok)
    assert br.fuse_levels(x, m, groups).shape == (4, n_tok, 16)
    assert ResidualHead(40, 16, 0.0)(torch.randn(4, 40)).shape == (4,)


def test_model_and_served_outputs(tiny_cfg):
    inp = tiny_inputs(tiny_cfg)
    m = CLaDMoP(tiny_cfg).eval()
    p, e = m(*[inp[k] for k in INPUTS])
    assert p.shape == (4,) and e.shape == (4, 2 * tiny_cfg.proj_dim)
    assert ((p > 0) & (p < 1)).all()
    assert torch.allclose(e.norm(dim=-1), torch.ones(4), atol=1e-5)
    served = ServedCLaDMoP(m, [m, m, m]).eval()
    ps, es = served(*[inp[k] for k in INPUTS])
    assert torch.allclose(ps, p, atol=1e-6) and torch.allclose(es, e, atol=1e-6)


def test_served_selects_the_phase_model(tiny_cfg):
    inp = tiny_inputs(tiny_cfg)
    base = CLaDMoP(tiny_cfg).eval()
    others = [CLaDMoP(tiny_cfg).eval() for _ in range(3)]
    for o in others:  # phase models share the base's non-attention weights, as after fine-tuning
        o.load_state_dict({k: v for k, v in base.state_dict().items() if not (".attn." in k and k.startswith("branch.")) and not k.startswith("head.")}, strict=False)
    served = ServedCLaDMoP(base, others).eval()
    p, _ = served(*[inp[k] for k in INPUTS])
    for i, ph in enumerate(inp["phase_id"].tolist()):
        one = {k: v[i : i + 1] for k, v in inp.items()}
        want, _ = others[ph](*[one[k] for k in INPUTS])
        assert torch.allclose(p[i], want[0], atol=1e-5)


def test_info_nce_symmetric_and_minimal_on_matched_pairs():
    torch.manual_seed(0)
    a, b = torch.randn(8, 6), torch.randn(8, 6)
    scale = torch.tensor(2.0)
    assert torch.allclose(info_nce(a, b, scale), info_nce(b, a, scale), atol=1e-6)
    matched = info_nce(a, a, scale)
    shuffled = info_nce(a, a[torch.randperm(8)], scale)
    assert matched < shuffled
    assert matched < info_nce(a, b, scale)
    # with a sharp temperature, matched pairs of distinct unit vectors approach zero loss
    eye = torch.eye(8)
    assert info_nce(eye, eye, torch.tensor(4.0)).item() < 1e-3


def test_only_lora_and_head_train(tiny_cfg):
    names = trainable_names(CLaDMoP(tiny_cfg), FinetuneConfig())
    assert names, "nothing trains"
    for n in names:
        assert ("lora_" in n and ".branch." in n and ".attn." in n) or ".head.modules_to_save." in n, n
    assert any("lora_" in n for n in names) and any(".head." in n for n in names)
    assert any(".fuse." in n for n in names) and any(".layers." in n for n in names)
