"""relay.frontend.from_onnx: graphs built with onnx.helper, imported, compiled and compared
with onnxruntime; shape computations fold at import; bad input is a clear error."""
import numpy as np
import pytest

import tvm
from tvm import relay

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402


def _model(nodes, inputs, outputs, inits=(), opset=13):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


def _compare(model, feeds, rtol=1e-5, atol=1e-6):
    """Our graph-executor outputs equal onnxruntime's."""
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    ref = sess.run(None, feeds)
    mod, params = relay.frontend.from_onnx(model)
    run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm").evaluate()
    got = run(**feeds)
    got = got if isinstance(got, tuple) else (got,)
    for g, r in zip(got, ref):
        np.testing.assert_allclose(g.numpy(), r, rtol=rtol, atol=atol)
        assert g.numpy().dtype == r.dtype, (g.numpy().dtype, r.dtype)


def test_elementwise_and_reductions_match_onnxruntime():
    """A graph of elementwise ops, reductions, argmax, clip and where matches onnxruntime."""
    nodes = [
        helper.make_node("Add", ["x", "y"], ["a"]),
        helper.make_node("Mul", ["a", "x"], ["m"]),
        helper.make_node("Relu", ["m"], ["r"]),
        helper.make_node("Sigmoid", ["a"], ["s"]),
        helper.make_node("Erf", ["s"], ["e"]),
        helper.make_node("ReduceMean", ["e"], ["rm"], axes=[1], keepdims=1),
        helper.make_node("ReduceSum", ["r", "ax"], ["rs"], keepdims=0),
        helper.make_node("ArgMax", ["m"], ["am"], axis=1, keepdims=0),
        helper.make_node("Clip", ["m", "lo", "hi"], ["c"]),
        helper.make_node("Greater", ["x", "y"], ["g"]),
        helper.make_node("Where", ["g", "x", "y"], ["w"]),
        helper.make_node("Div", ["w", "d"], ["q"]),
    ]
    inits = [numpy_helper.from_array(np.array([0], "int64"), "ax"),
             numpy_helper.from_array(np.array(-0.5, "float32"), "lo"),
             numpy_helper.from_array(np.array(0.5, "float32"), "hi"),
             numpy_helper.from_array(np.array(2.0, "float32"), "d")]
    outs = [_vi("rm", [3, 1]), _vi("rs", [4]), _vi("am", [3], TensorProto.INT64),
            _vi("c", [3, 4]), _vi("q", [3, 4])]
    model = _model(nodes, [_vi("x", [3, 4]), _vi("y", [3, 4])], outs, inits)
    feeds = {"x": np.random.randn(3, 4).astype("float32"),
             "y": np.random.randn(3, 4).astype("float32")}
    _compare(model, feeds)


def test_shape_ops_fold_and_layout_ops_match():
    """Shape -> Gather -> Concat -> Reshape folds to a constant shape; Transpose, Slice,
    Split, Unsqueeze/Squeeze, Concat, Expand, Tile and Flatten match onnxruntime."""
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "zero"], ["n"], axis=0),
        helper.make_node("Concat", ["n", "m1"], ["shp"], axis=0),
        helper.make_node("Reshape", ["x", "shp"], ["flat"]),
        helper.make_node("Transpose", ["x"], ["t"], perm=[1, 0, 2]),
        helper.make_node("Slice", ["t", "st", "en", "axs", "stp"], ["sl"]),
        helper.make_node("Split", ["x"], ["p0", "p1"], axis=2),
        helper.make_node("Unsqueeze", ["p0", "uax"], ["u"]),
        helper.make_node("Squeeze", ["u", "uax"], ["sq"]),
        helper.make_node("Concat", ["sq", "p1"], ["cat"], axis=-1),
        helper.make_node("Expand", ["b", "eshape"], ["ex"]),
        helper.make_node("Tile", ["b", "reps"], ["ti"]),
        helper.make_node("Flatten", ["x"], ["fl"], axis=2),
    ]
    inits = [numpy_helper.from_array(np.array([0], "int64"), "zero"),
             numpy_helper.from_array(np.array([-1], "int64"), "m1"),
             numpy_helper.from_array(np.array([0, 1], "int64"), "st"),
             numpy_helper.from_array(np.array([2, 100], "int64"), "en"),
             numpy_helper.from_array(np.array([0, 2], "int64"), "axs"),
             numpy_helper.from_array(np.array([1, 2], "int64"), "stp"),
             numpy_helper.from_array(np.array([0], "int64"), "uax"),
             numpy_helper.from_array(np.array([2, 3, 4], "int64"), "eshape"),
             numpy_helper.from_array(np.array([2, 1], "int64"), "reps")]
    outs = [_vi("flat", [2, 24]), _vi("sl", [2, 2, 3]), _vi("cat", [2, 3, 4]),
            _vi("ex", [2, 3, 4]), _vi("ti", [6, 4]), _vi("fl", [6, 4])]
    model = _model(nodes, [_vi("x", [2, 3, 4]), _vi("b", [3, 4])], outs, inits)
    mod, _ = relay.frontend.from_onnx(model)
    assert "shape_of" not in str(mod) and "reshape(%x, newshape=[2, -1])" in str(mod)
    _compare(model, {"x": np.random.randn(2, 3, 4).astype("float32"),
                     "b": np.random.randn(3, 4).astype("float32")})


def test_opset_differences_are_handled():
    """Unsqueeze/ReduceSum with attribute axes (opset 11) and input axes (opset 13)."""
    for opset in (11, 13):
        if opset == 11:
            nodes = [helper.make_node("Unsqueeze", ["x"], ["u"], axes=[0]),
                     helper.make_node("ReduceSum", ["u"], ["y"], axes=[2], keepdims=1)]
            inits = []
        else:
            nodes = [helper.make_node("Unsqueeze", ["x", "a0"], ["u"]),
                     helper.make_node("ReduceSum", ["u", "a2"], ["y"], keepdims=1)]
            inits = [numpy_helper.from_array(np.array([0], "int64"), "a0"),
                     numpy_helper.from_array(np.array([2], "int64"), "a2")]
        model = _model(nodes, [_vi("x", [3, 5])], [_vi("y", [1, 3, 1])], inits, opset=opset)
        _compare(model, {"x": np.random.randn(3, 5).astype("float32")})


def test_unsupported_operators_are_listed_together():
    """Every unsupported op type of the model is named in one OpNotImplemented."""
    nodes = [helper.make_node("Momentum", ["x"], ["a"], domain="ai.onnx.preview.training"),
             helper.make_node("Adagrad", ["x"], ["b"])]
    model = _model(nodes, [_vi("x", [2, 2])], [_vi("a", [2, 2]), _vi("b", [2, 2])])
    with pytest.raises(tvm.error.OpNotImplemented, match="Adagrad, ai.onnx.preview.training.Momentum"):
        relay.frontend.from_onnx(model)


def test_unsupported_attribute_value_names_node_and_attribute():
    """An attribute value we do not handle (a Cast to complex numbers) is
    OpAttributeUnImplemented naming node and attribute."""
    nodes = [helper.make_node("Cast", ["x"], ["y"], to=TensorProto.COMPLEX64, name="cast7")]
    model = _model(nodes, [_vi("x", [2, 2])], [_vi("y", [2, 2])])
    with pytest.raises(tvm.error.OpAttributeUnImplemented, match="cast7.*to=14"):
        relay.frontend.from_onnx(model)


@pytest.mark.parametrize("data", [b"", b"\x08\x07garbage that is not protobuf\xff\xff\xff",
                                  b"not an onnx file at all"])
def test_malformed_model_bytes_are_clear_errors(data):
    """Truncated or foreign bytes raise ValueError, never crash."""
    with pytest.raises(ValueError, match="cannot read an ONNX model|has no graph"):
        relay.frontend.from_onnx(data)


def test_truncated_model_file(tmp_path):
    """A .onnx file cut in half is a ValueError naming the file."""
    nodes = [helper.make_node("Relu", ["x"], ["y"])]
    w = numpy_helper.from_array(np.random.randn(64, 64).astype("float32"), "w")
    model = _model(nodes + [helper.make_node("Add", ["y", "w"], ["z"])], [_vi("x", [64, 64])],
                   [_vi("z", [64, 64])], [w])
    data = model.SerializeToString()
    path = tmp_path / "cut.onnx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="cut.onnx"):
        relay.frontend.from_onnx(str(path))


def test_wrong_argument_type():
    """Passing something that is not a model is a TypeError."""
    with pytest.raises(TypeError, match="ModelProto"):
        relay.frontend.from_onnx(42)


def test_type_error_names_the_onnx_node():
    """A shape mismatch found when compiling an imported model names the ONNX node."""
    nodes = [helper.make_node("Add", ["a", "b"], ["c"], name="bad_add")]
    model = _model(nodes, [_vi("a", [2, 3]), _vi("b", [4, 5])], [_vi("c", [2, 3])])
    mod, _ = relay.frontend.from_onnx(model)
    with pytest.raises(tvm.error.DiagnosticError, match=r"\(from bad_add\)"):
        relay.transform.InferType()(mod)


def test_freeze_params_false_returns_initializers_as_params():
    """With freeze_params=False initializers are parameters of main and returned in params."""
    nodes = [helper.make_node("Add", ["x", "w"], ["y"])]
    w = np.random.randn(3).astype("float32")
    model = _model(nodes, [_vi("x", [3])], [_vi("y", [3])], [numpy_helper.from_array(w, "w")])
    mod, params = relay.frontend.from_onnx(model, freeze_params=False)
    assert [p.name_hint for p in mod["main"].params] == ["x", "w"]
    np.testing.assert_array_equal(params["w"].numpy(), w)
    x = np.random.randn(3).astype("float32")
    run = relay.create_executor("debug", mod=mod, device=tvm.cpu(), target="llvm").evaluate()
    np.testing.assert_allclose(run(x, params["w"]).numpy(), x + w, rtol=1e-6)


def test_cnn_block_matches_onnxruntime():
    """Conv (pads, strides, groups) + BatchNormalization + Relu + MaxPool + GlobalAveragePool +
    Flatten + Gemm + Softmax equals onnxruntime."""
    rng = np.random.RandomState(0)
    inits = [numpy_helper.from_array(rng.randn(8, 2, 3, 3).astype("float32"), "w"),
             numpy_helper.from_array(rng.randn(8).astype("float32"), "b")]
    for n in ("scale", "bias", "mean"):
        inits.append(numpy_helper.from_array(rng.randn(8).astype("float32"), n))
    inits.append(numpy_helper.from_array(rng.rand(8).astype("float32") + 0.5, "var"))
    inits.append(numpy_helper.from_array(rng.randn(10, 8).astype("float32"), "fc"))
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 0, 1, 2], strides=[2, 1],
                         group=2, name="conv"),
        helper.make_node("BatchNormalization", ["c", "scale", "bias", "mean", "var"], ["bn"]),
        helper.make_node("Relu", ["bn"], ["r"]),
        helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2],
                         ceil_mode=1),
        helper.make_node("GlobalAveragePool", ["p"], ["g"]),
        helper.make_node("Flatten", ["g"], ["f"]),
        helper.make_node("Gemm", ["f", "fc"], ["y0"], transB=1, alpha=0.5),
        helper.make_node("Softmax", ["y0"], ["y"], axis=1),
    ]
    model = _model(nodes, [_vi("x", [2, 4, 9, 7])], [_vi("y", [2, 10])], inits)
    _compare(model, {"x": rng.randn(2, 4, 9, 7).astype("float32")}, rtol=1e-4, atol=1e-6)


def test_conv1d_conv3d_depth_to_space_scatter_gathernd_resize():
    """Conv over 1 and 3 spatial axes, DepthToSpace, ScatterElements, GatherND and Resize
    (nearest and linear) equal onnxruntime."""
    rng = np.random.RandomState(1)
    inits = [numpy_helper.from_array(rng.randn(3, 2, 3).astype("float32"), "w1"),
             numpy_helper.from_array(rng.randn(2, 2, 2, 2, 2).astype("float32"), "w3"),
             numpy_helper.from_array(np.array([[1, 0], [2, 2]], "int64"), "si"),
             numpy_helper.from_array(np.array([[0, 1], [1, 0]], "int64"), "gi"),
             numpy_helper.from_array(np.array([], "float32"), "roi"),
             numpy_helper.from_array(np.array([1, 1, 2, 1.5], "float32"), "scales")]
    nodes = [
        helper.make_node("Conv", ["a", "w1"], ["c1"], pads=[1, 1], strides=[2]),
        helper.make_node("Conv", ["v", "w3"], ["c3"], pads=[0, 1, 0, 0, 1, 0]),
        helper.make_node("DepthToSpace", ["d"], ["ds"], blocksize=2, mode="DCR"),
        helper.make_node("ScatterElements", ["s", "si", "su"], ["sc"], axis=1),
        helper.make_node("GatherND", ["s", "gi"], ["gn"]),
        helper.make_node("Resize", ["d", "roi", "scales"], ["rn"], mode="nearest"),
        helper.make_node("Resize", ["d", "roi", "scales"], ["rl"], mode="linear"),
    ]
    model = _model(nodes, [_vi("a", [1, 2, 9]), _vi("v", [1, 2, 3, 4, 5]), _vi("d", [1, 8, 2, 2]),
                           _vi("s", [2, 3]), _vi("su", [2, 2])],
                   [_vi("c1", None), _vi("c3", None), _vi("ds", None), _vi("sc", None),
                    _vi("gn", None), _vi("rn", None), _vi("rl", None)], inits)
    feeds = {"a": rng.randn(1, 2, 9).astype("float32"), "v": rng.randn(1, 2, 3, 4, 5)
             .astype("float32"), "d": rng.randn(1, 8, 2, 2).astype("float32"),
             "s": rng.randn(2, 3).astype("float32"), "su": rng.randn(2, 2).astype("float32")}
    _compare(model, feeds, rtol=1e-4, atol=1e-5)


def test_topk_matches_onnxruntime():
    """TopK (largest, along the last axis) gives onnxruntime's values and int64 indices."""
    nodes = [helper.make_node("TopK", ["x", "k"], ["v", "i"], axis=-1)]
    inits = [numpy_helper.from_array(np.array([3], "int64"), "k")]
    model = _model(nodes, [_vi("x", [4, 9])], [_vi("v", [4, 3]), _vi("i", [4, 3], TensorProto.INT64)],
                   inits)
    _compare(model, {"x": np.random.permutation(36).reshape(4, 9).astype("float32")})
