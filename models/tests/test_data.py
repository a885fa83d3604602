"""Criteria split rule, featurization, and the test-split leakage guard."""

import numpy as np
import pytest

from cladmop import data as D
from cladmop.featurize import FeaturizerConfig, build_icd_vocab, drug_features, icd_id, icd_ids, morgan_bits, phase_id


def test_split_criteria_contract_rule():
    text = "\r\n  Inclusion Criteria:\r\n\r\n  -  Age >= 18\r\n  * ECOG 0-1\r\n 1. signed consent\r\n\r\n  EXCLUSION CRITERIA :\n  • pregnant\n2) prior therapy\n\n"
    inc, exc = D.split_criteria(text)
    assert inc == "Age >= 18\nECOG 0-1\nsigned consent"
    assert exc == "pregnant\nprior therapy"
    assert D.split_criteria("only inclusion text\n- a") == ("only inclusion text\na", "")
    assert D.split_criteria("") == ("", "")
    assert D.split_criteria(None) == ("", "")
    # only the first "exclusion criteria" splits; later ones stay in the exclusion part
    assert D.split_criteria("a\nExclusion Criteria: b\nexclusion criteria: c") == ("a", "b\nexclusion criteria: c")
    # "12.5 mg" is not a numbered bullet (needs whitespace after the dot); JS \s set, not Python's
    assert D.split_criteria("12.5 mg daily\n3. x")[0] == "12.5 mg daily\nx"
    assert D.split_criteria("\ufeffa\u00a0\n\x1cb")[0] == "a\n\x1cb"  # JS trim strips U+FEFF, keeps U+001C


def test_parse_lists_and_icd_flattening():
    assert D.flatten_icd("[\"['C71.9', 'C71.0']\", \"['C71.9', 'D43']\"]") == ["C71.9", "C71.0", "D43"]
    assert D.flatten_icd("") == []
    drugs = D.parse_drugs("['a', 'b']", "['CCO']")
    assert drugs == [{"name": "a", "smiles": "CCO"}, {"name": "b", "smiles": ""}]


def test_fingerprints_mask_bad_smiles():
    cfg = FeaturizerConfig(n_bits=64, max_drugs=3)
    fp, mask = drug_features([{"smiles": "CCO"}, {"smiles": "not a smiles (("}, {"smiles": ""}, {"smiles": "c1ccccc1"}], cfg)
    assert fp.shape == (3, 64) and mask.tolist() == [1.0, 0.0, 0.0]  # 4th drug cut at maxDrugs
    assert fp[0].sum() > 0 and fp[1].sum() == 0 and fp[2].sum() == 0
    assert morgan_bits("C1CC", 2, 64) is None  # unclosed ring: RDKit cannot parse, no crash


def test_icd_fallback_and_phase():
    trials = [{"split": "train", "icdCodes": ["C71.9", "E11.65"]}, {"split": "test", "icdCodes": ["Z99.9"]}]
    vocab = build_icd_vocab(trials)
    assert "Z99.9" not in vocab and "Z" not in vocab  # test codes never shape the vocabulary
    assert icd_id("C71.9", vocab) == vocab["C71.9"]
    assert icd_id("C71.0", vocab) == vocab["C71"]  # unseen code -> category
    assert icd_id("C50.1", vocab) == vocab["C"]  # unseen category -> chapter
    assert icd_id("Q00", vocab) == vocab["<unk>"]
    ids = icd_ids(["C71.9", "C71.9", "C71.0"], vocab, 4)
    assert ids.tolist() == [vocab["C71.9"], vocab["C71"], 0, 0]
    cfg = FeaturizerConfig()
    assert phase_id("Phase 1/Phase 2", cfg) == 0 and phase_id("phase 3", cfg) == 2 and phase_id("n/a", cfg) == cfg.phase_default


def _rows(*specs):
    return [{"nctId": n, "split": s, "label": l, "phaseFile": "I"} for n, s, l in specs]


def test_leak_guard_raises_on_a_test_id():
    trials = _rows(("NCT1", "train", 1), ("NCT2", "valid", 0), ("NCT3", "test", 1), ("NCT3", "train", 1))
    with pytest.raises(AssertionError, match="NCT3"):
        D.assert_no_test_leak([trials[0], trials[3]], trials)  # same nctId as a test row, from a train file
    D.assert_no_test_leak(trials[:2], trials)
    assert [t["nctId"] for t in D.pretrain_corpus(trials)] == ["NCT1"]  # label 1, non-test, NCT3 banned by id


def test_real_data_protocol_has_no_leak():
    pytest.importorskip("pandas")
    try:
        trials = D.load_top()
    except FileNotFoundError:
        pytest.skip("TOP data not present")
    from cladmop.__main__ import tasks

    banned = D.test_ids(trials)
    corpus = D.pretrain_corpus(trials)
    assert corpus and not ({t["nctId"] for t in corpus} & banned)
    assert all(t["label"] == 1 for t in corpus)
    y = np.array([t["label"] for t in trials], np.float32)
    for task in tasks(trials, y, folds=5, seed=0):
        tr_ids = {trials[i]["nctId"] for i in np.concatenate([task["train"], task["val"]])}
        assert not (tr_ids & banned), task["name"]
        assert not (tr_ids & {trials[i]["nctId"] for i in task["eval"]}), task["name"]
