"""ONNX models with shapes known only at run time on the Relay VM, compared with onnxruntime:
operators whose output shapes depend on the data (NonZero, Unique, NonMaxSuppression, imported
into argwhere / unique / vision.all_class_non_max_suppression) and a network exported with a
dynamic batch dimension. The imports' types and spans are checked without the VM."""
import numpy as np
import pytest

import tvm
from tvm import relay

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import tvm.runtime.vm  # noqa: E402  pylint: disable=wrong-import-position


def _model(nodes, inputs, outputs, inits=(), opset=13):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


def _ort(model, feeds):
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def _flatten(value):
    if isinstance(value, tvm.nd.NDArray):
        return [value.numpy()]
    return [x for v in value for x in _flatten(v)]


def _run_vm(model, feeds):
    mod, params = relay.frontend.from_onnx(model)
    exe = relay.vm.compile(mod, target="llvm", params=params)
    vm = tvm.runtime.vm.VirtualMachine(exe, tvm.cpu())
    return _flatten(vm.run(**feeds))


def _compare_vm(model, feeds):
    """Every output of the VM equals onnxruntime's exactly, shape and dtype included."""
    ref = _ort(model, feeds)
    got = _run_vm(model, feeds)
    assert len(got) == len(ref)
    for g, r in zip(got, ref):
        assert g.dtype == r.dtype and g.shape == r.shape, (g.dtype, g.shape, r.dtype, r.shape)
        np.testing.assert_array_equal(g, r)


def _types(model):
    mod, _ = relay.frontend.from_onnx(model)
    mod = relay.transform.InferType()(mod)
    ret = mod["main"].body.checked_type
    fields = ret.fields if isinstance(ret, relay.TupleType) else [ret]
    return mod, [(tuple("?" if isinstance(d, tvm.ir.Any) else int(d) for d in t.shape),
                  t.dtype) for t in fields]


def _calls(mod):
    calls = []
    relay.analysis.post_order_visit(
        mod["main"].body,
        lambda e: calls.append(e) if isinstance(e, relay.Call) and
        isinstance(e.op, tvm.ir.Op) else None)
    return calls


# ---- models ----------------------------------------------------------------------------------
def _non_zero_model(shape, elem):
    return _model([helper.make_node("NonZero", ["x"], ["y"], name="nz")], [_vi("x", shape, elem)],
                  [_vi("y", [len(shape), None], TensorProto.INT64)])


def _unique_model(shape, elem=TensorProto.FLOAT, **attrs):
    outs = ["y", "indices", "inverse_indices", "counts"]
    node = helper.make_node("Unique", ["x"], outs, name="uq", **attrs)
    out_vi = [helper.make_tensor_value_info("y", elem, None)] + \
        [_vi(n, [None], TensorProto.INT64) for n in outs[1:]]
    return _model([node], [_vi("x", shape, elem)], out_vi, opset=11)


def _nms_model(b, c, n, center=0, max_out=None, iou=None, score=None):
    inits, names = [], ["boxes", "scores"]
    for name, value, dtype in [("max_out", max_out, "int64"), ("iou", iou, "float32"),
                               ("score", score, "float32")]:
        if value is None:
            names.append("")
        else:
            inits.append(numpy_helper.from_array(np.array([value], dtype), name))
            names.append(name)
    while names[-1] == "":
        names.pop()
    node = helper.make_node("NonMaxSuppression", names, ["sel"], name="nms",
                            center_point_box=center)
    return _model([node], [_vi("boxes", [b, n, 4]), _vi("scores", [b, c, n])],
                  [_vi("sel", [None, 3], TensorProto.INT64)], inits, opset=11)


# ---- import: types and spans (no VM needed) -------------------------------------------------
def test_non_zero_imports_as_transposed_argwhere():
    """NonZero is Tensor[(rank, ?), int64]; the argwhere call carries the node's name."""
    mod, types = _types(_non_zero_model([3, 4], TensorProto.FLOAT))
    assert types == [((2, "?"), "int64")]
    argwhere = [c for c in _calls(mod) if c.op.name == "argwhere"]
    assert len(argwhere) == 1 and argwhere[0].span.source_name == "nz"


def test_constant_non_zero_folds_at_import():
    """NonZero of an initializer is a constant: static shape, onnxruntime's values, and the
    graph executor runs it."""
    value = np.array([[0, 1, 0], [2, 0, 0]], "float32")
    node = helper.make_node("NonZero", ["c"], ["y"])
    add = helper.make_node("Add", ["y", "z"], ["out"])
    model = _model([node, add], [_vi("z", [2, 2], TensorProto.INT64)],
                   [_vi("out", [2, 2], TensorProto.INT64)],
                   [numpy_helper.from_array(value, "c")])
    z = np.arange(4, dtype="int64").reshape(2, 2)
    mod, params = relay.frontend.from_onnx(model)
    run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm").evaluate()
    np.testing.assert_array_equal(run(z).numpy(), _ort(model, {"z": z})[0])


@pytest.mark.parametrize("attrs,y_shape", [({}, ("?",)), ({"axis": 0}, ("?", 3)),
                                           ({"axis": 1}, (4, "?")), ({"axis": -1}, (4, "?"))])
def test_unique_imports_with_and_without_axis(attrs, y_shape):
    """Unique's Y has `?` along the axis (flattened without one); the indices are int64 and
    the unique call carries the node's name."""
    mod, types = _types(_unique_model([4, 3], **attrs))
    assert types[0] == (y_shape, "float32")
    assert [t[1] for t in types[1:]] == ["int64"] * 3
    assert types[2][0] == ((12,) if not attrs else (4 if attrs["axis"] == 0 else 3,))
    unique = [c for c in _calls(mod) if c.op.name == "unique"]
    assert len(unique) == 1 and unique[0].span.source_name == "uq"


def test_nms_imports_with_defaults():
    """NonMaxSuppression with only boxes and scores: max 0, iou 0, no score threshold (an empty
    operand); the result is Tensor[(?, 3), int64]."""
    mod, types = _types(_nms_model(1, 2, 5, center=1))
    assert types == [(("?", 3), "int64")]
    (nms,) = [c for c in _calls(mod) if c.op.name == "vision.all_class_non_max_suppression"]
    assert nms.span.source_name == "nms" and int(nms.attrs.center_point_box) == 1
    assert [tuple(a.data.shape) for a in nms.args[2:]] == [(), (), (0,)]
    assert int(nms.args[2].data.numpy()) == 0


def test_nms_bad_center_point_box():
    """center_point_box other than 0 / 1 is an invalid attribute naming the node."""
    with pytest.raises(tvm.error.OpAttributeInvalid, match="nms.*center_point_box"):
        relay.frontend.from_onnx(_nms_model(1, 1, 3, center=2))


# ---- run on the VM against onnxruntime --------------------------------------------------------
@pytest.mark.parametrize("shape,elem,dtype", [([3, 4], TensorProto.FLOAT, "float32"),
                                              ([2, 3, 2], TensorProto.BOOL, "bool"),
                                              ([5], TensorProto.INT32, "int32")])
def test_non_zero_matches_onnxruntime(shape, elem, dtype):
    """NonZero on float, bool and int inputs."""
    rng = np.random.default_rng(0)
    x = (rng.integers(0, 3, size=shape) * (rng.random(shape) > 0.5)).astype(dtype)
    _compare_vm(_non_zero_model(shape, elem), {"x": x})


@pytest.mark.parametrize("sorted_", [1, 0])
@pytest.mark.parametrize("axis", [None, 0, 1])
def test_unique_matches_onnxruntime(sorted_, axis):
    """Unique of a 2-D float input, flattened or along an axis, sorted or in order of first
    occurrence."""
    x = np.random.default_rng(1).integers(0, 3, size=(6, 4)).astype("float32")
    x[3] = x[1]
    x[:, 2] = x[:, 0]
    attrs = {"sorted": sorted_} if axis is None else {"sorted": sorted_, "axis": axis}
    _compare_vm(_unique_model([6, 4], **attrs), {"x": x})


def test_unique_of_int64_1d_matches_onnxruntime():
    """Unique of a 1-D int64 input."""
    x = np.array([2, 1, 1, 3, 4, 3], "int64")
    _compare_vm(_unique_model([6], TensorProto.INT64), {"x": x})


def _nms_feeds(rng, b, c, n, center):
    if center:
        boxes = np.concatenate([rng.uniform(0, 4, (b, n, 2)), rng.uniform(0.5, 3, (b, n, 2))], -1)
    else:
        a = rng.uniform(0, 4, (b, n, 2))
        boxes = np.concatenate([a, a + rng.uniform(-3, 3, (b, n, 2))], -1)
    scores = rng.permutation(b * c * n).reshape(b, c, n) / (b * c * n)
    return {"boxes": boxes.astype("float32"), "scores": scores.astype("float32")}


@pytest.mark.parametrize("center", [0, 1])
@pytest.mark.parametrize("max_out,iou,score", [(3, 0.5, 0.2), (10, 0.3, None), (2, None, None),
                                               (None, None, None), (0, 0.5, 0.0)])
def test_nms_matches_onnxruntime(center, max_out, iou, score):
    """NonMaxSuppression with corner and center boxes, two batches and three classes, with and
    without the optional inputs."""
    feeds = _nms_feeds(np.random.default_rng(7 + center), 2, 3, 8, center)
    _compare_vm(_nms_model(2, 3, 8, center, max_out, iou, score), feeds)


def test_dynamic_batch_network_from_torch_matches_onnxruntime():
    """A torch CNN exported with a symbolic batch ("N"): imported with `?` for it, compiled
    once for the VM, run at two batch sizes; the graph executor refuses it by name."""
    torch = pytest.importorskip("torch")
    import io  # pylint: disable=import-outside-toplevel

    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(8 * 8 * 8, 10),
        torch.nn.Softmax(1)).eval()
    buf = io.BytesIO()
    torch.onnx.export(net, torch.randn(1, 3, 16, 16), buf, input_names=["x"],
                      dynamic_axes={"x": {0: "N"}})
    model = onnx.load_from_string(buf.getvalue())
    mod, params = relay.frontend.from_onnx(model)
    assert str(mod["main"].params[0].type_annotation.shape[0]) == "?"
    vm = tvm.runtime.vm.VirtualMachine(relay.vm.compile(mod, "llvm", params=params), tvm.cpu())
    for n in (1, 4):
        x = np.random.default_rng(n).standard_normal((n, 3, 16, 16)).astype("float32")
        ref = _ort(model, {"x": x})[0]
        np.testing.assert_allclose(vm.run(x).numpy(), ref, rtol=1e-4, atol=1e-6)
    with pytest.raises(ValueError, match="relay.vm.compile"):
        relay.build(mod, "llvm", params=params)


def test_shape_arithmetic_on_a_run_time_dimension_is_a_clear_error():
    """A converter that must compute with a dimension known only at run time says so (here
    Flatten at axis 2 multiplies the batch into the rows)."""
    model = _model([helper.make_node("Flatten", ["x"], ["y"], name="flat", axis=2)],
                   [_vi("x", ["N", 3, 4])], [_vi("y", None)])
    with pytest.raises(ValueError, match="Flatten node 'flat'.*static shape is needed"):
        relay.frontend.from_onnx(model)
