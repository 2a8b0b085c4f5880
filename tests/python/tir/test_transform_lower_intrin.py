"""LowerIntrin: the per-target FLowerIntrinsic rules, IR before and after, and their values."""
import math

import numpy as np
import pytest

import tvm
from tvm import tir

F32 = "float32"


def _lower(expr, kind, dtype=F32):
    """The stored expression after LowerIntrin for `kind`."""
    A = tir.decl_buffer((1,), dtype, "A")
    f = tir.PrimFunc([A], tir.BufferStore(A, expr, [0]))
    return tvm.tir.transform.LowerIntrin(kind)(tvm.IRModule({"main": f}))["main"].body.value


def _c(value, dtype=F32):
    return tir.const(value, dtype)


def _extern(name, *args, dtype=F32):
    return tir.call_pure_extern(dtype, name, *args)


x = tir.Var("x", F32)
y = tir.Var("y", F32)
z = tir.Var("z", F32)

# (intrinsic call, kind, expected after lowering)
CASES = [
    ("rsqrt", tir.rsqrt(x), "default", _c(1.0) / tir.sqrt(x)),
    ("sigmoid", tir.sigmoid(x), "default", _c(1.0) / (_c(1.0) + tir.exp(_c(0.0) - x))),
    ("exp10", tir.exp10(x), "default", tir.exp(x * _c(math.log(10)))),
    ("fma", tir.fma(x, y, z), "default", x * y + z),
    ("pow3", tir.pow(x, _c(3.0)), "default", x * (x * x)),
    ("pow5", tir.pow(x, _c(5.0)), "default", x * ((x * x) * (x * x))),
    ("pow-2", tir.pow(x, _c(-2.0)), "default", _c(1.0) / (x * x)),
    ("pow0", tir.pow(x, _c(0.0)), "default", _c(1.0)),
    ("pow2.5", tir.pow(x, _c(2.5)), "default", tir.pow(x, _c(2.5))),
    ("pow16", tir.pow(x, _c(16.0)), "default", tir.pow(x, _c(16.0))),
    ("log2", tir.log2(x), "default", tir.log(x) * _c(1 / math.log(2))),
    ("log10", tir.log10(x), "default", tir.log(x) * _c(1 / math.log(10))),
    ("exp", tir.exp(x), "default", tir.exp(x)),
    # LLVM keeps what it has natively and leaves exp/tanh/erf to the inline float32 code.
    ("fma", tir.fma(x, y, z), "llvm", tir.fma(x, y, z)),
    ("log2", tir.log2(x), "llvm", tir.log2(x)),
    ("log10", tir.log10(x), "llvm", tir.log10(x)),
    ("exp", tir.exp(x), "llvm", tir.exp(x)),
    ("tanh", tir.tanh(x), "llvm", tir.tanh(x)),
    ("erf", tir.erf(x), "llvm", tir.erf(x)),
    ("sigmoid", tir.sigmoid(x), "llvm", _c(1.0) / (_c(1.0) + tir.exp(_c(0.0) - x))),
    ("rsqrt", tir.rsqrt(x), "llvm", _c(1.0) / tir.sqrt(x)),
    ("pow2", tir.pow(x, _c(2.0)), "llvm", x * x),
    # C: libm names, after the generic rewrites.
    ("exp", tir.exp(x), "c", _extern("expf", x)),
    ("tanh", tir.tanh(x), "c", _extern("tanhf", x)),
    ("erf", tir.erf(x), "c", _extern("erff", x)),
    ("round", tir.round(x), "c", _extern("nearbyintf", x)),
    ("fma", tir.fma(x, y, z), "c", _extern("fmaf", x, y, z)),
    ("log2", tir.log2(x), "c", _extern("log2f", x)),
    ("pow", tir.pow(x, y), "c", _extern("powf", x, y)),
    ("pow2", tir.pow(x, _c(2.0)), "c", x * x),
    ("sigmoid", tir.sigmoid(x), "c", _c(1.0) / (_c(1.0) + _extern("expf", _c(0.0) - x))),
    ("rsqrt", tir.rsqrt(x), "c", _c(1.0) / _extern("sqrtf", x)),
    ("exp10", tir.exp10(x), "c", _extern("expf", x * _c(math.log(10)))),
]


@pytest.mark.parametrize("name, before, kind, expected", CASES,
                         ids=[f"{k}-{n}" for n, _, k, _ in CASES])
def test_rule(name, before, kind, expected):
    """Each rule rewrites the intrinsic call into the expected expression for its target kind."""
    tvm.ir.assert_structural_equal(_lower(before, kind), expected)


def test_c_uses_the_double_libm_name_for_float64():
    """A float64 exp on "c" calls exp, not expf."""
    d = tir.Var("d", "float64")
    tvm.ir.assert_structural_equal(_lower(tir.exp(d), "c", "float64"),
                                   _extern("exp", d, dtype="float64"))


def test_c_leaves_vector_calls_to_the_code_generator():
    """A 4-lane exp on "c" stays an intrinsic (the C code generator prints it lane by lane)."""
    v = tir.Broadcast(x, 4)
    A = tir.decl_buffer((4,), F32, "A")
    ramp = tir.Ramp(tir.const(0), tir.const(1), 4)
    f = tir.PrimFunc([A], tir.BufferStore(A, tir.exp(v), [ramp]))
    after = tvm.tir.transform.LowerIntrin("c")(tvm.IRModule({"main": f}))["main"]
    tvm.ir.assert_structural_equal(after.body.value, tir.exp(v))


def test_pow_of_an_expression_evaluates_it_once():
    """pow(a + b, 4) binds a + b to a variable instead of computing it four times."""
    after = _lower(tir.pow(x + y, _c(4.0)), "default")
    assert isinstance(after, tir.Let)
    tvm.ir.assert_structural_equal(after.value, x + y)


def test_rules_compose_and_integers_are_untouched():
    """Lowered expressions are lowered again (sigmoid -> exp -> expf); integer pow stays."""
    nested = _lower(tir.sqrt(tir.sigmoid(x)), "c")
    tvm.ir.assert_structural_equal(
        nested, _extern("sqrtf", _c(1.0) / (_c(1.0) + _extern("expf", _c(0.0) - x))))
    i = tir.Var("i", "int32")
    tvm.ir.assert_structural_equal(_lower(tir.popcount(i), "c", "int32"), tir.popcount(i))


def test_unknown_kind_uses_the_default_rules():
    """A kind without rules of its own gets the generic ones (fma -> multiply-add)."""
    tvm.ir.assert_structural_equal(_lower(tir.fma(x, y, z), "opencl"), x * y + z)


def test_kind_from_the_function_target_attribute():
    """Without an explicit kind, the PrimFunc's "target" string attribute chooses the rules."""
    A = tir.decl_buffer((1,), F32, "A")
    f = tir.PrimFunc([A], tir.BufferStore(A, tir.exp(x), [0])).with_attr("target", "c")
    after = tvm.tir.transform.LowerIntrin()(tvm.IRModule({"main": f}))["main"]
    tvm.ir.assert_structural_equal(after.body.value, _extern("expf", x))


@pytest.mark.parametrize("fn", [tir.exp, tir.tanh, tir.erf, tir.sigmoid])
def test_llvm_vector_loops_keep_inline_math(fn):
    """On "llvm", 16-lane exp/tanh/erf/sigmoid compile to vector code with no libm call."""
    n = 64
    A = tir.decl_buffer((n,), F32, "A")
    B = tir.decl_buffer((n,), F32, "B")
    i = tir.Var("i", "int32")
    idx = tir.Ramp(i * 16, 1, 16)
    f = tir.PrimFunc([A, B], tir.For(i, 0, n // 16, tir.ForKind.SERIAL,
                                     tir.BufferStore(B, fn(A[idx]), [idx])))
    mod = tvm.build(f, target="llvm", name="f")
    ll = mod.get_source("ll")
    assert "<16 x float>" in ll
    for libm in ("expf", "tanhf", "erff", "@exp(", "@tanh(", "@erf("):
        assert libm not in ll, libm


# name: (intrinsic, numpy reference, arity, input range)
DEFAULT_RULES = {
    "rsqrt": (tir.rsqrt, lambda a: 1 / np.sqrt(a), 1, (0.01, 100)),
    "sigmoid": (tir.sigmoid, lambda a: 1 / (1 + np.exp(-a)), 1, (-20, 20)),
    "exp10": (tir.exp10, lambda a: np.power(10.0, a), 1, (-5, 5)),
    "log2": (tir.log2, np.log2, 1, (0.01, 100)),
    "log10": (tir.log10, np.log10, 1, (0.01, 100)),
    "fma": (tir.fma, lambda a, b, c: a * b + c, 3, (-3, 3)),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(DEFAULT_RULES))
def test_default_rules_compute_the_same_values(name, dtype):
    """The generic rewrites, compiled for llvm, match numpy (the rules are exact formulas)."""
    fn, ref, arity, (lo, hi) = DEFAULT_RULES[name]
    n = 128
    bufs = [tir.decl_buffer((n,), dtype, f"A{k}") for k in range(arity + 1)]
    i = tir.Var("i", "int32")
    f = tir.PrimFunc(bufs, tir.For(i, 0, n, tir.ForKind.SERIAL,
                                   tir.BufferStore(bufs[-1], fn(*[b[i] for b in bufs[:-1]]), [i])))
    mod = tvm.IRModule({"f": f.with_attr("global_symbol", "f")})
    mod = tvm.tir.transform.LowerIntrin("default")(mod)
    text = str(mod)
    assert f"T.{name}(" not in text
    built = tvm.build(mod, target="llvm")
    inputs = [np.random.uniform(lo, hi, n).astype(dtype) for _ in range(arity)]
    out = tvm.nd.empty((n,), dtype)
    built["f"](*[tvm.nd.array(a) for a in inputs], out)
    expected = ref(*[a.astype("float64") for a in inputs])
    rtol = 2e-5 if dtype == "float32" else 1e-12
    atol = 1e-6 if dtype == F32 else 1e-12
    np.testing.assert_allclose(out.numpy(), expected, rtol=rtol, atol=atol)


@pytest.mark.parametrize("target", ["llvm", "c"])
@pytest.mark.parametrize("exponent", [-3.0, -1.0, 0.0, 1.0, 2.0, 3.0, 7.0, 8.0, 2.5, 12.0])
def test_pow_with_constant_exponent(exponent, target):
    """pow(x, c) for small integer c (multiplies) and other c (pow) matches numpy."""
    n = 64
    A = tir.decl_buffer((n,), F32, "A")
    B = tir.decl_buffer((n,), F32, "B")
    i = tir.Var("i", "int32")
    f = tir.PrimFunc([A, B], tir.For(i, 0, n, tir.ForKind.SERIAL,
                                     tir.BufferStore(B, tir.pow(A[i], _c(exponent)), [i])))
    mod = tvm.build(f, target=target, name="f")
    a = np.random.uniform(0.5, 2.0, n).astype(F32)
    out = tvm.nd.empty((n,), F32)
    mod["f"](tvm.nd.array(a), out)
    np.testing.assert_allclose(out.numpy(), np.power(a.astype("float64"), exponent), rtol=2e-6)
