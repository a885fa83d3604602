import os

import pytest
import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")
torch.set_num_threads(1)


@pytest.fixture
def tiny_cfg():
    from cladmop.model import ModelConfig

    return ModelConfig(hidden_size=16, d_model=16, n_heads=2, dropout=0.0, n_bits=32, max_drugs=3, max_codes=4,
                       icd_vocab_size=10, n_phases=3, branch_layers=1, n_centroids=8, group_layers=3, self_layers=2, proj_dim=8,
                       token_pool=2)


def tiny_inputs(cfg, B=4, T=12, seed=0):
    g = torch.Generator().manual_seed(seed)
    mask = torch.ones(B, T)
    mask[:, T // 2 - 2 : T // 2] = 0
    mask[0, T // 2 :] = 0  # an empty exclusion part
    return {
        "crit_coarse": torch.randn(B, T, cfg.hidden_size, generator=g),
        "crit_medium": torch.randn(B, T, cfg.hidden_size, generator=g),
        "crit_fine": torch.randn(B, T, cfg.hidden_size, generator=g),
        "crit_mask": mask,
        "drug_fp": (torch.rand(B, cfg.max_drugs, cfg.n_bits, generator=g) < 0.3).float(),
        "drug_mask": torch.tensor([[1.0, 0.0, 0.0]] + [[1.0, 1.0, 0.0]] * (B - 2) + [[0.0, 0.0, 0.0]]),
        "icd_ids": torch.randint(0, cfg.icd_vocab_size, (B, cfg.max_codes), generator=g),
        "phase_id": torch.arange(B) % cfg.n_phases,
    }
