"""TOPI reductions against numpy: every axis form (None, int, negative, list), keepdims,
argmax/argmin tie-breaking, bool all/any, and the axis error."""
import numpy as np
import pytest

from tvm import te, topi

from common import rand, run

AXES = [None, 0, -1, (0, 2), (1,), (-3, -1)]


@pytest.mark.parametrize("name,ref", [("sum", np.sum), ("prod", np.prod), ("max", np.max),
                                      ("min", np.min)])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduce_float32(name, ref, axis, keepdims):
    """Reductions over any axes match numpy (rtol 1e-5)."""
    shape = (3, 5, 7)
    A = te.placeholder(shape, name="A")
    B = getattr(topi, name)(A, axis=axis, keepdims=keepdims)
    a = rand(shape, low=0.5, high=1.5) if name == "prod" else rand(shape)
    expected = ref(a, axis=axis, keepdims=keepdims)
    out = run(topi.generic.schedule_reduce(B), [A], B, [a])
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_sum_int32_and_fused_producer():
    """An int32 sum of an inlined elementwise producer (x * 2 + 1)."""
    A = te.placeholder((6, 9), "int32", name="A")
    B = topi.sum(topi.add(topi.multiply(A, 2), 1), axis=1)
    a = rand((6, 9), "int32", -50, 50)
    np.testing.assert_array_equal(run(topi.generic.schedule_reduce(B), [A], B, [a]),
                                  (a * 2 + 1).sum(axis=1))


@pytest.mark.parametrize("name,ref", [("argmax", np.argmax), ("argmin", np.argmin)])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_argmax_argmin_with_ties(name, ref, axis):
    """argmax/argmin return the first extreme index like numpy, even with ties."""
    A = te.placeholder((4, 6), name="A")
    B = getattr(topi, name)(A, axis=axis)
    a = np.random.randint(0, 3, size=(4, 6)).astype("float32")  # many ties
    out = run(topi.generic.schedule_reduce(B), [A], B, [a])
    assert B.dtype == "int32"
    np.testing.assert_array_equal(out, ref(a, axis=axis))


def test_argmax_select_last_index_and_keepdims():
    """select_last_index picks the last maximum; keepdims keeps the axis."""
    A = te.placeholder((3, 5), name="A")
    B = topi.argmax(A, axis=1, keepdims=True, select_last_index=True)
    a = np.array([[1, 3, 3, 0, 3], [2, 2, 2, 2, 2], [0, 1, 2, 3, 4]], "float32")
    out = run(topi.generic.schedule_reduce(B), [A], B, [a])
    np.testing.assert_array_equal(out, [[4], [4], [4]])


def test_all_any():
    """all/any over bool data and over float data (nonzero is true)."""
    P = te.placeholder((4, 5), "bool", name="P")
    p = rand((4, 5), "bool")
    p[0] = True
    for name, ref in [("all", np.all), ("any", np.any)]:
        B = getattr(topi, name)(P, axis=1)
        np.testing.assert_array_equal(run(topi.generic.schedule_reduce(B), [P], B, [p]),
                                      ref(p, axis=1))


def test_reduce_axis_out_of_range():
    """An axis beyond the rank is a ValueError stating the valid range."""
    with pytest.raises(ValueError, match=r"axis 3 is out of range for a tensor of rank 3 "
                                         r"\(expected -3 <= axis < 3\)"):
        topi.sum(te.placeholder((2, 3, 4)), axis=3)
