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
    trials = [{"nctId": "NCT1", "split": "train", "icdCodes": ["C71.9", "E11.65"]},
              {"nctId": "NCT2", "split": "test", "icdCodes": ["Z99.9"]},
              {"nctId": "NCT2", "split": "train", "icdCodes": ["Z99.9", "Y01"]}]  # the test trial's train-file copy
    vocab = build_icd_vocab(trials)
    # test trials never shape the vocabulary, by nctId: not even through a copy in a train file
    assert "Z99.9" not in vocab and "Z" not in vocab and "Y01" not in vocab
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


def test_leak_guard_raises_on_a_test_id_even_under_python_O():
    trials = _rows(("NCT1", "train", 1), ("NCT2", "valid", 0), ("NCT3", "test", 1), ("NCT3", "train", 1))
    with pytest.raises(D.TestLeakError, match="NCT3"):
        D.assert_no_test_leak([trials[0], trials[3]], trials)  # same nctId as a test row, from a train file
    D.assert_no_test_leak(trials[:2], trials)
    assert not issubclass(D.TestLeakError, AssertionError)  # `python -O` strips asserts, not raises
    import subprocess
    import sys

    code = ("from cladmop import data as D; t=[{'nctId':'N','split':'test'},{'nctId':'N','split':'train'}]\n"
            "try:\n D.assert_no_test_leak(t[1:], t)\nexcept D.TestLeakError: print('raised')")
    out = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True, cwd=str(__import__("pathlib").Path(__file__).parents[1]))
    assert out.stdout.strip() == "raised", out.stderr


def test_folds_keep_a_trial_in_one_fold_and_pretraining_outside_it():
    from cladmop import protocol as PR

    trials = _rows(*[(f"NCT{i}", "train", i % 2) for i in range(40)], ("NCT5", "valid", 1), ("NCT7", "test", 1), ("NCT99", "test", 0))
    learn = PR.learn_rows(trials)
    assert all(trials[i]["nctId"] not in ("NCT7", "NCT99") for i in learn)  # NCT7 is test somewhere: never learned
    fold = PR.assign_folds(trials, learn, 5, seed=0)
    by_id: dict[str, set] = {}
    for i in learn:
        by_id.setdefault(trials[i]["nctId"], set()).add(int(fold[i]))
    assert all(len(f) == 1 for f in by_id.values())  # NCT5 (train + valid) sits in one fold
    assert sorted(np.bincount(fold[learn])) == [8, 8, 8, 8, 8]  # 39 learn trials + NCT5's second row, evenly spread
    held = learn[fold[learn] == 0]
    train = PR.outside(learn, trials, held)
    present = np.ones(len(trials))
    corpus = PR.pretrain_rows(trials, train, present)
    ids_held = {trials[i]["nctId"] for i in held}
    assert corpus.size and not ({trials[i]["nctId"] for i in corpus} & ids_held)
    assert all(trials[i]["label"] == 1 for i in corpus)
    present[corpus[0]] = 0  # a trial without criteria is no pre-training pair
    assert corpus[0] not in PR.pretrain_rows(trials, train, present)


def test_real_data_protocol_has_no_leak():
    pytest.importorskip("pandas")
    try:
        trials = D.load_top()
    except FileNotFoundError:
        pytest.skip("TOP data not present")
    from cladmop import protocol as PR

    banned = D.test_ids(trials)
    learn = PR.learn_rows(trials)
    assert len(learn) and not ({trials[i]["nctId"] for i in learn} & banned)
    fold = PR.assign_folds(trials, learn, 5, seed=0)
    for k in range(5):
        held = learn[fold[learn] == k]
        train = PR.outside(learn, trials, held)
        assert not ({trials[i]["nctId"] for i in train} & ({trials[i]["nctId"] for i in held} | banned))
    for pf in ("I", "II", "III"):
        assert len(PR.test_rows(trials, pf)) > 0


def test_recency_weights_grow_with_the_nct_number_and_average_one():
    from cladmop import protocol as PR

    trials = [{"nctId": f"NCT{n:08d}"} for n in (500, 20, 9000, 300, 7)]
    rows = np.array([0, 1, 2, 3, 4])
    w = PR.recency_weights(trials, rows, power=2.0)
    assert abs(w.mean() - 1.0) < 1e-9
    assert list(np.argsort(w)) == [4, 1, 3, 0, 2]  # NCT 7 < 20 < 300 < 500 < 9000
    ranks = np.array([3, 1, 4, 2, 0]) / 4
    expected = (ranks + 0.05) ** 2
    np.testing.assert_allclose(w, expected / expected.mean())
    np.testing.assert_allclose(PR.recency_weights(trials, rows, power=0.0), np.ones(5))


def test_forward_split_holds_out_the_latest_learn_rows_and_their_nct_ids():
    from cladmop import protocol as PR

    # rows 0-7 learn; NCT 800 also appears early as row 8 (another phase file) and row 9 is a test row
    nums = [100, 200, 300, 400, 500, 600, 700, 800, 800, 900]
    trials = [{"nctId": f"NCT{n:08d}", "split": "train", "label": 1} for n in nums]
    trials[9]["split"] = "test"
    learn = np.arange(9)
    early, late = PR.forward_split(trials, learn, late_share=0.25)
    late_ids = sorted({trials[i]["nctId"] for i in late})
    assert late_ids == ["NCT00000700", "NCT00000800"]  # the latest quarter of the learn rows' NCT numbers
    assert sorted(late) == [6, 7, 8]
    assert list(early) == [0, 1, 2, 3, 4, 5]  # and no row sharing an nctId with them
