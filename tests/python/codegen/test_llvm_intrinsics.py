"""LLVM codegen of math intrinsics against numpy, scalar loops and 16-lane vectors.

Tolerances: float64 results come from LLVM intrinsics / libm (rtol 1e-12, except erf/tanh/
sigmoid 1e-12 as they use libm or exact formulas); float32 intrinsics lowered to LLVM
intrinsics are correctly rounded or nearly (rtol 1e-6); the inline float32 formulas (exp,
sigmoid, tanh, erf) are checked at rtol 1e-5 with atol 1e-6 (erf's absolute error is below
1.5e-7).
"""
import math

import numpy as np
import pytest

import tvm
from tvm import tir

from llvm_helpers import elementwise

erf = np.vectorize(math.erf)

# name: (tir builder, numpy reference, input range, positive-only)
UNARY = {
    "exp": (tir.exp, np.exp, (-20, 20)),
    "exp2": (tir.exp2, np.exp2, (-20, 20)),
    "exp10": (tir.exp10, lambda x: np.power(10.0, x), (-5, 5)),
    "log": (tir.log, np.log, (0.01, 100)),
    "log2": (tir.log2, np.log2, (0.01, 100)),
    "log10": (tir.log10, np.log10, (0.01, 100)),
    "sqrt": (tir.sqrt, np.sqrt, (0, 100)),
    "rsqrt": (tir.rsqrt, lambda x: 1 / np.sqrt(x), (0.01, 100)),
    "floor": (tir.floor, np.floor, (-10, 10)),
    "ceil": (tir.ceil, np.ceil, (-10, 10)),
    "round": (tir.round, np.round, (-10, 10)),
    "trunc": (tir.trunc, np.trunc, (-10, 10)),
    "fabs": (tir.fabs, np.abs, (-10, 10)),
    "sigmoid": (tir.sigmoid, lambda x: 1 / (1 + np.exp(-x)), (-30, 30)),
    "tanh": (tir.tanh, np.tanh, (-10, 10)),
    "erf": (tir.erf, erf, (-4, 4)),
}
INLINE_F32 = {"exp", "exp10", "sigmoid", "tanh", "erf"}


def tolerance(name, dtype):
    if dtype == "float64" and name == "exp10":
        # exp(x ln 10): the rounding of x ln 10 is magnified by |x ln 10| <= 11.5.
        return {"rtol": 1e-14, "atol": 1e-300}
    if dtype == "float64":
        return {"rtol": 1e-12, "atol": 1e-300}
    if name in INLINE_F32:
        return {"rtol": 1e-5, "atol": 1e-6}
    return {"rtol": 1e-6, "atol": 0}


def check(func, inputs, expected, **tol):
    mod = tvm.build(func, name="f")
    nds = [tvm.nd.array(x) for x in inputs] + [tvm.nd.empty(expected.shape, str(expected.dtype))]
    mod["f"](*nds)
    np.testing.assert_allclose(nds[-1].numpy(), expected, **tol)
    return mod


@pytest.mark.parametrize("lanes", [1, 16])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary(name, dtype, lanes):
    """Each unary intrinsic matches numpy, in a scalar loop and on 16-lane vectors."""
    fn, ref, (lo, hi) = UNARY[name]
    n = 256
    x = np.random.uniform(lo, hi, n).astype(dtype)
    x[:3] = [lo, hi, (lo + hi) / 2]
    if name == "round":
        x[3:7] = [0.5, 1.5, 2.5, -2.5]
    if name in ("tanh", "erf", "sigmoid"):
        x[7:11] = [0.0, 1e-4, -1e-3, 0.3]
    expected = ref(x.astype("float64")).astype(dtype)
    check(elementwise(n, [dtype, dtype], fn, lanes=lanes), [x], expected,
          **tolerance(name, dtype))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_exp_extremes(dtype):
    """exp overflows to inf, underflows to 0 and keeps NaN."""
    x = np.array([-1000, -100, 0, 1000, np.nan, np.inf, -np.inf, 88.0], dtype)
    with np.errstate(over="ignore"):
        expected = np.exp(x)
        check(elementwise(len(x), [dtype, dtype], tir.exp), [x], expected, rtol=1e-5,
              atol=1e-37)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_pow_and_fma(dtype):
    """pow and fma (binary and ternary intrinsics)."""
    n = 64
    a = np.random.uniform(0.1, 3, n).astype(dtype)
    b = np.random.uniform(-2, 2, n).astype(dtype)
    rtol = 1e-6 if dtype == "float32" else 1e-12
    wide = [v.astype("float64") for v in (a, b)]
    check(elementwise(n, [dtype] * 3, tir.pow), [a, b],
          np.power(*wide).astype(dtype), rtol=rtol)
    # fma rounds once: compare with the exactly computed value rounded to dtype.
    c = np.random.rand(n).astype(dtype)
    check(elementwise(n, [dtype] * 4, tir.fma), [a, b, c],
          (wide[0] * wide[1] + c.astype("float64")).astype(dtype), rtol=rtol)


def test_popcount_and_isnan():
    """popcount on int32 and isnan on float32."""
    x = np.array([0, 1, 255, -1, 12345678], "int32")
    expected = np.array([bin(v & 0xFFFFFFFF).count("1") for v in x], "int32")
    check(elementwise(len(x), ["int32", "int32"], tir.popcount), [x], expected)
    y = np.array([1.0, np.nan, -np.inf, 0.0], "float32")
    check(elementwise(4, ["float32", "bool"], tir.isnan), [y], np.isnan(y))


def test_if_then_else_and_likely():
    """if_then_else evaluates only the taken side: a guarded out-of-range load is safe."""
    n = 16
    A = tir.decl_buffer((n,), "float32", "A")
    B = tir.decl_buffer((n,), "float32", "B")
    i = tir.Var("i", "int32")
    val = tir.if_then_else(tir.likely(i < n - 1), A[i + 1], tir.const(-1, "float32"))
    f = tir.PrimFunc([A, B], tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(B, val, [i])))
    a = np.random.rand(n).astype("float32")
    check(f, [a], np.append(a[1:], -1).astype("float32"))


def test_reinterpret():
    """reinterpret float32 bits as int32."""
    x = np.array([1.0, -2.5, 0.0, 3.14], "float32")
    check(elementwise(4, ["float32", "int32"], lambda v: tir.reinterpret("int32", v)), [x],
          x.view("int32"))
