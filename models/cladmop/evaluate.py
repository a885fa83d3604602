"""Metrics (PR-AUC, ROC-AUC, F1) as mean ± std over bootstrap samples, the baselines that share
those samples (HINT's predictions, logistic regression, zero-shot similarity), and the PNG plots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, precision_recall_curve, roc_auc_score
from sklearn.preprocessing import StandardScaler

from .encoder import FeatureCache


def bootstrap_samples(n: int, n_boot: int = 10, frac: float = 0.8, seed: int = 0) -> list[np.ndarray]:
    """The paper's protocol: n_boot samples of frac * n rows drawn with replacement (fixed seed)."""
    rng = np.random.RandomState(seed)
    return [rng.choice(n, int(frac * n), replace=True) for _ in range(n_boot)]


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """Threshold maximising F1 on validation rows (used for every method that has validation rows)."""
    cands = np.unique(np.quantile(p, np.linspace(0.02, 0.98, 49)))
    f1s = [f1_score(y, p >= c, zero_division=0) for c in cands]
    return float(cands[int(np.argmax(f1s))]) if len(cands) else 0.5


def point_metrics(y: np.ndarray, p: np.ndarray, thr: float) -> dict[str, float]:
    return {"pr_auc": float(average_precision_score(y, p)), "roc_auc": float(roc_auc_score(y, p)),
            "f1": float(f1_score(y, p >= thr, zero_division=0)), "f1_at_0.5": float(f1_score(y, p >= 0.5, zero_division=0))}


def bootstrap_metrics(y: np.ndarray, p: np.ndarray, thr: float, samples: list[np.ndarray]) -> dict:
    runs = [point_metrics(y[s], p[s], thr) for s in samples]
    out = {k: {"mean": float(np.mean([r[k] for r in runs])), "std": float(np.std([r[k] for r in runs]))} for k in runs[0]}
    out["threshold"] = float(thr)
    return out


# ---------------------------------------------------------------- logistic-regression baseline
def pooled_text(rows: list[dict], cache: FeatureCache) -> np.ndarray:
    """Mean fine-level encoder feature of each part: [N, 2H]."""
    out = []
    for t in rows:
        parts = [cache.get(t[k])[:, 2].astype(np.float32) for k in ("inclusionCriteria", "exclusionCriteria")]
        out.append(np.concatenate([p.mean(0) for p in parts]))
    return np.stack(out)


def lr_features(text: np.ndarray, arr: dict[str, np.ndarray], icd_vocab_size: int, n_phases: int = 3) -> np.ndarray:
    """Same inputs as the model: pooled text [2H] + OR of drug fingerprints [nBits] + ICD multi-hot + phase one-hot."""
    fp = (arr["drug_fp"] * arr["drug_mask"][..., None]).max(1)  # [N, nBits]
    icd = np.zeros((len(text), icd_vocab_size), np.float32)
    rows = np.repeat(np.arange(len(text)), arr["icd_ids"].shape[1])
    icd[rows, arr["icd_ids"].reshape(-1)] = 1.0
    icd[:, 0] = 0.0  # <pad>
    ph = np.eye(n_phases, dtype=np.float32)[arr["phase_id"]]
    return np.concatenate([text, fp, icd, ph], 1)


def fit_lr(X: np.ndarray, y: np.ndarray, tr: np.ndarray, va: np.ndarray, seed: int = 0):
    """C chosen on the validation rows (PR-AUC + ROC-AUC); balanced class weights like the model's BCE."""
    scaler = StandardScaler().fit(X[tr])
    Xs = scaler.transform(X)
    best = None
    for C in (0.0005, 0.002, 0.01, 0.05):
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed).fit(Xs[tr], y[tr])
        pv = clf.predict_proba(Xs[va])[:, 1]
        s = average_precision_score(y[va], pv) + roc_auc_score(y[va], pv)
        if best is None or s > best[0]:
            best = (s, C, clf)
    _, C, clf = best
    return (lambda idx: clf.predict_proba(Xs[idx])[:, 1]), C


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


def platt(val_scores: np.ndarray, val_y: np.ndarray):
    """Maps a similarity score to a probability fitted on validation rows (for F1 / calibration only)."""
    clf = LogisticRegression(C=1e4).fit(val_scores[:, None], val_y)
    return lambda s: clf.predict_proba(np.asarray(s)[:, None])[:, 1]


# ---------------------------------------------------------------- plots
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
