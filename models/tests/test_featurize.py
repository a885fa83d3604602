"""The featurizer (cladmop/featurize.py) at its edges: window boundaries, drug and code caps, the ICD
vocabulary's order and fallbacks, phase names, and the featurizer.json it writes. Fingerprints are
checked against RDKit's other Morgan API, not against the module's own output."""

import json

import numpy as np
import pytest
from rdkit import Chem, DataStructs
from rdkit.Chem import AllChem

from cladmop import featurize as F

CLS, SEP = 101, 102


@pytest.fixture(autouse=True)
def fresh_generator_cache(monkeypatch):
    """morgan_bits caches one RDKit generator per (radius, nBits): start each test without one, so a
    generator built wrongly cannot hide behind one an earlier test built right."""
    monkeypatch.setattr(F, "_generators", {})


# ---------------------------------------------------------------- windows
@pytest.mark.parametrize(
    ("n_body", "max_tokens", "max_windows", "sizes"),
    [
        (0, 5, 3, [0]),  # empty text: one window [CLS] [SEP]
        (1, 5, 3, [1]),
        (3, 5, 3, [3]),  # exactly one window full
        (4, 5, 3, [3, 1]),  # one piece over: a second window
        (9, 5, 3, [3, 3, 3]),  # exactly max_windows full
        (10, 5, 3, [3, 3, 3]),  # the rest is dropped
        (7, 4, 2, [2, 2]),
    ],
)
def test_windows_of_boundaries(n_body, max_tokens, max_windows, sizes):
    body = list(range(1000, 1000 + n_body))
    wins = F.windows_of([CLS, *body, SEP], max_tokens, max_windows)
    assert [len(w) - 2 for w in wins] == sizes
    assert all(w[0] == CLS and w[-1] == SEP and len(w) <= max_tokens for w in wins)
    pieces = [i for w in wins for i in w[1:-1]]
    assert pieces == body[: len(pieces)]  # in order, no overlap, nothing skipped


def test_text_windows_uses_the_configured_sizes():
    tok = F.load_tokenizer(None)
    text = " ".join(["word"] * 40)
    ids = F.tokenize(tok, [text])[0]
    assert ids[0] == CLS and ids[-1] == SEP and len(ids) == 42  # no truncation, no padding
    cfg = F.FeaturizerConfig(max_tokens=12, max_windows=3)
    [wins] = F.text_windows(tok, [text], cfg)
    assert [len(w) for w in wins] == [12, 12, 12]
    assert F.text_windows(tok, [""], cfg) == [[[CLS, SEP]]]
    # a truncating tokenizer cuts at max_tokens (the service's 128-token mode)
    assert len(F.tokenize(F.load_tokenizer(16), [text])[0]) == 16


def test_tokenizer_does_not_pad_a_batch_to_a_fixed_length():
    tok = F.load_tokenizer(None)
    a, b = F.tokenize(tok, ["short", "a somewhat longer text here"])
    assert len(a) == 3 and len(b) > 3


def test_featurizer_config_defaults_are_the_contract():
    c = F.FeaturizerConfig()
    assert (c.max_tokens, c.max_windows, c.hidden_size, c.radius, c.n_bits, c.max_drugs, c.max_codes, c.phase_default) == (
        128, 4, 384, 2, 1024, 6, 16, 1)
    assert c.levels == {"coarse": 2, "medium": 4, "fine": 6}
    assert F.config_dict(c)["n_bits"] == 1024 and F.config_dict(c)["levels"] == c.levels


# ---------------------------------------------------------------- drugs
@pytest.mark.parametrize("smiles", ["CCO", "c1ccccc1O", "CC(=O)Oc1ccccc1C(=O)O", "C[C@H](N)C(=O)O"])
@pytest.mark.parametrize(("radius", "n_bits"), [(2, 1024), (3, 256), (1, 64)])
def test_morgan_bits_equal_rdkits_bit_vector_api(smiles, radius, n_bits):
    ref = np.zeros((n_bits,), np.uint8)
    DataStructs.ConvertToNumpyArray(AllChem.GetMorganFingerprintAsBitVect(Chem.MolFromSmiles(smiles), radius, nBits=n_bits), ref)
    got = F.morgan_bits(smiles, radius, n_bits)
    assert got.dtype == np.uint8 and got.shape == (n_bits,)
    assert (got == ref).all()


def test_morgan_bits_none_for_empty_or_blank():
    assert F.morgan_bits("", 2, 64) is None
    assert F.morgan_bits("   ", 2, 64) is None
    assert F.morgan_bits("((", 2, 64) is None


def test_drug_features_rows_follow_the_drugs_and_stop_at_max_drugs():
    cfg = F.FeaturizerConfig(n_bits=128, radius=2, max_drugs=2)
    fp, mask = F.drug_features([{"smiles": "c1ccccc1"}, {"smiles": "CCO"}, {"smiles": "CCN"}], cfg)
    assert fp.dtype == np.float32 and mask.dtype == np.float32
    assert fp.shape == (2, 128) and mask.tolist() == [1.0, 1.0]
    assert (fp[0] == F.morgan_bits("c1ccccc1", 2, 128)).all() and (fp[1] == F.morgan_bits("CCO", 2, 128)).all()
    # a drug without a smiles key is a masked slot; fewer drugs leave zero rows
    fp, mask = F.drug_features([{"name": "x"}], F.FeaturizerConfig(n_bits=32, max_drugs=3))
    assert mask.tolist() == [0.0, 0.0, 0.0] and fp.sum() == 0 and fp.shape == (3, 32)


# ---------------------------------------------------------------- ICD
def test_icd_vocab_order_and_fallback_keys():
    trials = [{"nctId": "N1", "split": "train", "icdCodes": ["E11.65", "C71.9"]},
              {"nctId": "N2", "split": "valid", "icdCodes": ["C50"]}]
    vocab = F.build_icd_vocab(trials)
    assert list(vocab) == ["<pad>", "<unk>", "C", "C50", "C71", "C71.9", "E", "E11", "E11.65"]
    assert list(vocab.values()) == list(range(9))  # sorted, numbered after <pad>=0, <unk>=1
    assert F.build_icd_vocab([]) == {"<pad>": 0, "<unk>": 1}
    # a test trial in the middle is skipped, the trials after it still count
    mixed = [{"nctId": "T", "split": "test", "icdCodes": ["Z99"]}, {"nctId": "N3", "split": "train", "icdCodes": ["A01"]}]
    assert list(F.build_icd_vocab(mixed)) == ["<pad>", "<unk>", "A", "A01"]


def test_icd_id_fallback_chain():
    vocab = {"<pad>": 0, "<unk>": 1, "C": 2, "C71": 3, "C71.9": 4, "E11.6": 5}
    assert F.icd_id("C71.9", vocab) == 4
    assert F.icd_id("C71.1", vocab) == 3  # the category before the dot
    assert F.icd_id("C34", vocab) == 2  # the chapter letter
    assert F.icd_id("E11.65", vocab) == 1  # "E11" and "E" unknown: the category is the part before the dot, not a prefix
    assert F.icd_id("Q", vocab) == 1


def test_icd_ids_dedupe_in_order_and_cap():
    vocab = {"<pad>": 0, "<unk>": 1, "A": 2, "B": 3, "C": 4}
    assert F.icd_ids(["B", "A", "B", "C"], vocab, 2).tolist() == [3, 2]  # first max_codes distinct codes
    out = F.icd_ids(["C"], vocab, 4)
    assert out.tolist() == [4, 0, 0, 0] and out.dtype == np.int64
    assert F.icd_ids([], vocab, 3).tolist() == [0, 0, 0]


# ---------------------------------------------------------------- phase
@pytest.mark.parametrize(
    ("phase", "want"),
    [("early phase 1", 0), ("phase 1", 0), (" PHASE 1/PHASE 2 ", 0), ("phase 2", 1), ("Phase 2/Phase 3", 2),
     ("phase 3", 2), ("phase 4", 1), ("", 1), (None, 1)],
)
def test_phase_id(phase, want):
    assert F.phase_id(phase, F.FeaturizerConfig()) == want


def test_phase_id_default_is_the_configs():
    assert F.phase_id("n/a", F.FeaturizerConfig(phase_default=2)) == 2
    assert F.PHASE_NAMES == ["phase 1", "phase 2", "phase 3"]


# ---------------------------------------------------------------- featurizer.json and arrays
def test_featurizer_json_carries_the_config(tmp_path):
    cfg = F.FeaturizerConfig(max_tokens=64, max_windows=2, hidden_size=32, radius=3, n_bits=256, max_drugs=4, max_codes=5,
                             phase_default=2)
    vocab = {"<pad>": 0, "<unk>": 1, "C": 2}
    j = F.featurizer_json(cfg, vocab, "cladmop-test", 48)
    assert j == {
        "modelVersion": "cladmop-test",
        "text": {"tokenizer": "tokenizer.json", "maxTokens": 64, "maxWindows": 2, "hiddenSize": 32,
                 "levels": {"coarse": 2, "medium": 4, "fine": 6}},
        "drug": {"fingerprint": "morgan", "radius": 3, "nBits": 256, "maxDrugs": 4},
        "icd": {"maxCodes": 5, "vocab": vocab},
        "phase": {"vocab": F.PHASE_VOCAB, "default": 2, "names": ["phase 1", "phase 2", "phase 3"]},
        "embeddingDim": 48,
    }
    F.save_json({"name": "é", **j}, tmp_path / "a" / "b" / "featurizer.json")  # makes missing folders
    F.save_json({"name": "é", **j}, tmp_path / "a" / "b" / "featurizer.json")  # and overwrites
    text = (tmp_path / "a" / "b" / "featurizer.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and "é" in text and "\n \"modelVersion\"" in text  # UTF-8, one-space indent
    assert json.loads(text)["drug"]["nBits"] == 256


def test_trial_arrays_stack_every_input():
    cfg = F.FeaturizerConfig(n_bits=32, max_drugs=2, max_codes=3)
    vocab = {"<pad>": 0, "<unk>": 1, "C": 2, "C71": 3}
    rows = [{"drugs": [{"smiles": "CCO"}], "icdCodes": ["C71.2"], "phase": "phase 3", "label": 1},
            {"drugs": [], "icdCodes": ["Q1", "C"], "phase": "phase 1", "label": 0}]
    a = F.trial_arrays(rows, cfg, vocab)
    assert a["drug_fp"].shape == (2, 2, 32) and a["drug_fp"].dtype == np.float32
    assert (a["drug_fp"][0, 0] == F.morgan_bits("CCO", 2, 32)).all() and a["drug_fp"][1].sum() == 0
    assert a["drug_mask"].tolist() == [[1.0, 0.0], [0.0, 0.0]]
    assert a["icd_ids"].tolist() == [[3, 0, 0], [1, 2, 0]] and a["icd_ids"].dtype == np.int64
    assert a["phase_id"].tolist() == [2, 0] and a["phase_id"].dtype == np.int64
    assert a["label"].tolist() == [1.0, 0.0] and a["label"].dtype == np.float32
    empty = F.trial_arrays([], cfg, vocab)
    assert empty["drug_fp"].shape == (0, 2, 32) and empty["drug_fp"].dtype == np.float32
    assert empty["drug_mask"].shape == (0, 2) and empty["icd_ids"].shape == (0, 3) and empty["icd_ids"].dtype == np.int64
    assert empty["phase_id"].shape == (0,) and empty["label"].shape == (0,)
    assert empty["drug_mask"].dtype == np.float32 and empty["phase_id"].dtype == np.int64 and empty["label"].dtype == np.float32
