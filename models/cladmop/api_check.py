"""`python -m cladmop api-check [--url URL]`: is what the API serves what the model card says?

Scores every test trial through GraphQL over HTTP (`trial(nctId) { outcomePrediction(phaseModel) }`, each test
file's rows under that file's phase model, as the evaluation does), recomputes PR-AUC and ROC-AUC on the same
bootstrap samples the card used, and compares them with the card's served figures (bar: within .002)."""

from __future__ import annotations

import json
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

from . import data as D
from . import evaluate as EV
from . import protocol as PR

SERVED = EV.SERVED
ENUM = {"I": "PHASE_1", "II": "PHASE_2", "III": "PHASE_3"}


def post(url: str, query: str) -> dict:
    req = urllib.request.Request(url, json.dumps({"query": query}).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        body = json.loads(r.read())
    if body.get("errors"):
        raise RuntimeError(f"GraphQL errors: {body['errors'][:2]}")
    return body["data"]


def api_probabilities(url: str, ids: list[str], phase_model: str, chunk: int = 40) -> tuple[np.ndarray, set[str]]:
    out, versions = [], set()
    t0 = time.time()
    for b in range(0, len(ids), chunk):
        part = ids[b : b + chunk]
        q = "{" + " ".join(f'a{i}: trial(nctId: "{n}") {{ outcomePrediction(phaseModel: {phase_model}) {{ probability modelVersion }} }}'
                           for i, n in enumerate(part)) + "}"
        data = post(url, q)
        for i in range(len(part)):
            p = data[f"a{i}"]["outcomePrediction"]
            out.append(p["probability"])
            versions.add(p["modelVersion"])
        print(f"\r[api-check {phase_model}] {b + len(part)}/{len(ids)} trials {time.time() - t0:.0f}s", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return np.array(out), versions


def api_check(url: str, card_path: Path, n_boot: int = 10, seed: int = 0) -> dict:
    card = json.loads(card_path.read_text())
    trials = D.load_top()
    ids = [t["nctId"] for t in trials]
    res = {}
    for pf in ("I", "II", "III"):
        entry = card["metrics"].get(f"phase {pf}")
        if not entry:
            continue
        ev = PR.test_rows(trials, pf)
        y = np.array([trials[i]["label"] for i in ev], np.float32)
        p, versions = api_probabilities(url, [ids[i] for i in ev], ENUM[pf])
        samples = EV.bootstrap_samples(len(ev), n_boot, 0.8, seed)
        m = EV.bootstrap_metrics(y, p, entry["methods"][SERVED]["threshold"], samples)
        want = entry["methods"][SERVED]
        diff = {k: abs(m[k]["mean"] - want[k]["mean"]) for k in ("pr_auc", "roc_auc")}
        res[f"phase {pf}"] = {"n": int(len(ev)), "modelVersions": sorted(versions), "api": {k: m[k]["mean"] for k in ("pr_auc", "roc_auc")},
                              "card": {k: want[k]["mean"] for k in ("pr_auc", "roc_auc")}, "absDiff": diff,
                              "withinBar": bool(max(diff.values()) <= 0.002 and versions == {card["modelVersion"]})}
        print(f"phase {pf}: API PR/ROC {m['pr_auc']['mean']:.4f}/{m['roc_auc']['mean']:.4f}, card {want['pr_auc']['mean']:.4f}/"
              f"{want['roc_auc']['mean']:.4f}, |diff| {max(diff.values()):.4f}, versions {sorted(versions)}", flush=True)
    return res
