"""Load the TOP benchmark CSVs, split criteria, and build the leak-free training sets.

Every trial is a plain dict (nctId, phase, label, split, phaseFile, criteria parts, drugs, icdCodes).
The only test-split guard lives here: `assert_no_test_leak` is called by every training entry point.
"""

from __future__ import annotations

import ast
import gzip
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# The file names TOP ships: phase_{I,II,III}_{train,valid,test}.csv; any subset may be present.
PHASE_FILES = ("I", "II", "III")
SPLITS = ("train", "valid", "test")
# The repo's bundled copy (gzip) first, then the shared folder beside the checkout: no machine paths.
_REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIRS = (str(_REPO / "graph-seed" / "data"), str(_REPO.parent / "shared" / "data" / "top"))


@dataclass
class DataConfig:
    data_dir: str = os.environ.get("CLADMOP_DATA_DIR", "")  # empty: first existing of DEFAULT_DATA_DIRS


def resolve_data_dir(cfg: DataConfig) -> Path:
    candidates = [cfg.data_dir] if cfg.data_dir else list(DEFAULT_DATA_DIRS)
    for c in candidates:
        p = Path(c)
        if p.is_dir() and any(p.glob("phase_*")):
            return p
    raise FileNotFoundError(f"no TOP data folder among {candidates}")


# ---------------------------------------------------------------- criteria split (docs/model-contract.md)
# JavaScript's \s and String.prototype.trim() use exactly this set; Python's \s and str.strip() differ
# (e.g. \x1c-\x1f, \x85 vs \ufeff), so we spell the class out to stay byte-identical with the TS side.
JS_WS = "\t\n\x0b\x0c\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS = "[" + re.escape(JS_WS) + "]"
# re.A keeps IGNORECASE ASCII-only like JS /i (Python would otherwise let 'ſ' match 's').
_EXCL = re.compile(r"exclusion criteria" + _WS + "*:?", re.I | re.A)
_INCL_HEAD = re.compile(r"^" + _WS + r"*inclusion criteria" + _WS + "*:?", re.I | re.A)
_BULLET = re.compile(r"^[-*\u2022]" + _WS + "*")
_NUMBERED = re.compile(r"^[0-9]+[.)]" + _WS + "+")


def _clean_part(part: str) -> str:
    out = []
    for line in part.split("\n"):
        line = line.strip(JS_WS)
        line = _BULLET.sub("", line, count=1)
        line = _NUMBERED.sub("", line, count=1)
        if line:
            out.append(line)
    return "\n".join(out)


def split_criteria(text: str | None) -> tuple[str, str]:
    """Criteria text -> (inclusion, exclusion), the contract's 4-step rule."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    m = _EXCL.search(text)
    incl, excl = (text[: m.start()], text[m.end() :]) if m else (text, "")
    incl = _INCL_HEAD.sub("", incl, count=1)
    return _clean_part(incl), _clean_part(excl)


# ---------------------------------------------------------------- list columns
def _parse_list(cell) -> list:
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    s = str(cell).strip()
    if not s:
        return []
    try:
        v = ast.literal_eval(s)
    except (ValueError, SyntaxError):
        return [s]
    return list(v) if isinstance(v, (list, tuple)) else [v]


def flatten_icd(cell) -> list[str]:
    """TOP stores icdcodes as a list of stringified lists, one per disease: flatten in order, drop dupes."""
    out: list[str] = []
    for item in _parse_list(cell):
        inner = _parse_list(item) if isinstance(item, str) and item.strip().startswith("[") else [item]
        for code in inner:
            code = str(code).strip()
            if code and code not in out:
                out.append(code)
    return out


def parse_drugs(drugs_cell, smiles_cell) -> list[dict]:
    """Pair drug names with SMILES by position; a missing SMILES stays "" (a masked slot later)."""
    names = [str(x) for x in _parse_list(drugs_cell)]
    smiles = [str(x) for x in _parse_list(smiles_cell)]
    n = max(len(names), len(smiles))
    return [{"name": names[i] if i < len(names) else "", "smiles": smiles[i] if i < len(smiles) else ""} for i in range(n)]


def _read_csv(path: Path) -> pd.DataFrame:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return pd.read_csv(f, dtype=str, keep_default_na=False)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_top(cfg: DataConfig | None = None) -> list[dict]:
    """All trials of every TOP file present; label -1 when the file has no label column (SCT-style)."""
    root = resolve_data_dir(cfg or DataConfig())
    trials: list[dict] = []
    for pf in PHASE_FILES:
        for split in SPLITS:
            path = next((p for p in (root / f"phase_{pf}_{split}.csv", root / f"phase_{pf}_{split}.csv.gz") if p.exists()), None)
            if path is None:
                continue
            for row in _read_csv(path).to_dict("records"):
                incl, excl = split_criteria(row.get("criteria", ""))
                label = row.get("label", "")
                trials.append({
                    "nctId": row["nctid"], "phase": str(row.get("phase", "")).strip().lower(),
                    "label": int(label) if str(label).strip() in ("0", "1") else -1,
                    "phaseFile": pf, "split": split,
                    "inclusionCriteria": incl, "exclusionCriteria": excl,
                    "drugs": parse_drugs(row.get("drugs"), row.get("smiless")),
                    "icdCodes": flatten_icd(row.get("icdcodes")),
                    "diseases": [str(x) for x in _parse_list(row.get("diseases"))],
                })
    if not trials:
        raise FileNotFoundError(f"no phase_*.csv files in {root}")
    return trials


def load_hint_predictions(cfg: DataConfig | None = None) -> dict[str, dict[str, float]]:
    """HINT's own test predictions: {phaseFile: {nctId: probability}} for the result files present."""
    root = resolve_data_dir(cfg or DataConfig())
    out: dict[str, dict[str, float]] = {}
    for pf in PHASE_FILES:
        for p in (root / "results" / f"phase_{pf}_test.csv", root / "results" / f"phase_{pf}_test.csv.gz"):
            if p.exists():
                df = _read_csv(p)
                out[pf] = {r["nctid"]: float(r["prediction"]) for r in df.to_dict("records")}
                break
    return out


# ---------------------------------------------------------------- leak guard
class TestLeakError(RuntimeError):
    """A trial of a test file reached training, selection or calibration. An exception, not an `assert`:
    `python -O` must not switch the guard off."""


def test_ids(trials: list[dict]) -> set[str]:
    return {t["nctId"] for t in trials if t["split"] == "test"}


def assert_no_test_leak(train_rows: list[dict], all_trials: list[dict]) -> None:
    """Raise if any trial whose nctId appears in ANY test file is used for training (by id, not by row)."""
    leaked = sorted({t["nctId"] for t in train_rows} & test_ids(all_trials))
    if leaked:
        raise TestLeakError(f"test-split nctIds reached training: {leaked[:5]} (+{max(0, len(leaked) - 5)})")


def non_test(trials: list[dict]) -> list[dict]:
    """Rows from train/valid files whose nctId is in no test file (TOP has a few cross-file duplicates)."""
    banned = test_ids(trials)
    return [t for t in trials if t["split"] != "test" and t["nctId"] not in banned]


PHASE_FILE_ID = {"I": 0, "II": 1, "III": 2}  # a row is trained and evaluated with its file's phase model
