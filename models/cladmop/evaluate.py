"""Metrics (PR-AUC, ROC-AUC, F1 beside the all-positive F1, Brier, ECE) as mean ± std over bootstrap samples,
the paired bootstrap interval of a difference, the zero-shot similarity baseline, and the PNG plots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, precision_recall_curve, roc_auc_score

SERVED = "CLaDMoP"  # the card's name for the served model: the calibrated stack of the CLaDMoP member and the linear one



def bootstrap_samples(n: int, n_boot: int = 10, frac: float = 0.8, seed: int = 0) -> list[np.ndarray]:
    """The paper's protocol: n_boot samples of frac * n rows drawn with replacement (fixed seed)."""
    rng = np.random.RandomState(seed)
    return [rng.choice(n, int(frac * n), replace=True) for _ in range(n_boot)]


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """Threshold maximising F1 on validation rows (used for every method that has validation rows)."""
    cands = np.unique(np.quantile(p, np.linspace(0.02, 0.98, 49)))
    f1s = [f1_score(y, p >= c, zero_division=0) for c in cands]
    return float(cands[int(np.argmax(f1s))]) if len(cands) else 0.5


def ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: equal-width bins of the predicted probability, weighted by their size."""
    which = np.clip((p * bins).astype(int), 0, bins - 1)
    return float(sum(abs(p[which == b].mean() - y[which == b].mean()) * (which == b).mean() for b in range(bins) if (which == b).any()))


def point_metrics(y: np.ndarray, p: np.ndarray, thr: float) -> dict[str, float]:
    base = float(y.mean())
    return {"pr_auc": float(average_precision_score(y, p)), "roc_auc": float(roc_auc_score(y, p)),
            "f1": float(f1_score(y, p >= thr, zero_division=0)), "f1_at_0.5": float(f1_score(y, p >= 0.5, zero_division=0)),
            "f1_all_positive": 2 * base / (1 + base), "brier": float(np.mean((p - y) ** 2)), "ece": ece(y, p)}


def bootstrap_metrics(y: np.ndarray, p: np.ndarray, thr: float, samples: list[np.ndarray]) -> dict:
    runs = [point_metrics(y[s], p[s], thr) for s in samples]
    out = {k: {"mean": float(np.mean([r[k] for r in runs])), "std": float(np.std([r[k] for r in runs]))} for k in runs[0]}
    out["threshold"] = float(thr)
    out["whole"] = point_metrics(y, p, thr)
    return out


def paired_difference(y: np.ndarray, p: np.ndarray, q: np.ndarray, n_boot: int = 1000, seed: int = 0) -> dict:
    """Paired bootstrap of metric(p) - metric(q) on the same resampled rows (all rows, with replacement):
    the observed difference and the 2.5/97.5 percentiles, for ROC-AUC and PR-AUC."""
    rng = np.random.RandomState(seed)
    out = {}
    for name, fn in (("roc_auc", roc_auc_score), ("pr_auc", average_precision_score)):
        d = []
        for _ in range(n_boot):
            s = rng.randint(0, len(y), len(y))
            if y[s].min() == y[s].max():
                continue
            d.append(fn(y[s], p[s]) - fn(y[s], q[s]))
        out[name] = {"difference": float(fn(y, p) - fn(y, q)), "ci95": [float(np.percentile(d, 2.5)), float(np.percentile(d, 97.5))],
                     "n_boot": len(d)}
    return out


# ---------------------------------------------------------------- zero-shot
def zero_shot_scores(emb: np.ndarray, ids: list[str], ref_idx: np.ndarray, query_idx: np.ndarray, k: int = 10) -> np.ndarray:
    """Mean cosine similarity to the k nearest successful (pre-training) trials, never the trial itself."""
    ref = emb[ref_idx]  # [R, E], rows are L2-normalised
    sims = emb[query_idx] @ ref.T  # [Q, R]
    ref_ids = np.array([ids[i] for i in ref_idx])
    for qi, i in enumerate(query_idx):
        sims[qi, ref_ids == ids[i]] = -np.inf
    top = -np.sort(-sims, axis=1)[:, :k]
    return top.mean(1)


# ---------------------------------------------------------------- plots
# Mutation testing (npm run mutation:py) leaves the plots out: they draw pictures, which the tests only
# smoke-test (a PNG is written); docs/mutation-testing.md lists them as not measured.
# pragma: no mutate block
def plot_phase(path: Path, title: str, y: np.ndarray, preds: dict[str, np.ndarray]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.5))
    for name, p in preds.items():
        pr, rc, _ = precision_recall_curve(y, p)
        a.plot(rc, pr, label=f"{name} (AP {average_precision_score(y, p):.3f})")
        bins = np.linspace(0, 1, 11)
        which = np.clip(np.digitize(p, bins) - 1, 0, 9)
        xs = [p[which == i].mean() for i in range(10) if (which == i).sum() >= 5]
        ys = [y[which == i].mean() for i in range(10) if (which == i).sum() >= 5]
        b.plot(xs, ys, marker="o", label=name)
    a.axhline(y.mean(), color="grey", ls=":", label=f"base rate {y.mean():.3f}")
    a.set(xlabel="recall", ylabel="precision", title=f"{title}: precision-recall")
    b.plot([0, 1], [0, 1], color="grey", ls=":")
    b.set(xlabel="mean predicted probability", ylabel="observed success rate", title=f"{title}: calibration (bins >= 5 trials)")
    a.legend(fontsize=7)
    b.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=80)
    plt.close(fig)


def plot_reliability(path: Path, sets: dict[str, tuple[np.ndarray, np.ndarray]], bins: int = 10) -> None:
    """Reliability diagram of the served probabilities per phase (equal-width bins, >= 10 trials a point)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot([0, 1], [0, 1], color="grey", ls=":")
    for name, (y, p) in sets.items():
        which = np.clip((p * bins).astype(int), 0, bins - 1)
        pts = [(p[which == b].mean(), y[which == b].mean()) for b in range(bins) if (which == b).sum() >= 10]
        ax.plot(*zip(*pts), marker="o", label=f"{name} (ECE {ece(y, p):.3f}, n={len(y)})")
    ax.set(xlabel="predicted probability (served)", ylabel="observed success rate", title="Reliability on the test files")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
