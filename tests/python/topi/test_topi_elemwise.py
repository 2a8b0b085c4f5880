"""TOPI elementwise unary and broadcast binary operators against numpy, float32 and integer
dtypes, odd and broadcast shapes, plus the shape errors."""
import numpy as np
import pytest

import tvm
from tvm import te, topi

from common import rand, run

UNARY = [
    ("exp", np.exp, (-3, 3)), ("exp2", np.exp2, (-3, 3)), ("log", np.log, (0.1, 5)),
    ("log2", np.log2, (0.1, 5)), ("log10", np.log10, (0.1, 5)), ("log1p", np.log1p, (0, 5)),
    ("sqrt", np.sqrt, (0, 5)), ("rsqrt", lambda x: 1 / np.sqrt(x), (0.1, 5)),
    ("tanh", np.tanh, (-4, 4)), ("sigmoid", lambda x: 1 / (1 + np.exp(-x)), (-6, 6)),
    ("sin", np.sin, (-3, 3)), ("cos", np.cos, (-3, 3)), ("atan", np.arctan, (-3, 3)),
    ("floor", np.floor, (-3, 3)), ("ceil", np.ceil, (-3, 3)), ("trunc", np.trunc, (-3, 3)),
    ("round", np.round, (-3, 3)), ("abs", np.abs, (-3, 3)), ("negative", np.negative, (-3, 3)),
    ("sign", np.sign, (-3, 3)), ("identity", lambda x: x, (-3, 3)),
]


@pytest.mark.parametrize("name,ref,dom", UNARY, ids=[u[0] for u in UNARY])
def test_unary_float32(name, ref, dom):
    """Each float unary operator matches numpy on a (7, 33) tensor (rtol 1e-5)."""
    A = te.placeholder((7, 33), name="A")
    B = getattr(topi, name)(A)
    a = rand((7, 33), low=dom[0], high=dom[1])
    if name == "round":
        a = a + 0.013  # keep away from .5 ties, where rounding modes differ
    out = run(topi.generic.schedule_injective(B), [A], B, [a])
    np.testing.assert_allclose(out, ref(a).astype("float32"), rtol=1e-5, atol=1e-6)


def test_erf_against_torch():
    """erf matches torch.erf (numpy has none)."""
    torch = pytest.importorskip("torch")
    A = te.placeholder((1000,), name="A")
    B = topi.erf(A)
    a = rand((1000,), low=-4, high=4)
    out = run(topi.generic.schedule_injective(B), [A], B, [a])
    np.testing.assert_allclose(out, torch.erf(torch.from_numpy(a)).numpy(), rtol=1e-5, atol=1e-6)


def test_transcendental_rejects_integers():
    """exp of an int32 tensor is a TypeError naming the dtype."""
    with pytest.raises(TypeError, match="floating-point.*int32"):
        topi.exp(te.placeholder((3,), "int32", name="I"))


@pytest.mark.parametrize("dtype", ["int32", "int8"])
def test_integer_unary(dtype):
    """abs, negative, sign, bitwise_not on integers match numpy."""
    A = te.placeholder((5, 9), dtype, name="A")
    a = rand((5, 9), dtype, -100, 100)
    for name, ref in [("abs", np.abs), ("negative", np.negative), ("sign", np.sign),
                      ("bitwise_not", np.invert)]:
        B = getattr(topi, name)(A)
        np.testing.assert_array_equal(run(topi.generic.schedule_injective(B), [A], B, [a]),
                                      ref(a).astype(dtype))


def test_cast_clip_full_isnan():
    """cast (float→int8 truncates, to bool is != 0), clip, full_like, isnan/isfinite."""
    A = te.placeholder((4, 6), name="A")
    a = rand((4, 6), low=-50, high=50)
    a[0, 0] = 0.0
    for dtype in ["int8", "int32", "float16", "bool"]:
        B = topi.cast(A, dtype)
        ref = (a != 0) if dtype == "bool" else a.astype(dtype)
        np.testing.assert_array_equal(run(topi.generic.schedule_injective(B), [A], B, [a]), ref)
    B = topi.clip(A, -1.5, 2.0)
    np.testing.assert_array_equal(run(topi.generic.schedule_injective(B), [A], B, [a]),
                                  np.clip(a, -1.5, 2.0))
    B = topi.full_like(A, 3.25)
    np.testing.assert_array_equal(run(topi.generic.schedule_injective(B), [A], B, [a]),
                                  np.full_like(a, 3.25))
    a[1, 2] = np.nan
    a[2, 3] = np.inf
    for name, ref in [("isnan", np.isnan), ("isfinite", np.isfinite), ("isinf", np.isinf)]:
        B = getattr(topi, name)(A)
        np.testing.assert_array_equal(run(topi.generic.schedule_injective(B), [A], B, [a]), ref(a))


BINARY = [
    ("add", np.add), ("subtract", np.subtract), ("multiply", np.multiply),
    ("divide", np.divide), ("maximum", np.maximum), ("minimum", np.minimum),
    ("power", np.power), ("floor_divide", np.floor_divide), ("floor_mod", np.mod),
]


@pytest.mark.parametrize("name,ref", BINARY, ids=[b[0] for b in BINARY])
@pytest.mark.parametrize("shapes", [((5, 7), (5, 7)), ((3, 1, 5), (4, 1)), ((1,), (2, 3)),
                                    ((6, 1), (1, 6))])
def test_broadcast_binary_float32(name, ref, shapes):
    """Binary operators broadcast like numpy (rtol 1e-5)."""
    A = te.placeholder(shapes[0], name="A")
    B = te.placeholder(shapes[1], name="B")
    C = getattr(topi, name)(A, B)
    low = 0.5 if name in ("power", "divide", "floor_divide", "floor_mod") else -3
    a, b = rand(shapes[0], low=low, high=3), rand(shapes[1], low=low, high=3)
    out = run(topi.generic.schedule_broadcast(C), [A, B], C, [a, b])
    np.testing.assert_allclose(out, ref(a, b).astype("float32"), rtol=1e-5, atol=1e-6)


def test_integer_division_is_floor_division():
    """int32 floor_divide / floor_mod round toward -inf like numpy; divide, mod and trunc_*
    toward zero like C (Apache TVM's semantics)."""
    A = te.placeholder((40,), "int32", name="A")
    B = te.placeholder((40,), "int32", name="B")
    a = rand((40,), "int32", -20, 20)
    b = rand((40,), "int32", 1, 6) * np.where(np.arange(40) % 2 == 0, 1, -1).astype("int32")
    for name, ref in [("divide", lambda x, y: np.trunc(x / y)),
                      ("floor_divide", np.floor_divide), ("floor_mod", np.mod),
                      ("mod", np.fmod), ("trunc_divide", lambda x, y: np.trunc(x / y)),
                      ("trunc_mod", np.fmod)]:
        C = getattr(topi, name)(A, B)
        out = run(topi.generic.schedule_broadcast(C), [A, B], C, [a, b])
        np.testing.assert_array_equal(out, ref(a, b).astype("int32"), err_msg=name)


def test_comparisons_and_logical_ops():
    """Comparisons give bool; logical_and/or/xor/not follow numpy."""
    A = te.placeholder((3, 8), name="A")
    B = te.placeholder((8,), name="B")
    a, b = rand((3, 8)).round(), rand((8,)).round()
    for name, ref in [("equal", np.equal), ("not_equal", np.not_equal), ("less", np.less),
                      ("less_equal", np.less_equal), ("greater", np.greater),
                      ("greater_equal", np.greater_equal)]:
        C = getattr(topi, name)(A, B)
        assert C.dtype == "bool"
        np.testing.assert_array_equal(run(topi.generic.schedule_broadcast(C), [A, B], C, [a, b]),
                                      ref(a, b))
    P = te.placeholder((16,), "bool", name="P")
    Q = te.placeholder((16,), "bool", name="Q")
    p, q = rand((16,), "bool"), rand((16,), "bool")
    for name, ref in [("logical_and", np.logical_and), ("logical_or", np.logical_or),
                      ("logical_xor", np.logical_xor)]:
        C = getattr(topi, name)(P, Q)
        np.testing.assert_array_equal(run(topi.generic.schedule_broadcast(C), [P, Q], C, [p, q]),
                                      ref(p, q))
    C = topi.logical_not(P)
    np.testing.assert_array_equal(run(topi.generic.schedule_injective(C), [P], C, [p]), ~p)


def test_tensor_with_scalar_and_scalar_with_scalar():
    """A scalar on either side broadcasts; two scalars give an expression."""
    A = te.placeholder((10,), name="A")
    a = rand((10,))
    for C, ref in [(topi.subtract(A, 2.0), a - 2), (topi.subtract(2.0, A), 2 - a),
                   (topi.multiply(A, tvm.tir.const(3.0, "float32")), a * 3)]:
        np.testing.assert_allclose(run(topi.generic.schedule_injective(C), [A], C, [a]), ref,
                                   rtol=1e-6)
    e = topi.add(tvm.tir.const(2, "int32"), 3)
    assert isinstance(e, tvm.tir.PrimExpr) and int(tvm.arith.Analyzer().simplify(e)) == 5


def test_broadcast_to_and_errors():
    """broadcast_to stretches 1-extents; incompatible shapes name both."""
    A = te.placeholder((3, 1), name="A")
    B = topi.broadcast_to(A, (2, 3, 4))
    a = rand((3, 1))
    np.testing.assert_array_equal(run(topi.generic.schedule_injective(B), [A], B, [a]),
                                  np.broadcast_to(a, (2, 3, 4)))
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(5, 4\) cannot be broadcast"):
        topi.add(te.placeholder((3, 4)), te.placeholder((5, 4)))
    with pytest.raises(ValueError, match="cannot be broadcast together"):
        topi.broadcast_to(A, (3, 2, 5))
    with pytest.raises(ValueError, match=r"shape \(3, 1\) does not broadcast to \(1, 1\)"):
        topi.broadcast_to(A, (1, 1))


def test_symbolic_shapes_broadcast():
    """A symbolic length broadcasts against 1 and runs for several lengths."""
    n = te.var("n")
    A = te.placeholder((n, 4), name="A")
    B = te.placeholder((1, 4), name="B")
    C = topi.add(A, B)
    f = tvm.build(topi.generic.schedule_broadcast(C), [A, B, C], "llvm")
    for length in (1, 5):
        a, b = rand((length, 4)), rand((1, 4))
        c = tvm.nd.empty((length, 4))
        f(tvm.nd.array(a), tvm.nd.array(b), c)
        np.testing.assert_allclose(c.numpy(), a + b, rtol=1e-6)
