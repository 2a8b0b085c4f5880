"""The ONNX backend test data (node, pytorch-converted, pytorch-operator, simple) through
from_onnx + relay.build, one pytest case per test directory (tests/onnx/conformance.py does the
work and prints the summary).

Every output of every data set is compared with the stored reference outputs. A test the
importer reports as unsupported (OpNotImplemented / OpAttributeUnImplemented) is skipped with
that message; the known failures below are strict xfails, each with its reason; all others must
pass, where the random operators' tests (conformance.NONDETERMINISTIC) pass by their value-domain
checks (status "nondeterministic").
"""
import os
import sys

import numpy as np
import pytest

import tvm
from tvm import relay

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "onnx"))
import conformance  # noqa: E402  pylint: disable=wrong-import-position

# name -> why we do not match the stored outputs.
_BF16_TRUNC = ("the test data truncates float32 -> bfloat16; we round to nearest even (as torch "
               "and the ONNX Cast spec do)")
_QMM_WRAP = ("the test data wraps out-of-range results around int8 (the reference casts without "
             "saturating); the ONNX spec and we saturate")
KNOWN_FAILURES = {
    "node/test_cast_FLOAT_to_BFLOAT16": _BF16_TRUNC,
    "node/test_castlike_FLOAT_to_BFLOAT16": _BF16_TRUNC,
    "node/test_castlike_FLOAT_to_BFLOAT16_expanded": _BF16_TRUNC,
    "node/test_qlinearmatmul_2D_int8_float16": _QMM_WRAP,
    "node/test_qlinearmatmul_2D_int8_float32": _QMM_WRAP,
    "node/test_qlinearmatmul_3D_int8_float16": _QMM_WRAP,
    "node/test_qlinearmatmul_3D_int8_float32": _QMM_WRAP,
}


def _params():
    out = []
    for name, path in conformance.case_dirs():
        marks = []
        if name in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[name]))
        out.append(pytest.param(path, id=name, marks=marks))
    return out


@pytest.mark.parametrize("case_dir", _params())
def test_backend_case(case_dir):
    status, detail, _ = conformance.run_case(case_dir)
    if status == "unsupported":
        pytest.skip(detail)
    assert status in ("pass", "nondeterministic"), detail


def test_known_failures_exist():
    """Every listed known failure and nondeterministic test names a test directory that
    exists."""
    names = {name for name, _ in conformance.case_dirs()}
    assert set(KNOWN_FAILURES) <= names, sorted(set(KNOWN_FAILURES) - names)
    assert set(conformance.NONDETERMINISTIC) <= names, \
        sorted(set(conformance.NONDETERMINISTIC) - names)


def test_value_domain_checks_reject_wrong_values():
    """The nondeterministic tests' checks fail outputs outside the value domain: a Bernoulli
    value of 0.5, a dropout value that is neither 0 nor x / (1 - ratio), a mask that disagrees
    with the output, a wrong dtype."""
    nd = tvm.nd.array
    x = np.array([1.0, -2.0, 3.0, 4.0], "float32")
    ratio = np.array(0.75, "float32")
    y = np.array([4.0, 0.0, 12.0, 0.0], "float32")
    mask = np.array([True, False, True, False])
    check = conformance._check_training_dropout
    assert check([x, ratio], [nd(y), nd(mask)], [y, mask]) is None
    assert "output 0" in check([x, ratio], [nd(y + 1), nd(mask)], [y, mask])
    assert "output 1" in check([x, ratio], [nd(y), nd(~mask)], [y, mask])
    b = np.array([0.0, 1.0, 1.0], "float32")
    assert conformance._check_bernoulli([b], [nd(b)], [b]) is None
    assert conformance._check_bernoulli([b], [nd(b * 0.5)], [b]) is not None
    assert "float64" in conformance._check_domain(conformance._check_bernoulli, [b],
                                                  [nd(b.astype("float64"))], [b])


# ---- the importer's errors for what it cannot compile ------------------------------------------
def _model(nodes, inputs, outputs, inits=(), opset=18):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


@pytest.mark.parametrize("op,extra_inputs,operand", [
    ("Reshape", [("shape", [2], TensorProto.INT64)], "shape"),
    ("Expand", [("shape", [2], TensorProto.INT64)], "shape"),
    ("Tile", [("repeats", [2], TensorProto.INT64)], "repeats"),
    ("Unsqueeze", [("axes", [1], TensorProto.INT64)], "axes"),
    ("ReduceSum", [("axes", [1], TensorProto.INT64)], "axes"),
    ("CumSum", [("axis", [], TensorProto.INT64)], "axis"),
])
def test_shape_operand_from_graph_input_is_unimplemented(op, extra_inputs, operand):
    """A shape operand fed by a graph input is OpAttributeUnImplemented naming node and operand
    (no crash), and it is listed in CONSTANT_OPERANDS for the harness's specialization."""
    ins = ["x"] + [n for n, _, _ in extra_inputs]
    model = _model([helper.make_node(op, ins, ["y"], name="the_node")],
                   [_vi("x", [2, 3])] + [_vi(n, s, t) for n, s, t in extra_inputs],
                   [_vi("y", None)])
    with pytest.raises(tvm.error.OpAttributeUnImplemented,
                       match=rf"{op} node 'the_node'.*{operand}"):
        relay.frontend.from_onnx(model)
    assert 1 in relay.frontend.onnx.CONSTANT_OPERANDS[op]


def test_specialized_shape_operand_matches_numpy():
    """The same Reshape with its shape input turned into an initializer (the harness's
    shape-operand specialization) computes numpy's reshape."""
    model = _model([helper.make_node("Reshape", ["x", "shape"], ["y"])],
                   [_vi("x", [2, 3]), _vi("shape", [2], TensorProto.INT64)], [_vi("y", None)])
    assert conformance.shape_operand_inputs(model) == {"shape"}
    spec = conformance._specialized(model, {"shape": np.array([3, -1], "int64")})
    mod, params = relay.frontend.from_onnx(spec, shape={"x": (2, 3)})
    run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                params=params).evaluate()
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_array_equal(run(x).numpy(), x.reshape(3, -1))


def test_specialization_follows_computed_operands():
    """A graph input reaching a shape operand through other nodes is specialized too; one
    feeding data only is not, and Shape cuts the chain (it reads only the shape)."""
    nodes = [helper.make_node("Neg", ["n"], ["m"]),
             helper.make_node("Shape", ["x"], ["s"]),
             helper.make_node("Concat", ["s", "m"], ["shape"], axis=0),
             helper.make_node("Reshape", ["x", "shape"], ["y"]),
             helper.make_node("Add", ["y", "z"], ["out"])]
    model = _model(nodes, [_vi("x", [2, 3]), _vi("n", [1], TensorProto.INT64),
                           _vi("z", [1])], [_vi("out", None)])
    assert conformance.shape_operand_inputs(model) == {"n"}


def test_if_needs_a_constant_condition():
    then_g = helper.make_graph([helper.make_node("Identity", ["x"], ["t"])], "t", [],
                               [_vi("t", [2])])
    else_g = helper.make_graph([helper.make_node("Neg", ["x"], ["e"])], "e", [], [_vi("e", [2])])
    node = helper.make_node("If", ["c"], ["y"], name="branch", then_branch=then_g,
                            else_branch=else_g)
    model = _model([node], [_vi("c", [], TensorProto.BOOL), _vi("x", [2])], [_vi("y", [2])])
    with pytest.raises(tvm.error.OpAttributeUnImplemented, match="If node 'branch'.*cond"):
        relay.frontend.from_onnx(model)
    spec = conformance._specialized(model, {"c": np.array(False)})
    mod, params = relay.frontend.from_onnx(spec)
    run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                params=params).evaluate()
    x = np.array([1.5, -2.0], "float32")
    np.testing.assert_array_equal(run(x).numpy(), -x)


def test_complex_tensors_are_not_implemented():
    model = _model([helper.make_node("Identity", ["x"], ["y"])],
                   [_vi("x", [2], TensorProto.COMPLEX64)], [_vi("y", [2], TensorProto.COMPLEX64)])
    with pytest.raises(tvm.error.OpNotImplemented, match="'x' has element type COMPLEX64"):
        relay.frontend.from_onnx(model)


@pytest.mark.parametrize("elem", [TensorProto.FLOAT8E4M3FN, TensorProto.INT4])
def test_arithmetic_on_narrow_types_is_unimplemented(elem):
    """float8 / 4-bit tensors (held as float32 values on their grid) only go through casts,
    (de)quantization and data movement: arithmetic on them would skip the rounding."""
    model = _model([helper.make_node("Add", ["x", "x"], ["y"], name="add8")],
                   [_vi("x", [2], elem)], [_vi("y", [2], elem)], opset=21)
    with pytest.raises(tvm.error.OpAttributeUnImplemented, match="Add node 'add8'.*float8"):
        relay.frontend.from_onnx(model)


def test_sequence_input_needs_its_shapes():
    seq = helper.make_tensor_sequence_value_info("s", TensorProto.FLOAT, [2])
    out = helper.make_tensor_sequence_value_info("t", TensorProto.FLOAT, [2])
    model = _model([helper.make_node("Identity", ["s"], ["t"])], [seq], [out])
    with pytest.raises(tvm.error.OpAttributeUnImplemented, match="'s' is a sequence.*shape"):
        relay.frontend.from_onnx(model)
    mod, _ = relay.frontend.from_onnx(model, shape={"s": [(2,), (2,)]})
    assert [p.name_hint for p in mod["main"].params] == ["s_0", "s_1"]


def test_map_inputs_are_not_implemented():
    map_type = helper.make_map_type_proto(TensorProto.INT64,
                                          helper.make_tensor_type_proto(TensorProto.FLOAT, [2]))
    model = _model([helper.make_node("Identity", ["m"], ["t"])],
                   [helper.make_value_info("m", map_type)], [_vi("t", [2])])
    with pytest.raises(tvm.error.OpNotImplemented, match="map_type"):
        relay.frontend.from_onnx(model)


def test_run_time_sequence_lens_with_reverse_direction_is_unimplemented():
    hidden, inp = 3, 2
    w = helper.make_tensor("W", TensorProto.FLOAT, [1, hidden, inp], [0.1] * hidden * inp)
    r = helper.make_tensor("R", TensorProto.FLOAT, [1, hidden, hidden], [0.1] * hidden * hidden)
    node = helper.make_node("RNN", ["x", "W", "R", "", "lens"], ["y"], name="rnn",
                            hidden_size=hidden, direction="reverse")
    model = _model([node], [_vi("x", [4, 1, inp]), _vi("lens", [1], TensorProto.INT32)],
                   [_vi("y", None)], [w, r])
    with pytest.raises(tvm.error.OpAttributeUnImplemented, match="RNN node 'rnn'.*sequence_lens"):
        relay.frontend.from_onnx(model)


def test_forward_sequence_lens_match_onnxruntime():
    """Sequences shorter than the input keep their state and output zeros past their length
    (a path the backend data does not cover): compared with onnxruntime."""
    ort = pytest.importorskip("onnxruntime")
    hidden, inp, seq, batch = 3, 2, 4, 2
    rng = np.random.default_rng(0)
    w = rng.standard_normal((1, 4 * hidden, inp)).astype("float32")
    r = rng.standard_normal((1, 4 * hidden, hidden)).astype("float32")
    inits = [helper.make_tensor("W", TensorProto.FLOAT, w.shape, w.ravel()),
             helper.make_tensor("R", TensorProto.FLOAT, r.shape, r.ravel())]
    node = helper.make_node("LSTM", ["x", "W", "R", "", "lens"], ["y", "y_h", "y_c"],
                            hidden_size=hidden)
    model = _model([node], [_vi("x", [seq, batch, inp]), _vi("lens", [batch], TensorProto.INT32)],
                   [_vi("y", None), _vi("y_h", None), _vi("y_c", None)], inits, opset=14)
    x = rng.standard_normal((seq, batch, inp)).astype("float32")
    lens = np.array([2, 4], "int32")
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    ref = sess.run(None, {"x": x, "lens": lens})
    mod, params = relay.frontend.from_onnx(model)
    run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                params=params).evaluate()
    got = run(x, lens)
    for g, e in zip(got, ref):
        np.testing.assert_allclose(g.numpy(), e, rtol=1e-5, atol=1e-5)


def test_loop_needs_a_constant_trip_count():
    body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"]),
         helper.make_node("Add", ["v_in", "one"], ["v_out"])], "body",
        [_vi("i", [], TensorProto.INT64), _vi("cond_in", [], TensorProto.BOOL), _vi("v_in", [1])],
        [_vi("cond_out", [], TensorProto.BOOL), _vi("v_out", [1])],
        [helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0])])
    node = helper.make_node("Loop", ["m", "c", "v0"], ["v"], name="loop", body=body)
    model = _model([node], [_vi("m", [], TensorProto.INT64), _vi("c", [], TensorProto.BOOL),
                            _vi("v0", [1])], [_vi("v", [1])])
    with pytest.raises(tvm.error.OpAttributeUnImplemented, match="Loop node 'loop'"):
        relay.frontend.from_onnx(model)
    spec = conformance._specialized(model, {"m": np.array(3, "int64"), "c": np.array(True)})
    mod, params = relay.frontend.from_onnx(spec)
    run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                params=params).evaluate()
    np.testing.assert_array_equal(run(np.array([0.5], "float32")).numpy(), [3.5])


@pytest.mark.parametrize("p", [1, 2])
def test_lp_normalization_matches_onnxruntime(p):
    """LpNormalization (no backend test data exercises it) against onnxruntime."""
    ort = pytest.importorskip("onnxruntime")
    model = _model([helper.make_node("LpNormalization", ["x"], ["y"], axis=1, p=p)],
                   [_vi("x", [2, 3, 4])], [_vi("y", [2, 3, 4])], opset=13)
    x = np.random.default_rng(p).standard_normal((2, 3, 4)).astype("float32")
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    mod, params = relay.frontend.from_onnx(model)
    run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                params=params).evaluate()
    np.testing.assert_allclose(run(x).numpy(), sess.run(None, {"x": x})[0], rtol=1e-5, atol=1e-6)


def test_max_roi_pool_matches_onnxruntime():
    """MaxRoiPool (no backend test data exercises it) against onnxruntime: regions in two
    batch elements, fractional coordinates, a region partly outside the map."""
    ort = pytest.importorskip("onnxruntime")
    node = helper.make_node("MaxRoiPool", ["x", "rois"], ["y"], pooled_shape=[2, 3],
                            spatial_scale=0.5)
    model = _model([node], [_vi("x", [2, 3, 8, 10]), _vi("rois", [3, 5])],
                   [_vi("y", [3, 3, 2, 3])], opset=13)
    x = np.random.default_rng(3).standard_normal((2, 3, 8, 10)).astype("float32")
    rois = np.array([[0, 1.0, 2.0, 13.0, 11.0], [1, 0.0, 0.0, 19.0, 15.0],
                     [1, 12.6, 3.2, 24.0, 18.0]], "float32")
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    mod, params = relay.frontend.from_onnx(model)
    run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                params=params).evaluate()
    np.testing.assert_allclose(run(x, rois).numpy(), sess.run(None, {"x": x, "rois": rois})[0],
                               rtol=1e-6, atol=1e-6)
