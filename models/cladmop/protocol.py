"""Which rows train, select and evaluate, per phase, enforced in code.

learn rows: every train/valid row whose nctId is in no test file. They are split into 5 folds by nctId
(a trial in two phase files lands in one fold), stratified by label. For fold k, a backbone is pre-trained
on the successful learn trials with criteria outside fold k, fine-tuned on the learn rows outside fold k
(all phases; the target phase's rows weigh more), and predicts fold k: out-of-fold predictions choose the
epochs, the linear member's regularisation, the stacker/calibration and the F1 threshold. The served
models are then trained the same way on all learn rows. Test rows are only ever predicted.

Calibration leans on recent trials: the success rate rises with registration order (NCT numbers are issued in
order; phase III learn quintiles by NCT number: .49 .64 .67 .68 .80) and the test files are later trials, so
the stacker weighs each out-of-fold row by its recency (recency_weights)."""

from __future__ import annotations

import numpy as np

from . import data as D


def learn_rows(trials: list[dict]) -> np.ndarray:
    banned = D.test_ids(trials)
    return np.array([i for i, t in enumerate(trials) if t["split"] != "test" and t["nctId"] not in banned], int)


def test_rows(trials: list[dict], phase_file: str) -> np.ndarray:
    return np.array([i for i, t in enumerate(trials) if t["phaseFile"] == phase_file and t["split"] == "test"], int)


def assign_folds(trials: list[dict], learn: np.ndarray, k: int, seed: int) -> np.ndarray:
    """fold[i] for every row (-1 outside learn): one fold per nctId, labels spread evenly over folds."""
    fold = np.full(len(trials), -1, int)
    first: dict[str, int] = {}
    for i in learn:
        first.setdefault(trials[i]["nctId"], trials[i]["label"])
    rng = np.random.RandomState(seed)
    of: dict[str, int] = {}
    for lab in sorted(set(first.values())):
        ids = sorted(n for n, l in first.items() if l == lab)
        for j, n in enumerate(np.array(ids)[rng.permutation(len(ids))]):
            of[n] = j % k
    for i in learn:
        fold[i] = of[trials[i]["nctId"]]
    return fold


def pretrain_rows(trials: list[dict], candidates: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Successful trials with criteria among the candidate rows, one row per nctId (the pair-matching corpus)."""
    seen: set[str] = set()
    out = []
    for i in candidates:
        t = trials[i]
        if t["label"] == 1 and present[i] and t["nctId"] not in seen:
            seen.add(t["nctId"])
            out.append(i)
    rows = np.array(out, int)
    D.assert_no_test_leak([trials[i] for i in rows], trials)
    return rows


def outside(rows: np.ndarray, trials: list[dict], held: np.ndarray) -> np.ndarray:
    """rows minus every row sharing an nctId with `held` (the fold's rows of any phase file)."""
    banned = {trials[i]["nctId"] for i in held}
    out = np.array([i for i in rows if trials[i]["nctId"] not in banned], int)
    D.assert_no_test_leak([trials[i] for i in out], trials)
    return out


RECENCY_POWER = 2.0


def recency_weights(trials: list[dict], rows: np.ndarray, power: float = RECENCY_POWER) -> np.ndarray:
    """Weight per row (mean 1) growing with the rank of its NCT number among `rows`: (rank/(n-1) + 0.05)^power.
    power 2 was chosen on a forward split of the learn rows only (calibrate on the earliest 75%, measure ECE on
    the latest 25%: phase I/II/III ECE .056/.070/.096 unweighted vs .061/.055/.074 with power 2)."""
    num = np.array([int(trials[i]["nctId"][3:]) for i in rows], float)
    rank = np.argsort(np.argsort(num, kind="stable"), kind="stable") / max(len(rows) - 1, 1)
    w = (rank + 0.05) ** power
    return w / w.mean()


def forward_split(trials: list[dict], learn: np.ndarray, late_share: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """(early, late): the learn rows split by registration order, as the test files are later than the learn rows.
    late = rows whose NCT number is among the latest `late_share` of the learn rows; early = the other learn rows
    minus any sharing an nctId with a late row. Chooses what CV cannot see: how much recent rows should weigh."""
    num = np.array([int(trials[i]["nctId"][3:]) for i in learn], float)
    late = learn[num >= np.quantile(num, 1.0 - late_share)]
    return outside(learn, trials, late), late
