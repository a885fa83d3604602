"""encoder-gpu.onnx: the served int8 encoder rewritten for GPU execution providers.

`python models/cladmop/gpu_export.py [--if-stale] [artifacts_dir]` (needs only `onnx`) reads
encoder.onnx and writes encoder-gpu.onnx and encoder-gpu.json beside it; scripts/setup.sh runs it.

encoder.onnx is int8 *dynamic* quantization (DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul),
a CPU format: on GPU providers the integer ops are slow or missing, and WebGPU's rounding moved the
outputs by up to ~0.1. This rewrite keeps the very same int8 weights (the file stays the size of
encoder.onnx) and replaces each quantized MatMul by MatMul(x, DequantizeLinear(W_int8, scale, zp)):
activations stay float32, so a text's features do not depend on its batch (padded GPU batches are
safe) and any provider computes the same numbers up to float rounding.

What it does not reproduce is the int8 quantization of the activations, and that cannot be
reproduced across runtimes: the dynamic quantizer rounds every activation to 1/255 of its tensor's
range, so float differences of one ulp flip roundings that then grow through six layers. The same
encoder.onnx on the same CPU provider differs by up to 0.2 in a hidden unit between ORT's graph
optimisations on and off; an exact float emulation of the quantizer (tried) still moved golden-trial
probabilities by up to 0.10, no closer than this graph (0.13, mean 0.012 over 50 golden trials).

Shapes: input_ids, attention_mask int64 [B, L] -> coarse, medium, fine float32 [B, L, H], as encoder.onnx.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import onnx
from onnx import helper


def dequantize_matmuls(model: onnx.ModelProto) -> tuple[onnx.ModelProto, int]:
    """Rewrites every DynamicQuantizeLinear/MatMulInteger/Cast/Mul chain into DequantizeLinear + MatMul.

    Returns the model and the number of MatMuls rewritten; raises if a chain has another shape.
    """
    g = model.graph
    producer = {o: n for n in g.node for o in n.output}
    consumers: dict[str, list[onnx.NodeProto]] = defaultdict(list)
    for n in g.node:
        for i in n.input:
            consumers[i].append(n)
    initializers = {i.name for i in g.initializer}

    drop: set[int] = set()  # id() of nodes to remove
    new_nodes: dict[int, list[onnx.NodeProto]] = {}  # id(MatMulInteger) -> replacement nodes
    for k, n in enumerate(g.node):
        if n.op_type != "MatMulInteger":
            continue
        a_q, w_q, _a_zp, w_zp = n.input
        dql = producer[a_q]
        (cast,) = consumers[n.output[0]]
        (mul,) = consumers[cast.output[0]]
        scale_mul = producer[mul.input[1]]
        if dql.op_type != "DynamicQuantizeLinear" or cast.op_type != "Cast" or mul.op_type != "Mul":
            raise ValueError(f"unexpected quantized MatMul chain at {n.name}")
        if scale_mul.op_type != "Mul" or w_q not in initializers:
            raise ValueError(f"unexpected weights at {n.name}")
        w_scale = scale_mul.input[1]  # [N] per output channel (per_channel=True) or a scalar
        if w_scale not in initializers:
            raise ValueError(f"weight scale of {n.name} is not an initializer")
        w_float = f"{w_q}_dequantized"  # [K, N]
        name = f"{n.name or 'MatMulInteger'}_{k}"  # node names must be unique; the quantizer may leave them empty
        new_nodes[id(n)] = [
            helper.make_node("DequantizeLinear", [w_q, w_scale, w_zp], [w_float], name=f"{name}_dq", axis=1),
            helper.make_node("MatMul", [dql.input[0], w_float], [mul.output[0]], name=f"{name}_fp"),
        ]
        drop.update({id(cast), id(mul), id(scale_mul)})

    kept: list[onnx.NodeProto] = []
    for n in g.node:
        if id(n) in new_nodes:
            kept.extend(new_nodes[id(n)])
        elif id(n) not in drop:
            kept.append(n)
    used = {i for n in kept for i in n.input}
    # The activation quantizers are now unused.
    kept = [n for n in kept if not (n.op_type == "DynamicQuantizeLinear" and not any(o in used for o in n.output))]
    del g.node[:]
    g.node.extend(kept)
    used = {i for n in kept for i in n.input}
    for i in [i for i in g.initializer if i.name not in used]:
        g.initializer.remove(i)
    onnx.checker.check_model(model)
    return model, len(new_nodes)


def export_gpu_encoder(artifacts_dir: Path) -> Path:
    """encoder.onnx -> encoder-gpu.onnx and encoder-gpu.json in the same folder; returns the .onnx path.

    encoder-gpu.json records the sha256 of the encoder.onnx it came from: the service uses the GPU
    encoder only while that still matches (re-exporting encoder.onnx makes it stale; rerun this).
    """
    src = artifacts_dir / "encoder.onnx"
    out = artifacts_dir / "encoder-gpu.onnx"
    model, rewritten = dequantize_matmuls(onnx.load(str(src)))
    if rewritten == 0:
        raise ValueError(f"{src} has no int8 dynamic-quantized MatMul: copy it instead if it is already float")
    model.doc_string = f"encoder.onnx with its {rewritten} int8 MatMuls dequantized for GPU providers (gpu_export.py)"
    onnx.save(model, str(out))
    meta = {
        "source": src.name,
        "sourceSha256": hashlib.sha256(src.read_bytes()).hexdigest(),
        "rewrittenMatMuls": rewritten,
        "note": "int8 weights of encoder.onnx, float32 activations; written by models/cladmop/gpu_export.py",
    }
    (artifacts_dir / "encoder-gpu.json").write_text(json.dumps(meta, indent=2) + "\n")
    return out


def is_fresh(artifacts_dir: Path) -> bool:
    """True when encoder-gpu.onnx exists and was made from the encoder.onnx that is there now."""
    meta = artifacts_dir / "encoder-gpu.json"
    if not (artifacts_dir / "encoder-gpu.onnx").exists() or not meta.exists():
        return False
    sha = hashlib.sha256((artifacts_dir / "encoder.onnx").read_bytes()).hexdigest()
    return json.loads(meta.read_text()).get("sourceSha256") == sha


def main(argv: list[str]) -> None:
    """[--if-stale] [artifacts_dir]; runs as `python -m cladmop.gpu_export` or as a plain script (needs only onnx)."""
    if_stale = "--if-stale" in argv
    args = [a for a in argv if a != "--if-stale"]
    artifacts = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "artifacts"
    if not (artifacts / "encoder.onnx").exists():
        print(f"no {artifacts / 'encoder.onnx'}: nothing to rewrite", file=sys.stderr)
        return
    if if_stale and is_fresh(artifacts):
        return
    path = export_gpu_encoder(artifacts)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
