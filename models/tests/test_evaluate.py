"""The evaluation code (cladmop/evaluate.py) against computations written here from the definitions:
PR-AUC as average precision over the ranked list, ROC-AUC as the share of correctly ordered
(positive, negative) pairs, F1 from the confusion counts, ECE bin by bin, the bootstrap's draws from
the seeded generator. None of these use scikit-learn or the module's own helpers."""

import numpy as np
import pytest

from cladmop import evaluate as E


# ---------------------------------------------------------------- definitions, written out
def auc_pairs(y, p) -> float:
    """P(score of a positive > score of a negative), ties counted half."""
    pos, neg = p[y == 1], p[y == 0]
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def average_precision(y, p) -> float:
    """Mean over the positives of the precision at each distinct score, taken with all tied rows."""
    total, out = int(y.sum()), 0.0
    seen_tp = 0
    for s in sorted(set(p.tolist()), reverse=True):
        at = p == s
        tp = int(((p >= s) & (y == 1)).sum())
        k = int((p >= s).sum())
        out += (tp - seen_tp) / total * (tp / k)
        seen_tp = tp
        assert at.any()
    return out


def f1(y, pred) -> float:
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


Y = np.array([0, 1, 0, 1, 1, 0, 0, 1, 0, 0])
P = np.array([0.10, 0.80, 0.35, 0.35, 0.60, 0.70, 0.20, 0.90, 0.05, 0.50])


def test_written_out_definitions_agree_on_a_hand_case():
    # y=[1,0,1] ranked 0.9 > 0.5 > 0.3: AP = (1/1 + 2/3) / 2, AUC = 2 of 2 pairs... minus the (0.3, 0.5) pair
    y, p = np.array([1, 0, 1]), np.array([0.9, 0.5, 0.3])
    assert average_precision(y, p) == pytest.approx((1 + 2 / 3) / 2)
    assert auc_pairs(y, p) == pytest.approx(0.5)
    assert f1(y, np.array([1, 1, 0])) == pytest.approx(0.5)


# ---------------------------------------------------------------- bootstrap samples
def test_bootstrap_samples_follow_the_protocol():
    s = E.bootstrap_samples(50, n_boot=10, frac=0.8, seed=3)
    assert len(s) == 10 and all(len(x) == 40 for x in s)  # 80% of the rows each
    assert all(x.min() >= 0 and x.max() <= 49 for x in s)
    assert any(len(set(x.tolist())) < len(x) for x in s)  # with replacement: rows repeat
    assert len({tuple(x) for x in s}) == 10  # ten different samples, not one repeated
    # the seeded draws: the same as the generator gives directly, so a re-run evaluates the same rows
    rng = np.random.RandomState(3)
    assert all((x == rng.choice(50, 40, replace=True)).all() for x in s)
    assert [x.tolist() for x in E.bootstrap_samples(50, seed=3)] == [x.tolist() for x in s]
    assert E.bootstrap_samples(50, seed=4)[0].tolist() != s[0].tolist()
    # the defaults are the paper's: 10 samples of 80%, seed 0
    d = E.bootstrap_samples(20)
    assert len(d) == 10 and {len(x) for x in d} == {16}
    rng0 = np.random.RandomState(0)
    assert all((x == rng0.choice(20, 16, replace=True)).all() for x in d)
    assert E.bootstrap_samples(7, n_boot=3, frac=0.5)[0].shape == (3,)  # int(3.5): rounded down


def test_all_rows_of_a_sample_can_be_drawn():
    draws = np.concatenate(E.bootstrap_samples(5, n_boot=200, frac=1.0, seed=0))
    assert set(draws.tolist()) == {0, 1, 2, 3, 4}  # the last row too


# ---------------------------------------------------------------- threshold
def test_best_threshold_maximises_f1_over_the_quantiles():
    y = np.array([0, 0, 0, 0, 1, 1, 1, 0, 1, 1])
    p = np.linspace(0.05, 0.95, 10)
    thr = E.best_threshold(y, p)
    # brute force over every cut between scores: F1 of the chosen threshold is the best reachable
    best = max(f1(y, (p >= c).astype(int)) for c in p)
    assert f1(y, (p >= thr).astype(int)) == pytest.approx(best)
    assert best == pytest.approx(2 * 5 / (2 * 5 + 1))  # cut at the 5th score: one false positive
    assert p[3] < thr <= p[4]  # between the 4th and 5th scores


def test_best_threshold_separates_perfectly_ranked_rows():
    y = np.array([0] * 6 + [1] * 4)
    p = np.array([0.1, 0.12, 0.2, 0.22, 0.3, 0.32, 0.7, 0.72, 0.8, 0.82])
    thr = E.best_threshold(y, p)
    assert 0.32 < thr <= 0.7 and f1(y, (p >= thr).astype(int)) == 1.0


def test_best_threshold_picks_the_lowest_of_equal_f1s():
    # every cut from the 2nd to the 3rd score gives the same F1: the first candidate wins (argmax)
    y = np.array([0, 1, 1, 1])
    p = np.array([0.2, 0.2, 0.6, 0.6])
    thr = E.best_threshold(y, p)
    assert f1(y, (p >= thr).astype(int)) == pytest.approx(max(f1(y, (p >= c).astype(int)) for c in p))
    assert thr == pytest.approx(0.2)  # all predicted positive: F1 6/7 beats 4/5 above 0.2


def test_best_threshold_candidates_are_the_49_percentiles_2_to_98_and_the_cut_is_inclusive():
    # scores 0.00, 0.01, ..., 1.00, successes from 0.50 up: the 49 candidates step by 0.02, so 0.50
    # is one of them, and only ">= 0.50" separates the classes (0.50 itself is a success)
    p = np.round(np.linspace(0, 1, 101), 2)
    y = (p >= 0.5).astype(int)
    thr = E.best_threshold(y, p)
    assert thr == pytest.approx(0.5)
    assert f1(y, (p >= thr).astype(int)) == 1.0


def test_best_threshold_candidates_span_the_2nd_to_98th_percentile():
    # 101 evenly spread scores: candidates run from 0.02 to 0.98; with every row positive the lowest
    # candidate (predict all rows) wins, and with only the top row positive the highest one does
    p = np.linspace(0, 1, 101)
    assert E.best_threshold(np.ones(101), p) == pytest.approx(0.02)
    y = np.zeros(101)
    y[-1] = 1
    assert E.best_threshold(y, p) == pytest.approx(0.98)


# ---------------------------------------------------------------- calibration
def test_ece_by_hand():
    p = np.array([0.05, 0.15, 0.95, 0.95])
    y = np.array([0, 1, 1, 0])
    # bins [0, .1): |0.05-0| * 1/4; [.1, .2): |0.15-1| * 1/4; [.9, 1]: |0.95-0.5| * 2/4
    assert E.ece(y, p) == pytest.approx(0.05 / 4 + 0.85 / 4 + 0.45 / 2)
    # a probability of exactly 1 falls in the last bin, not an eleventh
    assert E.ece(np.array([1, 0]), np.array([1.0, 0.95])) == pytest.approx(abs(0.975 - 0.5))
    # a perfectly calibrated bin contributes nothing; fewer bins merge rows
    assert E.ece(np.array([1, 0, 1, 0]), np.array([0.5, 0.5, 0.5, 0.5])) == 0.0
    assert E.ece(y, p, bins=2) == pytest.approx(abs(0.1 - 0.5) / 2 + abs(0.95 - 0.5) / 2)


def test_ece_has_ten_bins_by_default_and_keeps_a_probability_of_one():
    # 0.19 and 0.21 share no bin of ten (they would share one of eleven)
    assert E.ece(np.array([0, 1]), np.array([0.19, 0.21])) == pytest.approx(0.19 / 2 + 0.79 / 2)
    # 1.0 is in the last bin with 0.95 and 0.91, not dropped
    p, y = np.array([1.0, 0.95, 0.91]), np.array([0, 1, 1])
    assert E.ece(y, p) == pytest.approx(abs(p.mean() - 2 / 3))


def test_ece_weights_bins_by_their_share_of_rows():
    p = np.array([0.25] * 3 + [0.85])
    y = np.array([0, 0, 0, 1])
    assert E.ece(y, p) == pytest.approx(0.75 * 0.25 + 0.25 * 0.15)


# ---------------------------------------------------------------- point and bootstrap metrics
def test_point_metrics_against_the_definitions():
    m = E.point_metrics(Y, P, 0.5)
    assert m["pr_auc"] == pytest.approx(average_precision(Y, P))
    assert m["roc_auc"] == pytest.approx(auc_pairs(Y, P))
    assert m["f1"] == pytest.approx(f1(Y, (P >= 0.5).astype(int)))
    assert m["f1_at_0.5"] == pytest.approx(f1(Y, (P >= 0.5).astype(int)))
    m7 = E.point_metrics(Y, P, 0.7)
    assert m7["f1"] == pytest.approx(f1(Y, (P >= 0.7).astype(int)))  # the threshold given, inclusive
    assert m7["f1"] != m["f1"] and m7["f1_at_0.5"] == m["f1_at_0.5"]
    base = 0.4
    assert m["f1_all_positive"] == pytest.approx(2 * base / (1 + base))  # F1 of predicting success always
    assert m["brier"] == pytest.approx(sum((a - b) ** 2 for a, b in zip(P, Y)) / len(Y))
    assert m["ece"] == pytest.approx(E.ece(Y, P))
    assert set(m) == {"pr_auc", "roc_auc", "f1", "f1_at_0.5", "f1_all_positive", "brier", "ece"}


def test_point_metrics_f1_is_zero_without_predicted_positives():
    assert E.point_metrics(Y, P, 0.99)["f1"] == 0.0


def test_bootstrap_metrics_mean_and_population_std_over_the_given_samples():
    samples = [np.array([0, 1, 2, 3, 4, 5, 6, 7]), np.array([1, 1, 3, 4, 5, 9, 8, 0]), np.array([9, 8, 7, 6, 5, 4, 3, 2])]
    out = E.bootstrap_metrics(Y, P, 0.5, samples)
    aucs = [auc_pairs(Y[s], P[s]) for s in samples]
    assert out["roc_auc"]["mean"] == pytest.approx(sum(aucs) / 3)
    mu = sum(aucs) / 3
    assert out["roc_auc"]["std"] == pytest.approx((sum((a - mu) ** 2 for a in aucs) / 3) ** 0.5)  # ddof 0
    aps = [average_precision(Y[s], P[s]) for s in samples]
    assert out["pr_auc"]["mean"] == pytest.approx(sum(aps) / 3)
    f1s = [f1(Y[s], (P[s] >= 0.5).astype(int)) for s in samples]
    assert out["f1"]["mean"] == pytest.approx(sum(f1s) / 3)
    assert out["threshold"] == 0.5
    assert out["whole"]["roc_auc"] == pytest.approx(auc_pairs(Y, P))  # the whole test set, unsampled
    assert out["whole"]["f1"] == pytest.approx(f1(Y, (P >= 0.5).astype(int)))


def test_bootstrap_metrics_of_a_single_sample():
    out = E.bootstrap_metrics(Y, P, 0.5, [np.arange(10)])
    assert out["roc_auc"] == {"mean": pytest.approx(auc_pairs(Y, P)), "std": 0.0}


# ---------------------------------------------------------------- paired bootstrap
def test_paired_difference_against_the_seeded_draws():
    y = np.array([0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1])
    p = np.array([0.1, 0.8, 0.3, 0.4, 0.6, 0.7, 0.2, 0.25, 0.05, 0.5, 0.15, 0.9])
    q = np.array([0.5, 0.4, 0.6, 0.2, 0.7, 0.1, 0.3, 0.35, 0.45, 0.8, 0.55, 0.65])
    out = E.paired_difference(y, p, q, n_boot=200, seed=5)
    rng = np.random.RandomState(5)
    for name, metric in (("roc_auc", auc_pairs), ("pr_auc", average_precision)):
        d = []
        for _ in range(200):
            s = rng.randint(0, len(y), len(y))  # all rows, with replacement, the same rows for both
            if y[s].min() == y[s].max():
                continue  # a sample of one class has no AUC
            d.append(metric(y[s], p[s]) - metric(y[s], q[s]))
        r = out[name]
        assert r["difference"] == pytest.approx(metric(y, p) - metric(y, q))
        assert r["n_boot"] == len(d) and 150 < len(d) < 200  # some one-class samples were skipped
        assert r["ci95"][0] == pytest.approx(np.percentile(d, 2.5))
        assert r["ci95"][1] == pytest.approx(np.percentile(d, 97.5))
        assert r["ci95"][0] < r["difference"] < r["ci95"][1]


def test_paired_difference_of_a_model_with_itself_is_zero():
    out = E.paired_difference(Y, P, P.copy(), n_boot=50)
    for name in ("roc_auc", "pr_auc"):
        assert out[name]["difference"] == 0.0 and out[name]["ci95"] == [0.0, 0.0]
        assert out[name]["n_boot"] == 50  # both classes in every draw of these rows


def test_paired_difference_default_is_a_thousand_draws_with_seed_0():
    out = E.paired_difference(Y, P, 1 - P)
    rng = np.random.RandomState(0)  # one generator: PR-AUC's draws follow ROC-AUC's
    for name in ("roc_auc", "pr_auc"):
        kept = 0
        for _ in range(1000):
            s = rng.randint(0, len(Y), len(Y))
            kept += Y[s].min() != Y[s].max()
        assert out[name]["n_boot"] == kept < 1000
    assert out == E.paired_difference(Y, P, 1 - P, n_boot=1000, seed=0)
    assert out["roc_auc"]["difference"] == pytest.approx(auc_pairs(Y, P) - auc_pairs(Y, 1 - P))


# ---------------------------------------------------------------- zero-shot baseline
def test_zero_shot_scores_against_a_brute_force_loop():
    rng = np.random.RandomState(0)
    emb = rng.randn(9, 5)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    ids = ["A", "B", "C", "D", "E", "F", "G", "A", "H"]  # row 7 is trial A again (another phase file)
    ref_idx = np.array([0, 1, 2, 3, 4, 7])
    query_idx = np.array([0, 5, 8])
    got = E.zero_shot_scores(emb, ids, ref_idx, query_idx, k=3)
    for qi, i in enumerate(query_idx):
        sims = sorted((float(emb[i] @ emb[r]) for r in ref_idx if ids[r] != ids[i]), reverse=True)
        assert got[qi] == pytest.approx(sum(sims[:3]) / 3)
    # query A excludes both of its own rows (0 and 7), not only the row itself
    sims_a = sorted((float(emb[0] @ emb[r]) for r in (1, 2, 3, 4)), reverse=True)
    assert got[0] == pytest.approx(sum(sims_a[:3]) / 3)
    assert got.shape == (3,)


def test_zero_shot_default_k_is_ten():
    emb = np.random.RandomState(1).randn(12, 6)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    ids = [f"T{i}" for i in range(12)]
    ref = np.arange(1, 12)  # 11 references
    got = E.zero_shot_scores(emb, ids, ref, np.array([0]))
    sims = sorted((float(emb[0] @ emb[r]) for r in ref), reverse=True)
    assert got[0] == pytest.approx(sum(sims[:10]) / 10)


def test_plots_write_png_files(tmp_path):
    pytest.importorskip("matplotlib")
    y = np.array([0, 1] * 100)
    p = np.clip(np.linspace(0.02, 0.98, 200) + 0.01 * y, 0, 1)
    E.plot_phase(tmp_path / "sub" / "phase.png", "phase I", y, {"model": p, "other": 1 - p})
    E.plot_reliability(tmp_path / "rel.png", {"phase I": (y, p)})
    for f in (tmp_path / "sub" / "phase.png", tmp_path / "rel.png"):
        assert f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
