"""The committed artifacts: ONNX outputs vs the recorded PyTorch outputs on the golden trials,
tokenizer and fingerprint golden vectors vs the Python featurizer, featurizer.json keys."""

import json
from pathlib import Path

import numpy as np
import pytest

ART = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = pytest.mark.skipif(not (ART / "cladmop.onnx").exists(), reason="artifacts not exported yet")


def _json(name):
    return json.loads((ART / name).read_text(encoding="utf-8"))


def test_featurizer_json_has_the_contract_keys():
    f = _json("featurizer.json")
    assert f["modelVersion"].startswith("cladmop-")
    assert f["text"]["tokenizer"] == "tokenizer.json" and f["text"]["levels"] == {"coarse": 2, "medium": 4, "fine": 6}
    assert {"maxTokens", "hiddenSize"} <= set(f["text"]) and {"radius", "nBits", "maxDrugs", "fingerprint"} <= set(f["drug"])
    assert f["icd"]["vocab"]["<pad>"] == 0 and "<unk>" in f["icd"]["vocab"] and f["icd"]["maxCodes"] > 0
    assert set(f["phase"]) >= {"vocab", "default", "names"} and f["embeddingDim"] > 0
    assert _json("model-card.json")["modelVersion"] == f["modelVersion"]


def test_onnx_matches_pytorch_on_golden_trials():
    """The recorded PyTorch outputs (golden/trials.json) against cladmop.onnx fed by a layout written here,
    independently of models/cladmop (windows one after another in a slot of the most windows * maxTokens)."""
    import onnxruntime as ort

    from cladmop.featurize import FeaturizerConfig, drug_features

    f = _json("featurizer.json")
    gold = _json("golden/trials.json")["trials"]
    mt, H = f["text"]["maxTokens"], f["text"]["hiddenSize"]
    cfg = FeaturizerConfig(max_tokens=mt, radius=f["drug"]["radius"], n_bits=f["drug"]["nBits"], max_drugs=f["drug"]["maxDrugs"])
    enc = ort.InferenceSession(str(ART / "encoder.onnx"), providers=["CPUExecutionProvider"])
    cl = ort.InferenceSession(str(ART / "cladmop.onnx"), providers=["CPUExecutionProvider"])
    assert len(gold) >= 40
    # the golden set covers what the layout must get right
    assert any(len(g["windows_inclusion"]) > 1 for g in gold) and any(g["windows_exclusion"] == [[101, 102]] for g in gold)
    assert any(g["windows_inclusion"] == [[101, 102]] and g["windows_exclusion"] == [[101, 102]] for g in gold)  # no criteria
    for g in gold:
        slot = mt * max(len(g["windows_inclusion"]), len(g["windows_exclusion"]))
        feeds = {k: np.zeros((1, 2 * slot, H), np.float32) for k in ("crit_coarse", "crit_medium", "crit_fine")}
        feeds["crit_mask"] = np.zeros((1, 2 * slot), np.float32)
        for part, key in enumerate(("windows_inclusion", "windows_exclusion")):
            o = part * slot
            for w in g[key]:
                ids = np.array([w], np.int64)
                c, m, fi = enc.run(["coarse", "medium", "fine"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
                n = ids.shape[1]
                feeds["crit_coarse"][0, o : o + n], feeds["crit_medium"][0, o : o + n], feeds["crit_fine"][0, o : o + n] = c[0], m[0], fi[0]
                feeds["crit_mask"][0, o : o + n] = 1
                o += n
        fp, mask = drug_features(g["drugs"], cfg)
        assert mask.astype(int).tolist() == g["drug_mask"]
        feeds.update(drug_fp=fp[None], drug_mask=mask[None], icd_ids=np.array([g["icd_ids"]], np.int64), phase_id=np.array([g["phase_id"]], np.int64))
        p, e = cl.run(["probability", "embedding"], feeds)
        assert abs(float(p[0]) - g["probability"]) < 1e-4, g["nctId"]
        assert np.abs(e[0] - np.array(g["embedding"])).max() < 1e-4, g["nctId"]
        assert abs(np.linalg.norm(e[0]) - 1) < 1e-4


def test_onnx_batch_axis_is_dynamic():
    import onnxruntime as ort

    f = _json("featurizer.json")
    cl = ort.InferenceSession(str(ART / "cladmop.onnx"), providers=["CPUExecutionProvider"])
    T, H, M, C = 2 * f["text"]["maxTokens"], f["text"]["hiddenSize"], f["drug"]["maxDrugs"], f["icd"]["maxCodes"]
    rng = np.random.RandomState(0)
    for B in (1, 3):
        feeds = {k: rng.randn(B, T, H).astype(np.float32) for k in ("crit_coarse", "crit_medium", "crit_fine")}
        feeds.update(crit_mask=np.ones((B, T), np.float32), drug_fp=(rng.rand(B, M, f["drug"]["nBits"]) < 0.05).astype(np.float32),
                     drug_mask=np.ones((B, M), np.float32), icd_ids=np.ones((B, C), np.int64), phase_id=np.arange(B, dtype=np.int64) % 3)
        p, e = cl.run(["probability", "embedding"], feeds)
        assert p.shape == (B,) and e.shape == (B, f["embeddingDim"])


def test_tokenizer_cases_match_the_served_tokenizer():
    """What this guards: golden/tokenizer-cases.json was written by `python -m cladmop export` with this
    same featurize.py, so agreement here is not an independent check of the tokenizer. It catches drift
    between the exported file and the code (a tokenizers upgrade, a changed window rule after export);
    the independent check is the TypeScript WordPiece tokenizer reading the same file
    (test/model/real-artifacts.test.ts), and the window rule's boundaries are pinned by hand in
    tests/test_featurize.py."""
    from cladmop.featurize import FeaturizerConfig, load_tokenizer, text_windows, tokenize

    gold = _json("golden/tokenizer-cases.json")
    tok = load_tokenizer(None, ART / "tokenizer.json")
    cases = gold["cases"]
    assert len(cases) >= 250 and any(c["text"] == "" and c["ids"] == [101, 102] for c in cases)
    assert tokenize(tok, [c["text"] for c in cases]) == [c["ids"] for c in cases]
    cfg = FeaturizerConfig(max_tokens=gold["maxTokens"], max_windows=gold["maxWindows"])
    assert text_windows(tok, [c["text"] for c in cases], cfg) == [c["windows"] for c in cases]
    # windows: at most maxTokens ids, at most maxWindows, and their pieces are the text's first pieces in order
    for c in cases:
        assert 1 <= len(c["windows"]) <= gold["maxWindows"] and all(len(w) <= gold["maxTokens"] for w in c["windows"])
        pieces = [i for w in c["windows"] for i in w[1:-1]]
        assert pieces == c["ids"][1:-1][: len(pieces)]
    assert any(len(c["ids"]) - 2 > (gold["maxTokens"] - 2) * gold["maxWindows"] for c in cases)


def test_fingerprint_golden_matches_rdkit():
    """What this guards: golden/fingerprints.json was written at export time by this same morgan_bits,
    so this catches drift (an rdkit upgrade that changes bits after export), not a wrong fingerprint.
    The independent checks are @rdkit/rdkit in the service reading the same file
    (test/model/real-artifacts.test.ts) and RDKit's other Morgan API in tests/test_featurize.py."""
    from cladmop.export import bits_hex
    from cladmop.featurize import morgan_bits

    gold = _json("golden/fingerprints.json")
    items = gold["items"]
    assert len(items) > 100
    assert morgan_bits("C1CC", gold["radius"], gold["nBits"]) is None  # unparsable (unclosed ring): a masked slot
    for it in items[::25]:
        b = morgan_bits(it["smiles"], gold["radius"], gold["nBits"])
        assert (None if b is None else bits_hex(b)) == it["bits"]
    assert bits_hex(np.array([1, 0, 0, 0, 0, 0, 0, 1], np.uint8)) == "81"
