"""ONNX models exported with dynamic axes: shape computations on dimensions known only at
run time (Shape -> Gather -> Mul -> Concat -> Reshape, ...) are evaluated symbolically while
importing (relay/frontend/onnx_shapes.py), and one VM executable runs every size. Against
onnxruntime; plus hand-built graphs for each rule and the errors for what cannot be
expressed."""
import io

import numpy as np
import pytest

import tvm
import tvm.runtime.vm
from tvm import relay

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
torch = pytest.importorskip("torch")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402


def _export(module, example, axes, opset=14):
    buf = io.BytesIO()
    torch.onnx.export(module, example, buf, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": axes}, opset_version=opset)
    return onnx.load_from_string(buf.getvalue())


def _check_sizes(model, shapes, rtol=1e-5):
    """Import without shapes, compile once, run each input shape against onnxruntime."""
    mod, params = relay.frontend.from_onnx(model)
    with tvm.transform.PassContext(opt_level=3):
        exe = relay.vm.compile(mod, "llvm", params=params)
    vm = tvm.runtime.vm.VirtualMachine(exe, tvm.cpu())
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    for shape in shapes:
        x = rng.standard_normal(shape).astype("float32")
        got = vm.run(x).numpy()
        (ref,) = sess.run(None, {"x": x})
        assert got.shape == ref.shape
        assert np.linalg.norm(got - ref) / np.linalg.norm(ref) < rtol
    return mod


def test_transformer_encoder_with_dynamic_batch_and_sequence():
    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(64, 4, 128, batch_first=True, dropout=0.0)
    enc = torch.nn.TransformerEncoder(layer, 2, enable_nested_tensor=False).eval()
    model = _export(enc, torch.rand(2, 5, 64), {0: "batch", 1: "seq"})
    ops = {n.op_type for n in model.graph.node}
    assert {"Shape", "Gather", "Concat", "Reshape"} <= ops  # really computed from shapes
    mod = _check_sizes(model, [(2, 5, 64), (1, 9, 64), (3, 17, 64)])
    assert str(relay.transform.InferType()(mod)["main"].checked_type.ret_type) == \
        "Tensor[(?, ?, 64), float32]"


class _Attention(torch.nn.Module):
    """BERT-style self-attention with a causal mask built from the sequence length."""

    def __init__(self, d=32, heads=4):
        super().__init__()
        self.heads, self.qkv, self.out = heads, torch.nn.Linear(d, 3 * d), torch.nn.Linear(d, d)

    def forward(self, x):
        b, s, d = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        split = lambda t: t.view(b, s, self.heads, d // self.heads).transpose(1, 2)  # noqa
        q, k, v = split(q), split(k), split(v)
        scores = q @ k.transpose(-1, -2) / (d // self.heads) ** 0.5
        return self.out((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, d))


def test_attention_block_with_dynamic_batch_and_sequence():
    torch.manual_seed(1)
    model = _export(_Attention().eval(), torch.rand(2, 6, 32), {0: "batch", 1: "seq"})
    _check_sizes(model, [(2, 6, 32), (1, 3, 32), (4, 11, 32)])


def _graph_model(nodes, inits, in_shape, opset=14):
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(np.asarray(v), k) for k, v in inits.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _shape_dims(prefix="s"):
    """Nodes computing s0 = Shape(x)[0] and s1 = Shape(x)[1] as 1-element int64 tensors."""
    return [helper.make_node("Shape", ["x"], [prefix]),
            helper.make_node("Gather", [prefix, "i0"], [prefix + "0"], axis=0),
            helper.make_node("Gather", [prefix, "i1"], [prefix + "1"], axis=0)]


INITS = {"i0": np.array([0], "int64"), "i1": np.array([1], "int64"),
         "four": np.array([4], "int64"), "minus1": np.array([-1], "int64")}


def test_reshape_rules_by_hand():
    # [b, s, 8] -> [b*s, 8] -> [b, s*2, 4] -> [b, s, 8] (each target computed from Shape(x)).
    nodes = _shape_dims() + [
        helper.make_node("Mul", ["s0", "s1"], ["bs"]),
        helper.make_node("Concat", ["bs", "eight"], ["t1"], axis=0),
        helper.make_node("Reshape", ["x", "t1"], ["r1"]),
        helper.make_node("Mul", ["s1", "two"], ["s2"]),
        helper.make_node("Concat", ["s0", "s2", "four"], ["t2"], axis=0),
        helper.make_node("Reshape", ["r1", "t2"], ["r2"]),
        helper.make_node("Div", ["s2", "two"], ["s1b"]),
        helper.make_node("Concat", ["s0", "s1b", "minus1"], ["t3"], axis=0),
        helper.make_node("Reshape", ["r2", "t3"], ["r3"]),
        helper.make_node("Relu", ["r3"], ["y"])]
    inits = dict(INITS, eight=np.array([8], "int64"), two=np.array([2], "int64"))
    _check_sizes(_graph_model(nodes, inits, ["b", "s", 8]), [(2, 3, 8), (5, 1, 8)])


def test_shape_of_static_dimensions_folds_to_constants():
    nodes = [helper.make_node("Shape", ["x"], ["s"]),
             helper.make_node("Gather", ["s", "i1"], ["c"], axis=0),
             helper.make_node("Concat", ["minus1", "c"], ["t"], axis=0),
             helper.make_node("Reshape", ["x", "t"], ["y"])]
    mod = _check_sizes(_graph_model(nodes, INITS, ["b", 6]), [(3, 6), (1, 6)])
    assert "shape_value" not in mod.astext()


def test_what_cannot_be_expressed_is_an_error():
    # A target computed from the input's *values*, not its shape.
    nodes = [helper.make_node("ReduceMax", ["x"], ["m"], keepdims=0),
             helper.make_node("Cast", ["m"], ["mi"], to=TensorProto.INT64),
             helper.make_node("Unsqueeze", ["mi", "i0"], ["t"]),
             helper.make_node("Reshape", ["x", "t"], ["y"], name="by_value")]
    with pytest.raises(tvm.error.OpAttributeUnImplemented, match="by_value.*must be a constant"):
        relay.frontend.from_onnx(_graph_model(nodes, INITS, ["b", 4], opset=14))
    # A shape value used as data.
    nodes = _shape_dims() + [helper.make_node("Cast", ["s0"], ["f"], to=TensorProto.FLOAT),
                             helper.make_node("Mul", ["x", "f"], ["y"])]
    with pytest.raises(tvm.error.OpAttributeUnImplemented,
                       match="value of 's0' is computed from dimensions known only at run time"):
        relay.frontend.from_onnx(_graph_model(nodes, INITS, ["b", "s"]))
    # Two fresh run-time entries with no tensor to take them from.
    nodes = _shape_dims() + [
        helper.make_node("Add", ["s0", "i1"], ["p"]),
        helper.make_node("Add", ["s1", "i1"], ["q"]),
        helper.make_node("Concat", ["p", "q"], ["t"], axis=0),
        helper.make_node("Reshape", ["x", "t"], ["y"], name="odd")]
    with pytest.raises(tvm.error.OpAttributeUnImplemented,
                       match="Reshape node 'odd'.*more than one entry known only at run time"):
        relay.frontend.from_onnx(_graph_model(nodes, INITS, ["b", "s"]))
