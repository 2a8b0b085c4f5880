"""Ops whose output shapes depend on input values (argwhere, unique,
vision.all_class_non_max_suppression): their types (`?` rows and an int64 count), the
TTruncatedOutputs convention the VM relies on, their typed errors, and their CPU strategies."""
import numpy as np
import pytest

import tvm
from tvm import relay
from tvm.relay.backend.te_compiler import lower_primitive


def infer(expr):
    mod = relay.transform.InferType()(tvm.IRModule.from_expr(expr))
    return mod["main"].body.checked_type


def dims(ty):
    return tuple("?" if isinstance(d, tvm.ir.Any) else int(d.value) for d in ty.shape)


def var(shape, dtype="float32", name="x"):
    return relay.var(name, shape=shape, dtype=dtype)


COUNT = ((1,), "int64")


def shape_dtype(ty):
    return dims(ty), ty.dtype


# ---- types -----------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), ()])
def test_argwhere_type(shape):
    """relay.argwhere is field 0 of the op: Tensor[(?, ndim), int64]; the op's second field is
    the count Tensor[(1,), int64]."""
    x = var(shape, "bool")
    assert shape_dtype(infer(relay.argwhere(x))) == (("?", len(shape)), "int64")
    call = relay.argwhere(x).tuple_value
    fields = infer(call).fields
    assert [shape_dtype(f) for f in fields] == [(("?", len(shape)), "int64"), COUNT]


@pytest.mark.parametrize("shape,dtype", [((7,), "int32"), ((5, 3), "float32"), ((6,), "bool")])
def test_unique_type(shape, dtype):
    """unique returns [output (?, ...), indices (?), inverse_indices (N), num_unique (1,)]
    (+ counts (?)); indices and counts are int64."""
    outs = relay.unique(var(shape, dtype), return_counts=True)
    types = [infer(o) for o in outs]
    assert shape_dtype(types[0]) == (("?",) + shape[1:], dtype)
    assert shape_dtype(types[1]) == (("?",), "int64")
    assert shape_dtype(types[2]) == ((shape[0],), "int64")
    assert shape_dtype(types[3]) == COUNT
    assert shape_dtype(types[4]) == (("?",), "int64")
    assert len(relay.unique(var(shape, dtype))) == 4


def test_unique_symbolic_length():
    """A `?` input length stays `?` in inverse_indices."""
    outs = relay.unique(var((relay.Any(),), "int64"))
    assert dims(infer(outs[2])) == ("?",)


@pytest.mark.parametrize("score_threshold", [0.2, None])
def test_nms_type(score_threshold):
    """all_class_non_max_suppression: (selected_indices Tensor[(?, 3), int64], count)."""
    out = relay.vision.all_class_non_max_suppression(
        var((2, 10, 4), name="boxes"), var((2, 3, 10), name="scores"), 5, 0.5, score_threshold)
    fields = infer(out.astuple()).fields
    assert [shape_dtype(f) for f in fields] == [(("?", 3), "int64"), COUNT]


def test_nms_tensor_operands():
    """The scalar operands may be variables: scalars or one-element vectors."""
    out = relay.vision.all_class_non_max_suppression(
        var((1, 4, 4), name="boxes"), var((1, 2, 4), name="scores"),
        var((1,), "int64", "max_out"), var((), "float32", "iou"),
        var((1,), "float32", "score_thr"), center_point_box=1)
    assert dims(infer(out[0])) == ("?", 3)


def test_convention_attributes():
    """Each op is opaque and names the outputs the VM cuts to the count."""
    expected = {"argwhere": [0], "unique": [0, 1, 3], "vision.all_class_non_max_suppression": [0]}
    for name, truncated in expected.items():
        op = relay.op.get(name)
        assert [int(i) for i in op.get_attr("TTruncatedOutputs")] == truncated
        assert op.get_attr("TOpPattern") == relay.op.OpPattern.OPAQUE


# ---- errors ----------------------------------------------------------------------------------
def test_unique_rejects_3d():
    """unique on a 3-D tensor is a type error naming the argument and the rank rule."""
    with pytest.raises(tvm.error.DiagnosticError, match="unique:.*1-D .*or 2-D"):
        infer(relay.Tuple(relay.unique(var((2, 2, 2)))))


def test_unique_rejects_float16():
    """float16 data has no unique kernel: a type error."""
    with pytest.raises(tvm.error.DiagnosticError, match="unique:.*float32 or float64"):
        infer(relay.Tuple(relay.unique(var((4,), "float16"))))


@pytest.mark.parametrize("boxes,scores,match", [
    ((2, 10), (2, 3, 10), "boxes.*must be \\[batch, boxes, 4\\]"),
    ((2, 10, 5), (2, 3, 10), "boxes.*must be \\[batch, boxes, 4\\]"),
    ((2, 10, 4), (2, 10), "scores.*must be \\[batch, classes, boxes\\]"),
    ((2, 10, 4), (3, 3, 10), "disagree"),
    ((2, 10, 4), (2, 3, 9), "disagree"),
])
def test_nms_shape_errors(boxes, scores, match):
    """Wrong ranks or disagreeing batch / box counts are type errors naming the argument."""
    out = relay.vision.all_class_non_max_suppression(var(boxes, name="boxes"),
                                                     var(scores, name="scores"), 1, 0.5, 0.0)
    with pytest.raises(tvm.error.DiagnosticError, match=match):
        infer(out.astuple())


@pytest.mark.parametrize("max_out,iou,score,match", [
    (relay.const(3.0), 0.5, 0.1, "max_output_boxes_per_class.*int32 or int64"),
    (relay.const(np.array([1, 2], "int64")), 0.5, 0.1, "max_output_boxes_per_class"),
    (3, relay.const(1, "int64"), 0.1, "iou_threshold.*float"),
    (3, 0.5, relay.const(np.zeros((2,), "float32")), "score_threshold"),
])
def test_nms_operand_errors(max_out, iou, score, match):
    """The count scalar must be an integer, the thresholds floats, all of one element."""
    out = relay.vision.all_class_non_max_suppression(
        var((1, 4, 4), name="boxes"), var((1, 2, 4), name="scores"), max_out, iou, score)
    with pytest.raises(tvm.error.DiagnosticError, match=match):
        infer(out.astuple())


def test_nms_attribute_errors():
    """center_point_box is 0 or 1 and output_format "onnx"."""
    args = [var((1, 4, 4), name="boxes"), var((1, 2, 4), name="scores"), 1, 0.5, 0.0]
    with pytest.raises(tvm.error.DiagnosticError, match="center_point_box"):
        infer(relay.vision.all_class_non_max_suppression(*args, center_point_box=2).astuple())
    with pytest.raises(tvm.error.DiagnosticError, match="output_format"):
        infer(relay.vision.all_class_non_max_suppression(
            *args, output_format="tensorflow").astuple())


# ---- passes and strategies ---------------------------------------------------------------------
def test_fold_constant_leaves_them_alone():
    """FoldConstant cannot evaluate `?`-shaped results, so a constant argwhere stays a call."""
    expr = relay.argwhere(relay.const(np.array([0, 1, 1], "float32")))
    mod = tvm.IRModule.from_expr(expr)
    mod = relay.transform.FoldConstant()(relay.transform.InferType()(mod))
    assert isinstance(mod["main"].body, relay.TupleGetItem)
    assert isinstance(mod["main"].body.tuple_value, relay.Call)


def primitive(call_fn, arrays):
    """A primitive function calling the op on parameters shaped like `arrays`."""
    params = [var(a.shape, str(a.dtype), f"p{i}") for i, a in enumerate(arrays)]
    func = relay.Function(params, call_fn(*params)).with_attr("Primitive", 1)
    return relay.transform.InferType()(tvm.IRModule.from_expr(func))["main"]


def run_lowered(call_fn, arrays):
    """The op lowered for llvm by its strategy (the TE compiler's path), built and run on
    `arrays`; the outputs (upper-bound buffers, count last) as numpy."""
    cached = lower_primitive(primitive(call_fn, arrays), "llvm", "dyn_op")
    lib = tvm.build(cached.funcs, target="llvm")
    outs = [tvm.nd.empty([int(d) for d in o.shape], o.dtype) for o in cached.outputs]
    lib[str(cached.func_name)](*[tvm.nd.array(a) for a in arrays], *outs)
    return [o.numpy() for o in outs]


def test_argwhere_strategy_runs_on_llvm():
    """The registered llvm implementation computes argwhere's rows and count."""
    data = np.array([[0, 2], [3, 0], [0, 0]], "int32")
    indices, count = run_lowered(lambda x: relay.argwhere(x).tuple_value, [data])
    np.testing.assert_array_equal(indices[:count[0]], np.argwhere(data))


def test_unique_strategy_runs_on_llvm():
    """unique lowered for llvm: sorted values, first indices, inverse and counts."""
    data = np.array([4, 1, 4, 4, 0], "int64")
    uniq, first, inverse, counts, count = run_lowered(
        lambda x: relay.unique(x)[0].tuple_value, [data])
    n = count[0]
    values, ref_first, ref_inverse, ref_counts = np.unique(
        data, return_index=True, return_inverse=True, return_counts=True)
    np.testing.assert_array_equal(uniq[:n], values)
    np.testing.assert_array_equal(first[:n], ref_first)
    np.testing.assert_array_equal(inverse, ref_inverse)
    np.testing.assert_array_equal(counts[:n], ref_counts)


def test_nms_strategy_runs_on_llvm():
    """NMS lowered for llvm with tensor operands: two overlapping boxes keep the better one."""
    boxes = np.array([[[0, 0, 1, 1], [0, 0.1, 1, 1.1], [2, 2, 3, 3]]], "float32")
    scores = np.array([[[0.9, 0.8, 0.7]]], "float32")
    arrays = [boxes, scores, np.array(10, "int64"), np.array([0.5], "float32"),
              np.array([0.0], "float32")]
    selected, count = run_lowered(
        lambda *a: relay.vision.all_class_non_max_suppression(*a).astuple(), arrays)
    np.testing.assert_array_equal(selected[:count[0]], [[0, 0, 0], [0, 0, 2]])


@pytest.mark.parametrize("target", ["cuda", "opencl"])
def test_strategies_refuse_gpu_targets(target):
    """The kernels live in the CPU runtime library: a GPU target is a ValueError saying so."""
    func = primitive(lambda x: relay.argwhere(x).tuple_value, [np.zeros((3,), "int32")])
    with pytest.raises(ValueError, match="argwhere: computed by the CPU runtime library"):
        lower_primitive(func, target, "dyn_op")


def test_nms_with_scalar_constant_operands_lowers():
    """Python numbers become scalar constants, which the TE compiler turns into compute stages:
    the extern kernel reads them from memory, so the schedule keeps them (not inlined)."""
    boxes = np.array([[[0, 0, 1, 1], [0, 0.1, 1, 1.1], [2, 2, 3, 3]]], "float32")
    scores = np.array([[[0.7, 0.8, 0.9]]], "float32")
    selected, count = run_lowered(
        lambda b, s: relay.vision.all_class_non_max_suppression(b, s, 1, 0.5, 0.0).astuple(),
        [boxes, scores])
    np.testing.assert_array_equal(selected[:count[0]], [[0, 0, 2]])
