"""gpu_export: the int8 dynamic-quantized MatMuls become DequantizeLinear + MatMul with the same weights,
on a small quantized graph made here (no trained model needed)."""

import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from cladmop.gpu_export import dequantize_matmuls, export_gpu_encoder, is_fresh


def _quantized_mlp(tmp_path):
    """x [B, L, 8] -> MatMul(8x16) -> Relu -> MatMul(16x4), int8 dynamic per-channel, as export_encoder does."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    rng = np.random.default_rng(0)
    w1 = numpy_helper.from_array(rng.normal(size=(8, 16)).astype(np.float32), "w1")
    w2 = numpy_helper.from_array(rng.normal(size=(16, 4)).astype(np.float32), "w2")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w1"], ["h"]), helper.make_node("Relu", ["h"], ["r"]),
         helper.make_node("MatMul", ["r", "w2"], ["y"])],
        "mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", "L", 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["B", "L", 4])], [w1, w2])
    fp32, int8 = tmp_path / "fp32.onnx", tmp_path / "encoder.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(fp32))
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    return fp32, int8


def _run(path, x):
    import onnxruntime as ort

    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]


def test_rewrite_keeps_the_int8_weights_and_drops_the_integer_ops(tmp_path):
    fp32, int8 = _quantized_mlp(tmp_path)
    model, n = dequantize_matmuls(onnx.load(str(int8)))
    ops = [node.op_type for node in model.graph.node]
    assert n == 2 and ops.count("DequantizeLinear") == 2 and ops.count("MatMul") == 2
    assert not {"MatMulInteger", "DynamicQuantizeLinear"} & set(ops)
    weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    assert sorted(str(w.dtype) for w in weights.values() if w.ndim == 2) == ["int8", "int8"]

    out = tmp_path / "gpu.onnx"
    onnx.save(model, str(out))
    x = np.random.default_rng(1).normal(size=(3, 5, 8)).astype(np.float32)
    want, got = _run(fp32, x), _run(out, x)
    # Only the weights' int8 rounding is left (activations are float): close to the fp32 graph,
    # and a text's output does not depend on its batch neighbours.
    assert np.abs(got - want).max() < 0.05 * np.abs(want).max()
    np.testing.assert_allclose(_run(out, x[1:2]), got[1:2], rtol=1e-5, atol=1e-5)


def test_export_records_its_source_and_goes_stale_with_it(tmp_path):
    _quantized_mlp(tmp_path)
    assert not is_fresh(tmp_path)
    export_gpu_encoder(tmp_path)
    meta = json.loads((tmp_path / "encoder-gpu.json").read_text())
    assert meta["source"] == "encoder.onnx" and meta["rewrittenMatMuls"] == 2
    assert is_fresh(tmp_path)
    (tmp_path / "encoder.onnx").write_bytes((tmp_path / "fp32.onnx").read_bytes())  # re-exported
    assert not is_fresh(tmp_path)
