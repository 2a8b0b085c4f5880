"""Type relations of the elementwise, reduction and transform ops, checked against numpy."""
import numpy as np
import pytest

import tvm
from tvm import relay


def infer(expr):
    mod = relay.transform.InferType()(tvm.IRModule.from_expr(expr))
    return mod["main"].body.checked_type


def shape_of(ty):
    return tuple("?" if isinstance(d, tvm.ir.Any) else int(d.value) for d in ty.shape)


def var(shape, dtype="float32", name="x"):
    return relay.var(name, shape=shape, dtype=dtype)


BINARY = ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum",
          "floor_divide", "mod", "floor_mod"]
COMPARE = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]
SHAPE_PAIRS = [((3,), (3,)), ((2, 3), (3,)), ((1, 3), (2, 1)), ((4, 1, 5), (3, 1)), ((), (2, 2)),
               ((5, 1, 1), (1, 6, 1))]


@pytest.mark.parametrize("name", BINARY + COMPARE + ["logical_and", "logical_or"])
@pytest.mark.parametrize("lhs,rhs", SHAPE_PAIRS)
def test_binary_broadcast_shapes(name, lhs, rhs):
    """Each binary op's result shape is numpy's broadcast shape; comparisons give bool."""
    dtype = "bool" if name.startswith("logical") else "float32"
    ty = infer(getattr(relay, name)(var(lhs, dtype, "a"), var(rhs, dtype, "b")))
    assert shape_of(ty) == np.broadcast_shapes(lhs, rhs)
    assert ty.dtype == ("bool" if name in COMPARE else dtype)


@pytest.mark.parametrize("name", ["add", "less"])
def test_binary_broadcast_error(name):
    """Shapes numpy refuses to broadcast are a DiagnosticError naming the op."""
    with pytest.raises(ValueError):
        np.broadcast_shapes((2, 3), (4,))
    with pytest.raises(tvm.error.DiagnosticError, match=f"{name}:"):
        infer(getattr(relay, name)(var((2, 3), name="a"), var((4,), name="b")))


UNARY = ["negative", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "erf", "floor",
         "ceil", "round", "sign", "sin", "cos", "copy", "zeros_like", "ones_like"]


@pytest.mark.parametrize("name", UNARY)
def test_unary_identity(name):
    """Unary elementwise ops keep the input type."""
    ty = infer(getattr(relay, name)(var((2, 3, 4), "float16")))
    assert shape_of(ty) == (2, 3, 4) and ty.dtype == "float16"


def test_logical_not_clip_cast():
    """logical_not keeps bool; clip keeps the type; cast changes only the dtype."""
    assert infer(relay.logical_not(var((3,), "bool"))).dtype == "bool"
    c = relay.clip(var((2, 2)), 0.0, 6.0)
    assert shape_of(infer(c)) == (2, 2)
    assert float(c.attrs.a_max) == 6.0
    ty = infer(relay.cast(var((2, 5)), "int8"))
    assert shape_of(ty) == (2, 5) and ty.dtype == "int8"
    assert infer(var((2,)).astype("float16")).dtype == "float16"


REDUCE_CASES = [
    ((2, 3, 4), None, False, False),
    ((2, 3, 4), 1, False, False),
    ((2, 3, 4), -1, True, False),
    ((2, 3, 4), (0, 2), False, False),
    ((2, 3, 4), (0, -1), True, False),
    ((2, 3, 4), 1, False, True),
    ((2, 3, 4), (0, 1), True, True),
    ((5,), 0, False, False),
]


def numpy_reduce_shape(shape, axis, keepdims, exclude):
    axes = range(len(shape)) if axis is None else [axis] if isinstance(axis, int) else axis
    axes = {a % len(shape) for a in axes}
    if exclude:
        axes = set(range(len(shape))) - axes
    return np.sum(np.zeros(shape), axis=tuple(sorted(axes)), keepdims=keepdims).shape


@pytest.mark.parametrize("name", ["sum", "mean", "max", "min", "prod"])
@pytest.mark.parametrize("shape,axis,keepdims,exclude", REDUCE_CASES)
def test_reduce_shapes(name, shape, axis, keepdims, exclude):
    """Reductions drop (or keep as 1) the reduced axes, as numpy does; exclude inverts axes."""
    ty = infer(getattr(relay, name)(var(shape), axis, keepdims, exclude))
    assert shape_of(ty) == numpy_reduce_shape(shape, axis, keepdims, exclude)
    assert ty.dtype == "float32"


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_arg_reduce(name):
    """argmax/argmin give int32 indices with numpy's shape."""
    ty = infer(getattr(relay, name)(var((3, 4, 5)), axis=1))
    assert shape_of(ty) == np.argmax(np.zeros((3, 4, 5)), axis=1).shape and ty.dtype == "int32"
    ty = infer(getattr(relay, name)(var((3, 4)), axis=-1, keepdims=True))
    assert shape_of(ty) == (3, 1)


def test_variance_std():
    """variance/std reduce like mean."""
    assert shape_of(infer(relay.variance(var((4, 6)), axis=1))) == (4,)
    assert shape_of(infer(relay.std(var((4, 6)), axis=0, keepdims=True))) == (1, 6)


def test_reduce_axis_errors():
    """An out-of-range or repeated axis is a DiagnosticError naming the op."""
    with pytest.raises(tvm.error.DiagnosticError, match=r"sum: axis 3 is out of range"):
        infer(relay.sum(var((2, 3)), axis=3))
    with pytest.raises(tvm.error.DiagnosticError, match="twice"):
        infer(relay.sum(var((2, 3)), axis=(1, -1)))


def numpy_reshape_shape(shape, newshape):
    """A small independent model of reshape's special codes 0 and -1 (and -2, -3)."""
    out, src = [], 0
    for code in newshape:
        if code == 0:
            out.append(shape[src])
            src += 1
        elif code == -2:
            out.extend(shape[src:])
            src = len(shape)
        elif code == -3:
            out.append(shape[src] * shape[src + 1])
            src += 2
        else:
            out.append(code)
            src += 1
    return np.zeros(shape).reshape(out).shape


@pytest.mark.parametrize("shape,newshape", [
    ((2, 3, 4), (6, 4)), ((2, 3, 4), (-1,)), ((2, 3, 4), (0, -1)), ((2, 3, 4), (-1, 0)),
    ((2, 3, 4), (4, 0, -1)), ((2, 3, 4), (0, -2)), ((2, 3, 4), (-3, 4)), ((6,), (2, 3)),
])
def test_reshape_codes(shape, newshape):
    """reshape handles 0 (copy), -1 (infer), -2 (rest) and -3 (merge) like the numpy model."""
    assert shape_of(infer(relay.reshape(var(shape), newshape))) == numpy_reshape_shape(shape, newshape)


def test_reshape_errors():
    """A reshape to a different number of elements names both element counts."""
    with pytest.raises(tvm.error.DiagnosticError, match=r"reshape: cannot reshape.*24 elements"):
        infer(relay.reshape(var((2, 3, 4)), (5, 5)))
    with pytest.raises(tvm.error.DiagnosticError, match="reshape"):
        infer(relay.reshape(var((2, 3, 4)), (7, -1)))


@pytest.mark.parametrize("axes", [None, (1, 0, 2), (2, 0, 1), (-1, 0, 1)])
def test_transpose(axes):
    """transpose permutes the shape as numpy does."""
    ty = infer(relay.transpose(var((2, 3, 4)), axes))
    assert shape_of(ty) == np.transpose(np.zeros((2, 3, 4)), axes).shape


def test_transpose_bad_axes():
    """A non-permutation is reported."""
    with pytest.raises(tvm.error.DiagnosticError, match="transpose"):
        infer(relay.transpose(var((2, 3)), (0, 0)))


@pytest.mark.parametrize("axis", [None, (0,), (2,), (-1,), (0, 2)])
def test_squeeze(axis):
    """squeeze drops axes of extent 1 as numpy does."""
    ty = infer(relay.squeeze(var((1, 3, 1)), axis))
    assert shape_of(ty) == np.squeeze(np.zeros((1, 3, 1)), axis).shape


def test_squeeze_non_unit_axis_error():
    """Squeezing an axis of extent 3 is reported with the extent."""
    with pytest.raises(tvm.error.DiagnosticError, match="extent is 3"):
        infer(relay.squeeze(var((1, 3)), (1,)))


@pytest.mark.parametrize("axis,num", [(0, 1), (1, 1), (2, 1), (-1, 1), (1, 2)])
def test_expand_dims(axis, num):
    """expand_dims inserts `num` unit axes at `axis` (negative counts from the end + 1)."""
    ref = np.zeros((2, 3))
    for _ in range(num):
        ref = np.expand_dims(ref, axis if axis >= 0 else axis + ref.ndim + 1)
    assert shape_of(infer(relay.expand_dims(var((2, 3)), axis, num))) == ref.shape


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concatenate(axis):
    """concatenate sums the joined axis."""
    shapes = [(2, 3), (2, 3), (2, 3)] if axis != 0 else [(1, 3), (4, 3)]
    xs = [var(s, name=f"x{i}") for i, s in enumerate(shapes)]
    ref = np.concatenate([np.zeros(s) for s in shapes], axis=axis).shape
    assert shape_of(infer(relay.concatenate(xs, axis))) == ref


def test_concatenate_mismatch():
    """Tensors that differ outside the axis cannot be joined; the message names the field."""
    with pytest.raises(tvm.error.DiagnosticError, match="field 1"):
        infer(relay.concatenate([var((2, 3), name="a"), var((3, 3), name="b")], 1))


def test_stack():
    """stack joins along a new axis, as numpy does."""
    xs = [var((2, 3), name=f"x{i}") for i in range(4)]
    assert shape_of(infer(relay.stack(xs, 1))) == np.stack([np.zeros((2, 3))] * 4, 1).shape


@pytest.mark.parametrize("arg,axis", [(3, 1), ([1, 4], 1), ([2], 0), (2, -1)])
def test_split(arg, axis):
    """split gives a tuple of parts shaped as numpy's split."""
    x = var((4, 6))
    parts = relay.split(x, arg, axis)
    ty = infer(parts.astuple())
    ref = [p.shape for p in np.split(np.zeros((4, 6)), arg, axis=axis)]
    assert [shape_of(t) for t in ty.fields] == ref
    assert shape_of(infer(parts[0])) == ref[0]


def test_split_uneven_error():
    """Splitting 6 into 4 equal parts is reported."""
    with pytest.raises(tvm.error.DiagnosticError, match="equal sections"):
        infer(relay.split(var((6,)), 4).astuple())


@pytest.mark.parametrize("begin,end,strides", [
    ([0, 1], [2, 3], None), ([1], [-1], None), ([0, 0], [4, 5], [2, 2]), ([-3, 1], [100, 4], [1, 2]),
    ([3, 4], [0, 0], [-1, -2]), ([0], [4], [3]),
])
def test_strided_slice(begin, end, strides):
    """strided_slice shapes match Python slicing of a numpy array."""
    ref = np.zeros((4, 5))
    sl = tuple(slice(b, e, None if strides is None else strides[min(i, len(strides) - 1)])
               for i, (b, e) in enumerate(zip(begin, end)))
    ty = infer(relay.strided_slice(var((4, 5)), begin, end, strides))
    assert shape_of(ty) == ref[sl].shape


def test_strided_slice_size_mode_and_axes():
    """slice_mode="size" reads end as sizes; axes restricts the sliced axes."""
    assert shape_of(infer(relay.strided_slice(var((4, 5)), [1, 1], [2, -1], slice_mode="size"))) == (2, 4)
    assert shape_of(infer(relay.strided_slice(var((4, 5, 6)), [1], [3], axes=[2]))) == (4, 5, 2)


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_take(axis):
    """take's shape matches numpy.take."""
    data = np.zeros((3, 4, 5))
    idx = np.zeros((2, 6), "int32")
    ty = infer(relay.take(var((3, 4, 5)), relay.var("i", shape=(2, 6), dtype="int32"), axis))
    assert shape_of(ty) == np.take(data, idx, axis).shape


def test_take_float_indices_error():
    """Float indices are refused, naming the indices argument."""
    with pytest.raises(tvm.error.DiagnosticError, match=r"argument 1 \(indices\)"):
        infer(relay.take(var((3,)), var((2,), name="i"), 0))


def test_broadcast_to_and_init_ops():
    """broadcast_to, zeros, ones and full give the requested shape and dtype."""
    assert shape_of(infer(relay.broadcast_to(var((3, 1)), (2, 3, 4)))) == (2, 3, 4)
    with pytest.raises(tvm.error.DiagnosticError, match="broadcast"):
        infer(relay.broadcast_to(var((3, 2)), (3, 4)))
    z = infer(relay.zeros((2, 3), "int64"))
    assert shape_of(z) == (2, 3) and z.dtype == "int64"
    assert infer(relay.ones((4,), "float16")).dtype == "float16"
    f = infer(relay.full(relay.const(1.5), (2, 2)))
    assert shape_of(f) == (2, 2) and f.dtype == "float32"
    assert infer(relay.full(relay.const(1), (3,), "float32")).dtype == "float32"
    assert shape_of(infer(relay.full_like(var((5, 2)), relay.const(0.0)))) == (5, 2)


def test_where():
    """where broadcasts condition, x and y like numpy.where and keeps x's dtype."""
    ty = infer(relay.where(var((3, 1), "bool", "c"), var((1, 4), name="a"), var((4,), name="b")))
    assert shape_of(ty) == np.where(np.zeros((3, 1), bool), np.zeros((1, 4)), np.zeros(4)).shape
    with pytest.raises(tvm.error.DiagnosticError, match="same dtype"):
        infer(relay.where(var((3,), "bool", "c"), var((3,), name="a"), var((3,), "int32", "b")))


@pytest.mark.parametrize("shape,reps", [((2, 3), (2, 2)), ((2, 3), (3,)), ((3,), (2, 2)), ((2, 1, 3), (1, 4, 1))])
def test_tile(shape, reps):
    """tile's shape matches numpy.tile (shape and reps aligned to the right)."""
    assert shape_of(infer(relay.tile(var(shape), reps))) == np.tile(np.zeros(shape), reps).shape


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_repeat(axis):
    """repeat's shape matches numpy.repeat."""
    assert shape_of(infer(relay.repeat(var((2, 3)), 3, axis))) == np.repeat(np.zeros((2, 3)), 3, axis).shape


def test_symbolic_dims():
    """A symbolic dimension flows through broadcasting, transpose and reductions, and prints."""
    n = tvm.tir.Var("n", "int32")
    x = relay.var("x", shape=(n, 3))
    ty = infer(relay.transpose(relay.add(x, var((1, 3), name="y"))))
    assert str(ty) == "Tensor[(3, n), float32]"
    assert str(infer(relay.sum(x, axis=1, keepdims=True))) == "Tensor[(n, 1), float32]"
    with pytest.raises(tvm.error.DiagnosticError, match="broadcast"):
        infer(relay.add(x, relay.var("z", shape=(tvm.tir.Var("m", "int32"), 3))))
