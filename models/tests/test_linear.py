"""linear: the in-graph LinearBaseline computes the fitted LinearFit's logit on the served inputs, and the
criteria text features of a trial without criteria carry no weight."""

import numpy as np
import torch

from cladmop import linear as LN


def _inputs(rng, n=40, hidden=3, n_bits=5, drugs=2, codes=3):
    vocab = {"<pad>": 0, "<unk>": 1, "C": 2, "C34": 3, "C34.1": 4, "E": 5, "E11": 6, "E11.9": 7}
    arr = {"drug_fp": (rng.random((n, drugs, n_bits)) > 0.5).astype(np.float32),
           "drug_mask": (rng.random((n, drugs)) > 0.3).astype(np.float32),
           "icd_ids": rng.integers(0, len(vocab), (n, codes)).astype(np.int64),
           "phase_id": rng.integers(0, 3, n).astype(np.int64)}
    raw = rng.normal(size=(n, 6 * hidden)).astype(np.float32)  # every level's mean per part (CLaDMoP.level_means)
    present = (rng.random(n) > 0.4).astype(np.float32)
    y = np.r_[np.zeros(n // 2), np.ones(n - n // 2)].astype(int)
    return vocab, arr, raw, present, y, hidden, n_bits


def _graph_logit(mod, raw, present, arr):
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    with torch.no_grad():
        return mod(t(raw), t(present), t(arr["drug_fp"]), t(arr["drug_mask"]), t(arr["icd_ids"]), t(arr["phase_id"])).numpy()


def test_graph_equals_the_fitted_regression():
    rng = np.random.default_rng(0)
    vocab, arr, raw, present, y, hidden, n_bits = _inputs(rng)
    X = LN.features(raw, present, arr, vocab)
    fit = LN.LinearFit(X, y, np.ones(len(y)), C=1.0)
    mod = LN.LinearBaseline(fit, hidden, n_bits, vocab, 3)
    np.testing.assert_allclose(_graph_logit(mod, raw, present, arr), fit.logit(X), atol=1e-4)


def test_text_features_of_a_trial_without_criteria_are_ignored():
    rng = np.random.default_rng(1)
    vocab, arr, raw, present, y, hidden, n_bits = _inputs(rng)
    fit = LN.LinearFit(LN.features(raw, present, arr, vocab), y, np.ones(len(y)), C=1.0)
    mod = LN.LinearBaseline(fit, hidden, n_bits, vocab, 3)
    noisy = raw + 5.0 * rng.normal(size=raw.shape).astype(np.float32)
    absent, there = present == 0, present == 1
    a, b = _graph_logit(mod, raw, present, arr), _graph_logit(mod, noisy, present, arr)
    np.testing.assert_allclose(a[absent], b[absent], atol=1e-5)
    assert np.abs(a[there] - b[there]).max() > 1e-2  # present rows do read the text
    np.testing.assert_allclose(LN.features(noisy, present, arr, vocab)[absent], LN.features(raw, present, arr, vocab)[absent])


def test_stacker_row_weights_move_the_calibration():
    rng = np.random.default_rng(2)
    n = 400
    cl, lin = rng.normal(size=n), rng.normal(size=n)
    late = np.arange(n) >= n // 2
    y = np.where(late, rng.random(n) < 0.8, rng.random(n) < 0.4).astype(int)  # later rows succeed more often
    w = np.where(late, 10.0, 0.1)
    _, _, c_flat = LN.fit_stacker(cl, lin, y)
    _, _, c_late = LN.fit_stacker(cl, lin, y, w)
    assert c_late > c_flat + 0.5
    assert abs(LN.sigmoid(c_late) - y[late].mean()) < 0.08


def test_cache_level_means_equal_the_graph_masked_means():
    """The linear member's text input is read from the feature cache in training (run_means over pooled runs)
    and computed from token features in the served graph (CLaDMoP.level_means): both must be the token mean."""
    from cladmop.encoder import BASE_POOL, pool_tokens, run_means
    from cladmop.model import CLaDMoP

    rng = np.random.default_rng(3)
    H, T = 4, 24  # T/2 = 12 token slots per part
    lens = [(7, 12), (12, 3), (1, 5)]  # inclusion, exclusion tokens per trial: runs of 4 with short last runs
    toks = [[rng.normal(size=(n, 3, H)).astype(np.float32) for n in pair] for pair in lens]
    parts = [p for pair in toks for p in pair]
    pooled = [pool_tokens(p, BASE_POOL) for p in parts]
    offsets = np.cumsum([0] + [len(q) for q in pooled])
    cached = run_means(np.concatenate(pooled), offsets, np.array([len(p) for p in parts]), BASE_POOL)  # [2B, 3, H]
    x = np.zeros((len(lens), T, 3, H), np.float32)
    mask = np.zeros((len(lens), T), np.float32)
    for r, pair in enumerate(toks):
        for part, p in enumerate(pair):
            x[r, part * T // 2 : part * T // 2 + len(p)] = p
            mask[r, part * T // 2 : part * T // 2 + len(p)] = 1
    t = torch.from_numpy
    graph = CLaDMoP.level_means(t(x[:, :, 0]), t(x[:, :, 1]), t(x[:, :, 2]), t(mask)).numpy()
    np.testing.assert_allclose(graph, cached.reshape(len(lens), 6 * H), atol=1e-5)
    np.testing.assert_allclose(cached[1], parts[1].mean(0), atol=1e-5)  # and it is the plain token mean
