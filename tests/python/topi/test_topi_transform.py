"""TOPI layout and indexing operators against numpy, including negative axes, odd shapes and
the argument errors."""
import numpy as np
import pytest

from tvm import te, topi

from common import rand, run


def _inj(out):
    return topi.generic.schedule_injective(out)


def test_reshape_with_inferred_dim_and_error():
    """reshape with -1 matches numpy; a wrong element count names both shapes."""
    A = te.placeholder((4, 6), name="A")
    a = rand((4, 6))
    for shape in [(24,), (2, -1, 3), (3, 8), (-1, 2)]:
        B = topi.reshape(A, shape)
        np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), a.reshape(shape))
    with pytest.raises(ValueError, match=r"cannot reshape \(4, 6\) \(24 elements\) to \(5, 5\)"):
        topi.reshape(A, (5, 5))
    with pytest.raises(ValueError, match="cannot infer the -1"):
        topi.reshape(A, (5, -1))


@pytest.mark.parametrize("axes", [None, (1, 0, 2), (2, 0, 1), (-1, 0, 1)], ids=str)
def test_transpose(axes):
    """transpose matches numpy for explicit, default and negative axes."""
    A = te.placeholder((2, 3, 5), name="A")
    a = rand((2, 3, 5))
    B = topi.transpose(A, axes)
    np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), np.transpose(a, axes))


def test_squeeze_expand_dims():
    """squeeze (all / given axes) and expand_dims (positive / negative positions)."""
    A = te.placeholder((1, 3, 1, 4), name="A")
    a = rand((1, 3, 1, 4))
    for axis in [None, 0, (2,), (-2, 0)]:
        B = topi.squeeze(A, axis)
        np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), np.squeeze(a, axis))
    with pytest.raises(ValueError, match="dimension 1 of shape .* has extent 3, expected 1"):
        topi.squeeze(A, 1)
    for axis, n in [(0, 1), (2, 2), (-1, 1), (4, 1)]:
        B = topi.expand_dims(A, axis, n)
        ref = a
        for _ in range(n):
            ref = np.expand_dims(ref, axis if axis >= 0 else ref.ndim + 1 + axis)
        np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), ref)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concatenate_stack_split(axis):
    """concatenate/stack of unequal pieces and split into sections or at indices."""
    shapes = [(2, 3, 4), (2, 3, 4), (2, 3, 4)]
    if axis == 0:
        shapes = [(2, 3, 4), (1, 3, 4), (3, 3, 4)]
    tensors = [te.placeholder(s, name=f"X{i}") for i, s in enumerate(shapes)]
    arrays = [rand(s) for s in shapes]
    C = topi.concatenate(tensors, axis)
    np.testing.assert_array_equal(run(_inj(C), tensors, C, arrays),
                                  np.concatenate(arrays, axis))
    if axis != 0:
        S = topi.stack(tensors, axis)
        np.testing.assert_array_equal(run(_inj(S), tensors, S, arrays), np.stack(arrays, axis))
    A = te.placeholder((6, 4, 8), name="A")
    a = rand((6, 4, 8))
    for spec in [2, [1, 3]]:
        outs = topi.split(A, spec, axis)
        got = run(topi.generic.default_schedule(outs), [A], outs, [a])
        for g, r in zip(got, np.split(a, spec, axis)):
            np.testing.assert_array_equal(g, r)
    with pytest.raises(ValueError, match="3 sections do not divide axis 1 of extent 4"):
        topi.split(A, 3, 1)


@pytest.mark.parametrize("begin,end,strides", [
    ([1, 0], [3, 5], None), ([0, 4], [4, 0], [1, -1]), ([-3, 1], [100, -1], [2, 2]),
    ([5, 6], [0, -100], [-2, -3]), ([2], [2], None)])
def test_strided_slice(begin, end, strides):
    """strided_slice follows numpy slicing: negative indices, clamping, negative strides."""
    A = te.placeholder((5, 7), name="A")
    a = rand((5, 7))
    B = topi.strided_slice(A, begin, end, strides)
    sl = tuple(slice(b, e, (strides or [1] * len(begin))[k])
               for k, (b, e) in enumerate(zip(begin, end)))
    np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), a[sl])


def test_strided_slice_axes_and_size_mode():
    """`axes` picks the sliced axes; slice_mode "size" reads end as sizes."""
    A = te.placeholder((4, 5, 6), name="A")
    a = rand((4, 5, 6))
    B = topi.strided_slice(A, [1, 2], [3, 6], axes=[0, 2])
    np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), a[1:3, :, 2:6])
    B = topi.strided_slice(A, [1, 0], [2, -1], slice_mode="size")
    np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), a[1:3, 0:])


@pytest.mark.parametrize("mode", ["clip", "wrap"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_take(mode, axis):
    """take with out-of-range indices clipped or wrapped like numpy."""
    A = te.placeholder((4, 5), name="A")
    I = te.placeholder((2, 3), "int32", name="I")
    a = rand((4, 5))
    ind = np.array([[0, 7, -1], [3, 2, 11]], "int32")
    B = topi.take(A, I, axis=axis, mode=mode)
    np.testing.assert_array_equal(run(_inj(B), [A, I], B, [a, ind]),
                                  np.take(a, ind, axis=axis, mode=mode))


def test_gather_and_gather_nd():
    """gather is numpy take_along_axis; gather_nd indexes leading dimensions."""
    A = te.placeholder((3, 4, 5), name="A")
    a = rand((3, 4, 5))
    I = te.placeholder((3, 2, 5), "int32", name="I")
    ind = np.random.randint(0, 4, size=(3, 2, 5)).astype("int32")
    B = topi.gather(A, 1, I)
    np.testing.assert_array_equal(run(_inj(B), [A, I], B, [a, ind]),
                                  np.take_along_axis(a, ind, axis=1))
    J = te.placeholder((2, 6), "int32", name="J")
    jnd = np.stack([np.random.randint(0, 3, 6), np.random.randint(0, 4, 6)]).astype("int32")
    B = topi.gather_nd(A, J)
    np.testing.assert_array_equal(run(_inj(B), [A, J], B, [a, jnd]), a[jnd[0], jnd[1]])


def test_tile_repeat_flip_where():
    """tile (reps longer and shorter than the rank), repeat, flip, where with broadcasting."""
    A = te.placeholder((2, 3), name="A")
    a = rand((2, 3))
    for reps in [(2, 2), (3,), (2, 1, 2)]:
        B = topi.tile(A, reps)
        np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), np.tile(a, reps))
    B = topi.repeat(A, 3, -1)
    np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), np.repeat(a, 3, -1))
    B = topi.flip(A, 0)
    np.testing.assert_array_equal(run(_inj(B), [A], B, [a]), np.flip(a, 0))
    C = te.placeholder((2, 1), "bool", name="C")
    Y = te.placeholder((3,), name="Y")
    c, y = np.array([[True], [False]]), rand((3,))
    W = topi.where(C, A, Y)
    np.testing.assert_array_equal(run(_inj(W), [C, A, Y], W, [c, a, y]), np.where(c, a, y))


def test_arange_one_hot():
    """arange with float and int steps; one_hot on a middle axis."""
    for args, dtype in [((0, 10, 3), "int32"), ((1.5, 4.0, 0.5), "float32"),
                        ((5, 0, -2), "int32")]:
        B = topi.arange(*args, dtype=dtype)
        np.testing.assert_allclose(run(_inj(B), [], B, []), np.arange(*args, dtype=dtype))
    I = te.placeholder((2, 3), "int32", name="I")
    ind = np.array([[0, 2, 3], [1, 1, 0]], "int32")
    B = topi.one_hot(I, 1.0, 0.0, 4, 1, "float32")
    ref = np.moveaxis(np.eye(4, dtype="float32")[ind], -1, 1)
    np.testing.assert_array_equal(run(_inj(B), [I], B, [ind]), ref)


def test_layout_transform_round_trip():
    """NCHW -> NCHW8c packs channels in blocks; a non-dividing block pads with zeros; back
    to NCHW restores the data."""
    A = te.placeholder((1, 12, 3, 5), name="A")
    a = rand((1, 12, 3, 5))
    B = topi.layout_transform(A, "NCHW", "NCHW8c")
    out = run(_inj(B), [A], B, [a])
    padded = np.concatenate([a, np.zeros((1, 4, 3, 5), "float32")], axis=1)
    np.testing.assert_array_equal(out, padded.reshape(1, 2, 8, 3, 5).transpose(0, 1, 3, 4, 2))
    A2 = te.placeholder((1, 2, 3, 5, 6), name="A2")
    a2 = rand((1, 2, 3, 5, 6))
    B2 = topi.layout_transform(A2, "NCHW6c", "NCHW")
    np.testing.assert_array_equal(run(_inj(B2), [A2], B2, [a2]),
                                  a2.transpose(0, 1, 4, 2, 3).reshape(1, 12, 3, 5))
    with pytest.raises(ValueError, match="do not have the same axes"):
        topi.layout_transform(A, "NCHW", "NCDHW")
