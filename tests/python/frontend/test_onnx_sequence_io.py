"""Sequence- and optional-typed graph inputs / outputs of the ONNX importer, and SequenceMap.

A sequence input's length and element shapes come through from_onnx's `shape` as a list of
shapes; its elements become parameters '<name>_0', '<name>_1', ...; sequence outputs are
flattened into main's result tuple; `shape={name: None}` makes an optional input empty."""
import numpy as np
import pytest

import tvm
from tvm import relay

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper  # noqa: E402  pylint: disable=wrong-import-position

FLOAT = TensorProto.FLOAT


def _seq_type(shape=None):
    return helper.make_sequence_type_proto(helper.make_tensor_type_proto(FLOAT, shape))


def _model(nodes, inputs, outputs, opset=18):
    graph = helper.make_graph(nodes, "g", inputs, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model


def _run(model, shape, args):
    mod, params = relay.frontend.from_onnx(model, shape=shape)
    func = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                 params=params).evaluate()
    out = func(*[tvm.nd.array(a) for a in args])
    if hasattr(out, "numpy"):
        return mod, [out.numpy()]
    return mod, [o.numpy() for o in out]


def _ort(model, feeds):
    ort = pytest.importorskip("onnxruntime")
    try:
        sess = ort.InferenceSession(model.SerializeToString(),
                                    providers=["CPUExecutionProvider"])
    except Exception as err:  # pylint: disable=broad-except
        pytest.skip(f"onnxruntime cannot load the model: {err}")
    return sess.run(None, feeds)


def _flat(values):
    out = []
    for v in values:
        out += list(v) if isinstance(v, list) else ([] if v is None else [v])
    return out


def test_sequence_input_at_add():
    model = _model(
        [helper.make_node("SequenceAt", ["seq", "one"], ["e"]),
         helper.make_node("Add", ["e", "x"], ["y"])],
        [helper.make_value_info("seq", _seq_type()),
         helper.make_tensor_value_info("x", FLOAT, [4, 3])],
        [helper.make_tensor_value_info("y", FLOAT, [4, 3])])
    model.graph.initializer.append(helper.make_tensor("one", TensorProto.INT64, [], [1]))
    rng = np.random.default_rng(0)
    s0, s1 = rng.random((2, 3), "float32"), rng.random((4, 3), "float32")
    x = rng.random((4, 3), "float32")
    mod, got = _run(model, {"seq": [(2, 3), (4, 3)]}, [s0, s1, x])
    assert [p.name_hint for p in mod["main"].params] == ["seq_0", "seq_1", "x"]
    np.testing.assert_allclose(got[0], s1 + x, rtol=1e-6)
    ref = _ort(model, {"seq": [s0, s1], "x": x})
    np.testing.assert_allclose(got[0], ref[0], rtol=1e-6)


def test_sequence_map_two_elements():
    body = helper.make_graph(
        [helper.make_node("Add", ["a", "b"], ["c"])], "body",
        [helper.make_tensor_value_info("a", FLOAT, None),
         helper.make_tensor_value_info("b", FLOAT, None)],
        [helper.make_tensor_value_info("c", FLOAT, None)])
    model = _model(
        [helper.make_node("SequenceMap", ["seq", "t"], ["out"], body=body)],
        [helper.make_value_info("seq", _seq_type()),
         helper.make_tensor_value_info("t", FLOAT, [3])],
        [helper.make_value_info("out", _seq_type())])
    rng = np.random.default_rng(1)
    s0, s1, t = (rng.random((2, 3), "float32"), rng.random((5, 3), "float32"),
                 rng.random(3, "float32"))
    _, got = _run(model, {"seq": [(2, 3), (5, 3)]}, [s0, s1, t])
    assert len(got) == 2
    np.testing.assert_allclose(got[0], s0 + t, rtol=1e-6)
    np.testing.assert_allclose(got[1], s1 + t, rtol=1e-6)
    ref = _flat(_ort(model, {"seq": [s0, s1], "t": t}))
    for g, r in zip(got, ref):
        np.testing.assert_allclose(g, r, rtol=1e-6)


def test_sequence_output():
    model = _model(
        [helper.make_node("SplitToSequence", ["x"], ["seq"], axis=0),
         helper.make_node("Neg", ["x"], ["n"])],
        [helper.make_tensor_value_info("x", FLOAT, [3, 2])],
        [helper.make_value_info("seq", _seq_type()),
         helper.make_tensor_value_info("n", FLOAT, [3, 2])])
    x = np.arange(6, dtype="float32").reshape(3, 2)
    mod, got = _run(model, None, [x])
    assert isinstance(mod["main"].body, relay.Tuple)
    assert len(got) == 4  # the three elements of seq, then n
    for k in range(3):
        np.testing.assert_array_equal(got[k], x[k:k + 1])
    np.testing.assert_array_equal(got[3], -x)
    ref = _flat(_ort(model, {"x": x}))
    for g, r in zip(got, ref):
        np.testing.assert_allclose(g, r)


def _optional_model():
    opt_type = helper.make_optional_type_proto(helper.make_tensor_type_proto(FLOAT, [2]))
    return _model(
        [helper.make_node("OptionalHasElement", ["opt"], ["has"])],
        [helper.make_value_info("opt", opt_type)],
        [helper.make_tensor_value_info("has", TensorProto.BOOL, [])])


def test_optional_input_present_and_empty():
    model = _optional_model()
    mod, params = relay.frontend.from_onnx(model, shape={"opt": None})
    assert not mod["main"].params  # empty: no parameter
    _, got = _run(model, {"opt": None}, [])
    assert got[0].item() is False
    mod, _ = relay.frontend.from_onnx(model)  # present: a tensor of the model's shape
    assert [p.name_hint for p in mod["main"].params] == ["opt"]
    _, got = _run(model, None, [np.ones(2, "float32")])
    assert got[0].item() is True


def test_optional_sequence_input_get_element():
    opt_type = helper.make_optional_type_proto(_seq_type())
    model = _model(
        [helper.make_node("OptionalGetElement", ["opt"], ["seq"]),
         helper.make_node("ConcatFromSequence", ["seq"], ["y"], axis=0)],
        [helper.make_value_info("opt", opt_type)],
        [helper.make_tensor_value_info("y", FLOAT, None)])
    a, b = np.ones((1, 2), "float32"), np.zeros((2, 2), "float32")
    _, got = _run(model, {"opt": [(1, 2), (2, 2)]}, [a, b])
    np.testing.assert_array_equal(got[0], np.concatenate([a, b]))


def test_empty_sequence_input():
    model = _model(
        [helper.make_node("SequenceLength", ["seq"], ["n"])],
        [helper.make_value_info("seq", _seq_type())],
        [helper.make_tensor_value_info("n", TensorProto.INT64, [])])
    _, got = _run(model, {"seq": []}, [])
    assert got[0].item() == 0


def test_sequence_input_without_shape():
    model = _model(
        [helper.make_node("SequenceLength", ["seq"], ["n"])],
        [helper.make_value_info("seq", _seq_type())],
        [helper.make_tensor_value_info("n", TensorProto.INT64, [])])
    with pytest.raises(tvm.error.OpAttributeUnImplemented, match="'seq'.*shape"):
        relay.frontend.from_onnx(model)
    with pytest.raises(ValueError, match="seq"):
        relay.frontend.from_onnx(model, shape={"seq": (2, 3)})


def test_empty_optional_output_is_empty_tuple():
    opt_type = helper.make_optional_type_proto(helper.make_tensor_type_proto(FLOAT, [2]))
    model = _model([helper.make_node("Identity", ["opt"], ["o"])],
                   [helper.make_value_info("opt", opt_type)],
                   [helper.make_value_info("o", opt_type)])
    mod, _ = relay.frontend.from_onnx(model, shape={"opt": None})
    body = mod["main"].body
    assert isinstance(body, relay.Tuple) and len(body.fields) == 0
    _, got = _run(model, {"opt": None}, [])
    assert got == []
