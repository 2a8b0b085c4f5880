"""float16, bfloat16 (storage) and int8 programs built with tvm.build for llvm, against numpy.

numpy has no bfloat16: bfloat16 arrays travel as their uint16 bit patterns, and the expected
bits are computed here independently (float32 bits rounded to the upper 16, to nearest even).
"""
import numpy as np
import pytest

import tvm
from tvm import te

N = 257  # odd, so vectorized code also runs a tail


def _build_run(tensors, inputs, out_shape, out_dtype, target="llvm", vectorize=False):
    out = tensors[-1]
    s = te.create_schedule(out.op)
    if vectorize:
        axis = s[out].op.axis[-1]
        _, inner = s[out].split(axis, factor=8)
        s[out].vectorize(inner)
    f = tvm.build(s, tensors, target=target, name="f")
    args = [tvm.nd.array(x, dtype=dt) for x, dt in inputs]
    res = tvm.nd.empty(out_shape, out_dtype)
    f["f"](*args, res)
    return res.numpy()


@pytest.mark.parametrize("vectorize", [False, True])
@pytest.mark.parametrize("op", ["add", "mul"])
@pytest.mark.parametrize("dtype", ["float16", "int8"])
def test_elementwise(dtype, op, vectorize):
    """Elementwise add/mul in float16 or int8 (wrapping) equals numpy's, bit for bit."""
    A = te.placeholder((N,), dtype, "A")
    B = te.placeholder((N,), dtype, "B")
    fn = (lambda x, y: x + y) if op == "add" else (lambda x, y: x * y)
    C = te.compute((N,), lambda i: fn(A[i], B[i]), "C")
    rng = np.random.default_rng(0)
    if dtype == "int8":
        a, b = (rng.integers(-128, 128, N).astype("int8") for _ in range(2))
    else:
        a, b = (rng.uniform(-30, 30, N).astype("float16") for _ in range(2))
    out = _build_run([A, B, C], [(a, dtype), (b, dtype)], (N,), dtype, vectorize=vectorize)
    with np.errstate(over="ignore"):
        expected = fn(a, b)
    np.testing.assert_array_equal(out, expected)


def test_cast_chain():
    """int8 -> int32 -> float32 -> float16 -> float32 -> int16 casts equal numpy's astype chain."""
    A = te.placeholder((N,), "int8", "A")
    B = te.compute((N,), lambda i: A[i].astype("int32").astype("float32") * 3.5, "B")
    C = te.compute((N,), lambda i: B[i].astype("float16").astype("float32").astype("int16"), "C")
    a = np.random.default_rng(1).integers(-128, 128, N).astype("int8")
    out = _build_run([A, C], [(a, "int8")], (N,), "int16")
    b = a.astype("int32").astype("float32") * np.float32(3.5)
    np.testing.assert_array_equal(out, b.astype("float16").astype("float32").astype("int16"))


@pytest.mark.parametrize("vectorize", [False, True])
def test_int8_sum_accumulates_in_int32(vectorize):
    """A sum of int8 values accumulated in int32 does not wrap at 8 bits."""
    m, k = 16, 200
    A = te.placeholder((m, k), "int8", "A")
    r = te.reduce_axis((0, k), "r")
    S = te.compute((m,), lambda i: te.sum(A[i, r].astype("int32"), axis=r), "S")
    a = np.random.default_rng(2).integers(-128, 128, (m, k)).astype("int8")
    out = _build_run([A, S], [(a, "int8")], (m,), "int32", vectorize=vectorize)
    np.testing.assert_array_equal(out, a.astype("int32").sum(axis=1))
    assert np.abs(out).max() > 127  # the check would catch an 8-bit accumulator


def test_int8_dot_product_into_int32():
    """An int8 x int8 matrix-vector product accumulated in int32 matches numpy."""
    m, k = 8, 64
    A = te.placeholder((m, k), "int8", "A")
    x = te.placeholder((k,), "int8", "x")
    r = te.reduce_axis((0, k), "r")
    y = te.compute((m,), lambda i: te.sum(A[i, r].astype("int32") * x[r].astype("int32"),
                                          axis=r), "y")
    rng = np.random.default_rng(3)
    a = rng.integers(-128, 128, (m, k)).astype("int8")
    xv = rng.integers(-128, 128, k).astype("int8")
    out = _build_run([A, x, y], [(a, "int8"), (xv, "int8")], (m,), "int32")
    np.testing.assert_array_equal(out, a.astype("int32") @ xv.astype("int32"))


@pytest.mark.parametrize("vectorize", [False, True])
def test_float16_storage_float32_compute(vectorize):
    """float16 inputs, float32 arithmetic, float16 output: numpy's same sequence of roundings."""
    A = te.placeholder((N,), "float16", "A")
    B = te.placeholder((N,), "float16", "B")
    C = te.compute((N,), lambda i: (A[i].astype("float32") * B[i].astype("float32") +
                                    te.exp(A[i].astype("float32") * 0.1)).astype("float16"), "C")
    rng = np.random.default_rng(4)
    a, b = (rng.uniform(-8, 8, N).astype("float16") for _ in range(2))
    out = _build_run([A, B, C], [(a, "float16"), (b, "float16")], (N,), "float16",
                     vectorize=vectorize)
    a32, b32 = a.astype("float32"), b.astype("float32")
    expected = (a32 * b32 + np.exp(a32 * np.float32(0.1))).astype("float16")
    # exp is the inline float32 version (~1e-7 relative): allow one float16 ulp.
    np.testing.assert_allclose(out.astype("float32"), expected.astype("float32"), rtol=1e-3)


def _bf16_bits(x):
    """The bfloat16 bit patterns of float32 values: round to nearest even, NaN stays NaN."""
    x = np.atleast_1d(np.asarray(x, "float32"))
    bits = x.view("uint32").astype("uint64")
    s16, one = np.uint64(16), np.uint64(1)
    rounded = ((bits + np.uint64(0x7FFF) + ((bits >> s16) & one)) >> s16).astype("uint16")
    return np.where(np.isnan(x), ((bits >> s16) | np.uint64(0x40)).astype("uint16"), rounded)


def _bf16_to_float32(bits):
    return (bits.astype("uint32") << 16).view("float32")


def test_bfloat16_reference_rounding():
    """The test's own bfloat16 rounding: ties go to even, carries reach the exponent."""
    x = np.array([1.0, 1.00390625, 1.01171875, 1.0078125, -2.0, np.finfo("float32").max], "float32")
    # 1 + 2^-8 is a tie (rounds down to even 1.0), 1 + 3*2^-8 a tie rounding up.
    assert list(_bf16_bits(x)[:4]) == [0x3F80, 0x3F80, 0x3F82, 0x3F81]
    assert _bf16_bits(x)[4] == 0xC000
    assert _bf16_bits(x)[5] == 0x7F80  # rounds up to +inf


@pytest.mark.parametrize("vectorize", [False, True])
def test_bfloat16_storage_float32_compute(vectorize):
    """bfloat16 in, float32 compute, bfloat16 out: bits equal the independent numpy rounding."""
    A = te.placeholder((N,), "bfloat16", "A")
    B = te.placeholder((N,), "bfloat16", "B")
    C = te.compute((N,), lambda i: (A[i].astype("float32") * B[i].astype("float32") + 0.1)
                   .astype("bfloat16"), "C")
    rng = np.random.default_rng(5)
    a, b = (_bf16_bits(rng.uniform(-100, 100, N).astype("float32")) for _ in range(2))
    a[:4] = _bf16_bits(np.array([0.0, -0.0, np.inf, 1.0], "float32"))
    out = _build_run([A, B, C], [(a, "bfloat16"), (b, "bfloat16")], (N,), "bfloat16",
                     vectorize=vectorize)
    expected = _bf16_bits(_bf16_to_float32(a) * _bf16_to_float32(b) + np.float32(0.1))
    np.testing.assert_array_equal(out, expected)


def test_bfloat16_nan_and_float16_conversion():
    """bfloat16 <-> float32 keeps NaN, infinities and signed zeros; bfloat16 -> float16 goes
    through float32."""
    A = te.placeholder((8,), "float32", "A")
    C = te.compute((8,), lambda i: A[i].astype("bfloat16"), "C")
    x = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 1e-40, 65504.0, -1.5], "float32")
    out = _build_run([A, C], [(x, "float32")], (8,), "bfloat16")
    back = _bf16_to_float32(out)
    assert np.isnan(back[0])
    np.testing.assert_array_equal(out[1:], _bf16_bits(x)[1:])
    B = te.placeholder((8,), "bfloat16", "B")
    D = te.compute((8,), lambda i: B[i].astype("float16"), "D")
    bits = _bf16_bits(np.array([1.5, -2.25, 0.0, 100.0, 65280.0, 1e-3, -7.0, 3.0], "float32"))
    out16 = _build_run([B, D], [(bits, "bfloat16")], (8,), "float16")
    np.testing.assert_array_equal(out16, _bf16_to_float32(bits).astype("float16"))


@pytest.mark.parametrize("vectorize", [False, True])
def test_bfloat16_arithmetic_is_float32_arithmetic_rounded(vectorize):
    """Arithmetic written on bfloat16 values (add, mul, max, a constant, exp) is done in float32
    and rounded to bfloat16 after each operation, not on the raw bit patterns."""
    A = te.placeholder((N,), "bfloat16", "A")
    B = te.placeholder((N,), "bfloat16", "B")
    C = te.compute((N,), lambda i: tvm.tir.max(A[i] * B[i] + A[i], te.exp(B[i] * 0.01)) +
                   tvm.tir.const(0.5, "bfloat16"), "C")
    rng = np.random.default_rng(6)
    a, b = (_bf16_bits(rng.uniform(-20, 20, N).astype("float32")) for _ in range(2))
    out = _build_run([A, B, C], [(a, "bfloat16"), (b, "bfloat16")], (N,), "bfloat16",
                     vectorize=vectorize)

    def rnd(x):
        return _bf16_to_float32(_bf16_bits(x))

    fa, fb = _bf16_to_float32(a), _bf16_to_float32(b)
    lhs = rnd(rnd(fa * fb) + fa)
    rhs = rnd(np.exp(rnd(fb * rnd(np.float32(0.01)))))
    expected = _bf16_bits(np.maximum(lhs, rhs) + np.float32(0.5))
    # exp is the inline float32 version; its last-bit error can move a bfloat16 rounding.
    diff = np.abs(out.astype("int32") - expected.astype("int32"))
    assert diff.max() <= 1 and (diff == 0).mean() > 0.95
