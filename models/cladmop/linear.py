"""The ensemble's second member and the per-phase calibrated stacker, both small enough to live inside
cladmop.onnx: what is evaluated is exactly what the service runs.

LinearBaseline: logistic regression on the same inputs as CLaDMoP: mean encoder feature of each criteria part
at each of the three levels the model reads (coarse, medium, fine) [6H] (zero when the trial has no criteria:
the encoder's output for empty windows is not text; the coarse and medium means added .014 / .002 / .002
out-of-fold ROC-AUC on phases I / II / III to the fine one alone),
criteria present [1], OR of the drugs' fingerprints [nBits], ICD counts over the
vocabulary where every code also counts its category and chapter [V], phase one-hot [n_phases].
Stacker: logit = a * CLaDMoP logit + b * linear logit + c per phase, fitted on out-of-fold predictions
(so it is also the calibration), with recent trials weighing more (protocol.recency_weights)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler


def icd_parents(vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """For each vocabulary id: the id of its category (text before the dot) and of its chapter letter, 0
    (<pad>, weight 0) when absent; <pad> and <unk> have none."""
    V = len(vocab)
    cat, chap = np.zeros(V, np.int64), np.zeros(V, np.int64)
    for key, i in vocab.items():
        if key in ("<pad>", "<unk>"):
            continue
        cat[i] = vocab.get(key.split(".")[0], 0)
        chap[i] = vocab.get(key[:1], 0)
    return cat, chap


def features(text: np.ndarray, present: np.ndarray, arr: dict[str, np.ndarray], vocab: dict[str, int], n_phases: int = 3) -> np.ndarray:
    """[N, 6H + 1 + nBits + V + n_phases] from text [N, 6H] (CLaDMoP.level_means), the inputs LinearBaseline.forward
    computes in the graph."""
    N = len(text)
    fp = (arr["drug_fp"] * arr["drug_mask"][..., None]).max(1) if arr["drug_fp"].shape[1] else np.zeros((N, 0))
    cat, chap = icd_parents(vocab)
    icd = np.zeros((N, len(vocab)), np.float32)
    rows = np.arange(N)
    for j in range(arr["icd_ids"].shape[1]):
        ids = arr["icd_ids"][:, j]
        for m in (ids, cat[ids], chap[ids]):
            np.add.at(icd, (rows, m), 1.0)
    icd[:, 0] = 0.0  # <pad>
    ph = np.eye(n_phases, dtype=np.float32)[arr["phase_id"]]
    return np.concatenate([text * present[:, None], present[:, None], fp, icd, ph], 1).astype(np.float32)


class LinearFit:
    """Standardised, L2-regularised logistic regression (balanced class weights, row weights)."""

    def __init__(self, X: np.ndarray, y: np.ndarray, w: np.ndarray, C: float, seed: int = 0):
        self.scaler = StandardScaler().fit(X)
        self.C = C
        self.clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed)
        self.clf.fit(self.scaler.transform(X), y, sample_weight=w)

    def logit(self, X: np.ndarray) -> np.ndarray:
        return self.clf.decision_function(self.scaler.transform(X))

    def folded(self) -> tuple[np.ndarray, float]:
        """Weights and bias on the unscaled features (the scaler folded in)."""
        scale = np.where(self.scaler.scale_ > 0, self.scaler.scale_, 1.0)
        w = self.clf.coef_[0] / scale
        return w, float(self.clf.intercept_[0] - (w * self.scaler.mean_).sum())


class LinearBaseline(nn.Module):
    """The fitted LinearFit as graph ops on the served inputs."""

    def __init__(self, fit: LinearFit, hidden: int, n_bits: int, vocab: dict[str, int], n_phases: int):
        super().__init__()
        w, b = fit.folded()
        V = len(vocab)
        o = np.cumsum([0, 6 * hidden, 1, n_bits, V, n_phases])
        t = lambda a: torch.tensor(np.asarray(a), dtype=torch.float32)
        self.w_text, self.w_present, self.w_fp = nn.Parameter(t(w[o[0] : o[1]])), nn.Parameter(t(w[o[1]])), nn.Parameter(t(w[o[2] : o[3]]))
        w_icd = w[o[3] : o[4]].copy()
        w_icd[0] = 0.0  # <pad>, and the parent of codes without one
        self.w_icd, self.w_phase, self.bias = nn.Parameter(t(w_icd)), nn.Parameter(t(w[o[4] : o[5]])), nn.Parameter(t(b))
        cat, chap = icd_parents(vocab)
        self.register_buffer("cat", torch.from_numpy(cat))
        self.register_buffer("chap", torch.from_numpy(chap))

    def forward(self, text, present, drug_fp, drug_mask, icd_ids, phase_id):  # text [B, 6H] -> logit [B]
        fp = (drug_fp * drug_mask[..., None]).amax(1)  # [B, nBits]: OR of the drugs' bits
        icd = self.w_icd[icd_ids] + self.w_icd[self.cat[icd_ids]] + self.w_icd[self.chap[icd_ids]]  # [B, C]
        return (text * present[:, None]) @ self.w_text + present * self.w_present + fp @ self.w_fp + icd.sum(1) + self.w_phase[phase_id] + self.bias


def fit_stacker(cl_logit: np.ndarray, lin_logit: np.ndarray, y: np.ndarray, w: np.ndarray | None = None) -> tuple[float, float, float]:
    """(a, b, c) of sigmoid(a * cl + b * lin + c), fitted on out-of-fold logits (near-unregularised, row weights w)."""
    X = np.stack([cl_logit, lin_logit], 1)
    clf = LogisticRegression(C=100.0, max_iter=2000).fit(X, y, sample_weight=w)
    return float(clf.coef_[0, 0]), float(clf.coef_[0, 1]), float(clf.intercept_[0])


def platt(score: np.ndarray, y: np.ndarray, w: np.ndarray | None = None) -> tuple[float, float]:
    """(a, c) of sigmoid(a * score + c): one member calibrated alone (for the ablation rows), row weights w."""
    clf = LogisticRegression(C=100.0, max_iter=2000).fit(score[:, None], y, sample_weight=w)
    return float(clf.coef_[0, 0]), float(clf.intercept_[0])


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))
