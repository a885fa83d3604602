"""Shapes of every block, InfoNCE properties, which parameters fine-tuning trains."""

import torch

from cladmop.export import INPUTS, PhaseModel, ServedCLaDMoP, export_onnx, example_inputs
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
    assert Block(16, 2, 0.0)(x, None, kv, mask).shape == (2, 5, 16)


def test_grouping_halves_centroids(tiny_cfg):
    g = GroupingBlock(tiny_cfg)
    out = g(torch.randn(3, 20, 16), torch.ones(3, 20))
    assert out.shape == (3, tiny_cfg.n_centroids // 2 ** tiny_cfg.group_layers, 16)  # 8 -> 4 -> 2 -> 1
    assert len(g.cross) == 3 and len(g.selfs) == 2  # G = 3, S = 2
    # the paper's grouping block projects keys and values of the tokens it attends over
    assert all(isinstance(c.attn.k, torch.nn.Linear) and isinstance(c.attn.v, torch.nn.Linear) for c in g.cross)


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


def _stack(base, members, stack=(1.0, 0.0, 0.0)):
    return PhaseModel(base, members, None, stack)


def test_model_and_served_outputs(tiny_cfg):
    inp = tiny_inputs(tiny_cfg)
    m = CLaDMoP(tiny_cfg).eval()
    p, e = m(*[inp[k] for k in INPUTS])
    assert p.shape == (4,) and e.shape == (4, 2 * tiny_cfg.proj_dim)
    assert ((p > 0) & (p < 1)).all()
    assert torch.allclose(e.norm(dim=-1), torch.ones(4), atol=1e-5)
    served = ServedCLaDMoP(m, [_stack(m, [m]) for _ in range(3)]).eval()
    ps, es = served(*[inp[k] for k in INPUTS])
    assert torch.allclose(ps, p, atol=1e-6) and torch.allclose(es, e, atol=1e-6)


def test_served_selects_the_phase_model_and_averages_seeds(tiny_cfg):
    inp = tiny_inputs(tiny_cfg)
    base = CLaDMoP(tiny_cfg).eval()
    others = [CLaDMoP(tiny_cfg).eval() for _ in range(4)]
    for o in others:  # phase models share the base's non-attention weights, as after fine-tuning
        o.load_state_dict({k: v for k, v in base.state_dict().items()
                           if not (".attn." in k and k.startswith("branch.")) and not k.startswith(("head.", "absent."))}, strict=False)
    phases = [_stack(base, [others[0]]), _stack(base, [others[1], others[2]]), _stack(base, [others[3]], (2.0, 0.0, -0.5))]
    served = ServedCLaDMoP(base, phases).eval()
    p, _ = served(*[inp[k] for k in INPUTS])
    logit = lambda m, one: torch.logit(m(*[one[k] for k in INPUTS])[0][0].double())
    for i, ph in enumerate(inp["phase_id"].tolist()):
        one = {k: v[i : i + 1] for k, v in inp.items()}
        want = {0: logit(others[0], one), 1: (logit(others[1], one) + logit(others[2], one)) / 2,
                2: 2.0 * logit(others[3], one) - 0.5}[ph]
        assert abs(torch.logit(p[i].double()) - want) < 1e-4, (i, ph)


def test_absent_criteria_use_the_learned_input(tiny_cfg):
    inp = tiny_inputs(tiny_cfg)
    m = CLaDMoP(tiny_cfg).eval()
    empty = inp["crit_mask"].clone()
    T = empty.shape[1]
    empty[0] = 0
    empty[0, [0, 1, T // 2, T // 2 + 1]] = 1  # [CLS] [SEP] in each part: no criteria
    assert m.present(empty).tolist() == [0.0, 1.0, 1.0, 1.0]
    feats = {**inp, "crit_mask": empty}
    p0, _ = m(*[feats[k] for k in INPUTS])
    # the token features of a trial without criteria do not matter; its learned absent input does
    noisy = {**feats, "crit_fine": feats["crit_fine"] + torch.randn_like(feats["crit_fine"]) * (1 - m.present(empty))[:, None, None]}
    p1, _ = m(*[noisy[k] for k in INPUTS])
    assert torch.allclose(p0, p1, atol=1e-6)
    with torch.no_grad():
        m.absent.groups.add_(1.0)
    p2, _ = m(*[feats[k] for k in INPUTS])
    assert not torch.allclose(p0[0], p2[0]) and torch.allclose(p0[1:], p2[1:])


def test_sequence_axis_is_free_and_padding_invariant(tiny_cfg, tmp_path):
    import numpy as np
    import onnxruntime as ort

    m = CLaDMoP(tiny_cfg).eval()
    served = ServedCLaDMoP(m, [_stack(m, [m]) for _ in range(3)]).eval()
    path = export_onnx(served, tmp_path / "c.onnx", 8)
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    small = example_inputs(tiny_cfg, 16, batch=3, seed=1)
    big = dict(small)
    for k in ("crit_coarse", "crit_medium", "crit_fine", "crit_mask"):  # each part's slot grows from 8 to 16 tokens
        v = small[k]
        z = torch.zeros((v.shape[0], 32) + tuple(v.shape[2:]))
        z[:, :8], z[:, 16:24] = v[:, :8], v[:, 8:]
        big[k] = z
    outs = [sess.run(None, {k: x[k].numpy() for k in INPUTS}) for x in (small, big)]
    assert np.abs(outs[0][0] - outs[1][0]).max() < 1e-5 and np.abs(outs[0][1] - outs[1][1]).max() < 1e-5
    with torch.no_grad():
        want, _ = served(*[big[k] for k in INPUTS])
    assert np.abs(outs[1][0] - want.numpy()).max() < 1e-5


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


def test_only_lora_head_and_absent_input_train(tiny_cfg):
    names = trainable_names(CLaDMoP(tiny_cfg), FinetuneConfig())
    assert names, "nothing trains"
    for n in names:
        assert ("lora_" in n and ".branch." in n and ".attn." in n) or ".head.modules_to_save." in n or ".absent.modules_to_save." in n, n
    assert any(".absent." in n for n in names)
    assert any("lora_" in n for n in names) and any(".head." in n for n in names)
    assert any(".fuse." in n for n in names) and any(".layers." in n for n in names)
