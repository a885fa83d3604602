"""Reading TOP files (cladmop/data.py) from small CSV folders written here: which files are read, the
label rule, the list columns, HINT's result files, and the test-split helpers."""

import csv
import gzip
import io

import pytest

from cladmop import data as D

HEADER = "nctid,status,why_stop,label,phase,diseases,icdcodes,drugs,smiless,criteria\n"


def _row(nct, label="1", phase="Phase 2", drugs="['aspirin']", smiles="['CC(=O)Oc1ccccc1C(=O)O']",
         icd="[\"['C71.9']\"]", criteria="Inclusion Criteria: adults Exclusion Criteria: pregnant"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([nct, "completed", "", label, phase, "['glioma']", icd, drugs, smiles, criteria])
    return out.getvalue()


def _folder(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".gz"):
            with gzip.open(path, "wt", encoding="utf-8") as f:
                f.write(text)
        else:
            path.write_text(text, encoding="utf-8")
    return D.DataConfig(data_dir=str(tmp_path))


def test_load_top_reads_every_present_file_in_order(tmp_path):
    cfg = _folder(tmp_path, {
        "phase_I_train.csv": HEADER + _row("NCT01", "1", "Phase 1") + _row("NCT02", "0", "phase 1/phase 2"),
        "phase_II_test.csv.gz": HEADER + _row("NCT03", "0"),
        "phase_III_valid.csv": HEADER + _row("NCT04", "1", " PHASE 3 "),
        "notes.csv": "x\n1\n",
    })
    trials = D.load_top(cfg)
    assert [t["nctId"] for t in trials] == ["NCT01", "NCT02", "NCT03", "NCT04"]
    assert [(t["phaseFile"], t["split"]) for t in trials] == [("I", "train"), ("I", "train"), ("II", "test"), ("III", "valid")]
    assert [t["label"] for t in trials] == [1, 0, 0, 1]
    assert [t["phase"] for t in trials] == ["phase 1", "phase 1/phase 2", "phase 2", "phase 3"]
    t = trials[0]
    assert t["inclusionCriteria"] == "adults" and t["exclusionCriteria"] == "pregnant"
    assert t["drugs"] == [{"name": "aspirin", "smiles": "CC(=O)Oc1ccccc1C(=O)O"}]
    assert t["icdCodes"] == ["C71.9"] and t["diseases"] == ["glioma"]


def test_an_unlabelled_file_gives_label_minus_one(tmp_path):
    sct = "nctid,phase,diseases,icdcodes,drugs,smiless,criteria\nNCT09,phase 2,[],[],[],[],\n"
    cfg = _folder(tmp_path, {"phase_II_train.csv": sct + "", "phase_II_valid.csv": HEADER + _row("NCT08", "unknown")})
    by_id = {t["nctId"]: t for t in D.load_top(cfg)}
    assert by_id["NCT09"]["label"] == -1 and by_id["NCT08"]["label"] == -1
    assert by_id["NCT09"]["drugs"] == [] and by_id["NCT09"]["inclusionCriteria"] == ""


def test_a_plain_csv_wins_over_its_gzip_copy(tmp_path):
    cfg = _folder(tmp_path, {"phase_I_valid.csv": HEADER + _row("NCT10"), "phase_I_valid.csv.gz": HEADER + _row("NCT11")})
    assert [t["nctId"] for t in D.load_top(cfg)] == ["NCT10"]


def test_resolve_data_dir(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no TOP data folder"):
        D.resolve_data_dir(D.DataConfig(data_dir=str(tmp_path / "empty")))
    with pytest.raises(FileNotFoundError):
        D.resolve_data_dir(D.DataConfig(data_dir=str(tmp_path / "missing")))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "phase_I_test.csv").write_text(HEADER)
    assert D.resolve_data_dir(D.DataConfig(data_dir=str(tmp_path / "b"))) == tmp_path / "b"
    # no folder set: the first of the defaults that holds phase files
    monkeypatch.setattr(D, "DEFAULT_DATA_DIRS", (str(tmp_path / "empty"), str(tmp_path / "b")))
    assert D.resolve_data_dir(D.DataConfig(data_dir="")) == tmp_path / "b"
    with pytest.raises(FileNotFoundError, match="no phase_"):
        D.load_top(D.DataConfig(data_dir=str(tmp_path / "b")))  # a header only: no trials


def test_default_data_dirs_are_the_repo_copy_then_shared():
    assert D.DEFAULT_DATA_DIRS[0].endswith("graph-seed/data")
    assert D.DEFAULT_DATA_DIRS[1].endswith("shared/data/top")


def test_load_hint_predictions(tmp_path):
    cfg = _folder(tmp_path, {
        "phase_I_test.csv": HEADER,
        "results/phase_I_test.csv": "nctid,prediction\nNCT1,0.25\nNCT2,0.75\n",
        "results/phase_III_test.csv.gz": "nctid,prediction\nNCT3,0.5\n",
    })
    assert D.load_hint_predictions(cfg) == {"I": {"NCT1": 0.25, "NCT2": 0.75}, "III": {"NCT3": 0.5}}


def test_parse_list_cells():
    assert D._parse_list(None) == [] and D._parse_list(float("nan")) == [] and D._parse_list("  ") == []
    assert D._parse_list("['a', 'b']") == ["a", "b"]
    assert D._parse_list("('a', 'b')") == ["a", "b"]
    assert D._parse_list("'abc'") == ["abc"]  # a literal that is not a list: one item, not its characters
    assert D._parse_list(1.5) == [1.5] and D._parse_list(0.0) == [0.0]  # a number, unlike NaN, is a value
    assert D._parse_list("not a literal [") == ["not a literal ["]  # kept as one item, stripped
    assert D._parse_list(" x ") == ["x"]


def test_parse_drugs_pairs_by_position():
    assert D.parse_drugs("['a']", "['C', 'CC']") == [{"name": "a", "smiles": "C"}, {"name": "", "smiles": "CC"}]
    assert D.parse_drugs("", "") == []


def test_flatten_icd_mixed_cells():
    assert D.flatten_icd("['C71.9', ' D43 ', '']") == ["C71.9", "D43"]
    assert D.flatten_icd("[\"['A1']\", 'B2', \"['A1', 'C3']\"]") == ["A1", "B2", "C3"]
    assert D.flatten_icd("[5, 'C71']") == ["5", "C71"]  # a number in the list is a code as text


def test_test_ids_and_non_test():
    trials = [{"nctId": "N1", "split": "train"}, {"nctId": "N2", "split": "test"}, {"nctId": "N2", "split": "valid"},
              {"nctId": "N3", "split": "valid"}]
    assert D.test_ids(trials) == {"N2"}
    assert [t["nctId"] for t in D.non_test(trials)] == ["N1", "N3"]  # N2's valid-file copy goes too


def test_leak_error_names_at_most_five_and_counts_the_rest():
    trials = [{"nctId": f"N{i}", "split": "test"} for i in range(8)]
    with pytest.raises(D.TestLeakError) as e:
        D.assert_no_test_leak([{"nctId": f"N{i}"} for i in range(8)], trials)
    assert "['N0', 'N1', 'N2', 'N3', 'N4'] (+3)" in str(e.value)
    with pytest.raises(D.TestLeakError, match=r"\['N2'\] \(\+0\)"):
        D.assert_no_test_leak([{"nctId": "N2"}, {"nctId": "X"}], trials)


def test_phase_file_ids():
    assert D.PHASE_FILE_ID == {"I": 0, "II": 1, "III": 2}
    assert D.PHASE_FILES == ("I", "II", "III") and D.SPLITS == ("train", "valid", "test")


def test_split_criteria_treats_a_lone_carriage_return_as_a_line_break():
    assert D.split_criteria("a\rb\r\nc") == ("a\nb\nc", "")


def test_every_column_is_text_and_na_words_are_kept(tmp_path):
    # "N/A" or "NA" criteria and digit-only cells stay the text they are (pandas would make NaN / numbers)
    # (each in its own file: pandas infers a type per column; plain and gzip files alike)
    cfg = _folder(tmp_path, {
        "phase_I_valid.csv": HEADER + _row("NCT12", criteria="N/A"),
        "phase_I_test.csv": HEADER + _row("NCT13", label="1", criteria="2021"),
        "phase_II_valid.csv.gz": HEADER + _row("NCT15", criteria="NA"),
        "phase_II_test.csv.gz": HEADER + _row("NCT16", label="0", criteria="2022"),
    })
    by_id = {t["nctId"]: t for t in D.load_top(cfg)}
    assert (by_id["NCT12"]["inclusionCriteria"], by_id["NCT12"]["exclusionCriteria"]) == ("N/A", "")
    assert by_id["NCT13"]["inclusionCriteria"] == "2021" and by_id["NCT13"]["label"] == 1
    assert by_id["NCT15"]["inclusionCriteria"] == "NA"
    assert by_id["NCT16"]["inclusionCriteria"] == "2022" and by_id["NCT16"]["label"] == 0


def test_a_file_with_only_an_id_column(tmp_path):
    cfg = _folder(tmp_path, {"phase_III_test.csv": "nctid\nNCT14\n"})
    [t] = D.load_top(cfg)
    assert t["phase"] == "" and t["label"] == -1
    assert (t["inclusionCriteria"], t["exclusionCriteria"]) == ("", "")
    assert t["drugs"] == [] and t["icdCodes"] == [] and t["diseases"] == []
