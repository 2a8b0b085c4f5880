"""LLVM codegen: arithmetic, loops, memory and control flow against numpy."""
import numpy as np
import pytest

import tvm
from tvm import tir

from llvm_helpers import elementwise


def run(func, *arrays, name="f"):
    mod = tvm.build(func, target="llvm", name=name)
    nds = [tvm.nd.array(a) for a in arrays]
    mod[name](*nds)
    return [x.numpy() for x in nds], mod


@pytest.mark.parametrize("n", [1, 7, 17, 1023])
def test_add_odd_sizes(n):
    """Elementwise add for sizes that are not multiples of any vector width."""
    f = elementwise(n, ["float32"] * 3, lambda a, b: a + b)
    a = np.random.rand(n).astype("float32")
    b = np.random.rand(n).astype("float32")
    out, _ = run(f, a, b, np.zeros(n, "float32"))
    np.testing.assert_allclose(out[2], a + b, rtol=1e-6)


def test_vector_ramp_float32x16():
    """Explicit 16-lane Ramp loads/stores give <16 x float> IR and the right values."""
    n = 64
    f = elementwise(n, ["float32"] * 3, lambda a, b: a * b + a, lanes=16)
    a = np.random.rand(n).astype("float32")
    b = np.random.rand(n).astype("float32")
    out, mod = run(f, a, b, np.zeros(n, "float32"))
    np.testing.assert_allclose(out[2], a * b + a, rtol=1e-6)
    ll = mod.get_source("ll")
    assert "<16 x float>" in ll
    asm = mod.get_source("asm")
    assert "zmm" in asm or "ymm" in asm


def test_vector_exp_has_no_libm_call():
    """A vectorized exp is inline code: no call to expf in the vector loop."""
    n = 64
    f = elementwise(n, ["float32"] * 2, tir.exp, lanes=16)
    a = np.random.uniform(-5, 5, n).astype("float32")
    out, mod = run(f, a, np.zeros(n, "float32"))
    np.testing.assert_allclose(out[1], np.exp(a), rtol=1e-6)
    ll = mod.get_source("ll")
    assert "<16 x float>" in ll
    assert "expf" not in ll and "llvm.exp." not in ll


def test_vectorized_loop_kind():
    """A VECTORIZED loop compiles (as a loop the LLVM vectorizer handles) and is correct."""
    n = 1000
    f = elementwise(n, ["float32"] * 3, lambda a, b: a - b, kind=tir.ForKind.VECTORIZED)
    a, b = np.random.rand(n).astype("float32"), np.random.rand(n).astype("float32")
    out, mod = run(f, a, b, np.zeros(n, "float32"))
    np.testing.assert_allclose(out[2], a - b, rtol=1e-6)
    assert "x float>" in mod.get_source("ll")


def test_unrolled_loop():
    """An UNROLLED loop gives the same result (and no loop remains for a small extent)."""
    n = 8
    f = elementwise(n, ["int32"] * 3, lambda a, b: a * b, kind=tir.ForKind.UNROLLED)
    a = np.arange(n, dtype="int32")
    b = np.arange(n, dtype="int32") + 3
    out, _ = run(f, a, b, np.zeros(n, "int32"))
    np.testing.assert_array_equal(out[2], a * b)


def test_parallel_loop():
    """A PARALLEL outer loop runs on the thread pool; every element is written once."""
    rows, cols = 64, 33
    A = tir.decl_buffer((rows * cols,), "float32", "A")
    B = tir.decl_buffer((rows,), "float32", "B")
    i, j = tir.Var("i", "int32"), tir.Var("j", "int32")
    acc = tir.BufferStore(B, B[i] + A[i * cols + j], [i])
    body = tir.For(i, 0, rows, tir.ForKind.PARALLEL, tir.SeqStmt([
        tir.BufferStore(B, tir.const(0, "float32"), [i]),
        tir.For(j, 0, cols, tir.ForKind.SERIAL, acc)]))
    f = tir.PrimFunc([A, B], body)
    a = np.random.rand(rows * cols).astype("float32")
    out, mod = run(f, a, np.full(rows, -1, "float32"))
    np.testing.assert_allclose(out[1], a.reshape(rows, cols).sum(axis=1), rtol=1e-5)
    assert "__TVMBackendParallelLaunch" in mod.get_source("ll")


def test_parallel_loop_captures_symbolic_shape():
    """The outlined parallel body sees variables bound outside it (n and the buffers)."""
    n = tir.SizeVar("n", "int32")
    A = tir.decl_buffer((n,), "float32", "A")
    B = tir.decl_buffer((n,), "float32", "B")
    i = tir.Var("i", "int32")
    body = tir.For(i, 0, n, tir.ForKind.PARALLEL, tir.BufferStore(B, A[i] * 2.0, [i]))
    f = tir.PrimFunc([A, B], body)
    for size in [1, 5, 1001]:
        a = np.random.rand(size).astype("float32")
        out, _ = run(f, a, np.zeros(size, "float32"))
        np.testing.assert_allclose(out[1], a * 2, rtol=1e-6)


def test_reduction_loop():
    """A sum reduction through a one-element buffer, in float64."""
    n = 1000
    A = tir.decl_buffer((n,), "float64", "A")
    S = tir.decl_buffer((1,), "float64", "S")
    i = tir.Var("i", "int32")
    body = tir.SeqStmt([
        tir.BufferStore(S, tir.const(0, "float64"), [0]),
        tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(S, S[0] + A[i] * A[i], [0]))])
    f = tir.PrimFunc([A, S], body)
    a = np.random.rand(n)
    out, _ = run(f, a, np.zeros(1))
    np.testing.assert_allclose(out[1][0], np.sum(a * a), rtol=1e-12)


def c_div(a, b):
    q = np.abs(a) // np.abs(b)
    return np.where((a < 0) != (b < 0), -q, q)


@pytest.mark.parametrize("dtype", ["int8", "int32", "int64"])
def test_integer_division_semantics(dtype):
    """Div/Mod truncate (C); FloorDiv/FloorMod floor (numpy //, %)."""
    a = np.array([7, -7, 7, -7, 0, 5, -5, 100, -100], dtype=dtype)
    b = np.array([2, 2, -2, -2, 3, 7, 7, -3, -3], dtype=dtype)
    n = len(a)
    cases = {
        "div": (lambda x, y: tir.Div(x, y), c_div(a, b)),
        "mod": (lambda x, y: tir.Mod(x, y), a - c_div(a, b) * b),
        "floordiv": (lambda x, y: tir.FloorDiv(x, y), a // b),
        "floormod": (lambda x, y: tir.FloorMod(x, y), a % b),
    }
    for key, (fn, expected) in cases.items():
        f = elementwise(n, [dtype] * 3, fn)
        out, _ = run(f, a, b, np.zeros(n, dtype))
        np.testing.assert_array_equal(out[2], expected.astype(dtype), err_msg=key)


def test_int8_wraps_like_numpy():
    """int8 arithmetic wraps around like C and numpy."""
    a = np.array([100, -100, 127, -128], "int8")
    b = np.array([100, -100, 1, -1], "int8")
    f = elementwise(4, ["int8"] * 3, lambda x, y: x + y)
    out, _ = run(f, a, b, np.zeros(4, "int8"))
    np.testing.assert_array_equal(out[2], (a.astype(np.int32) + b).astype("int8"))


def test_min_max_select_compare():
    """Min, Max, Select and comparisons on int32."""
    n = 50
    a = np.random.randint(-100, 100, n).astype("int32")
    b = np.random.randint(-100, 100, n).astype("int32")
    fn = lambda x, y: tir.Select(x < y, tir.Min(x, y) * 2, tir.Max(x, y) - y)  # noqa: E731
    out, _ = run(elementwise(n, ["int32"] * 3, fn), a, b, np.zeros(n, "int32"))
    np.testing.assert_array_equal(out[2], np.where(a < b, np.minimum(a, b) * 2, np.maximum(a, b) - b))


def test_bool_buffers_and_logic():
    """bool inputs/outputs (stored as bytes) with And/Or/Not."""
    n = 16
    a = np.random.rand(n) > 0.5
    b = np.random.rand(n) > 0.5
    fn = lambda x, y: tir.Or(tir.And(x, tir.Not(y)), tir.Not(x))  # noqa: E731
    out, _ = run(elementwise(n, ["bool"] * 3, fn), a, b, np.zeros(n, bool))
    np.testing.assert_array_equal(out[2], (a & ~b) | ~a)


def test_float16_arithmetic():
    """float16 add/mul computed in half precision agree with numpy float16."""
    n = 33
    a = np.random.rand(n).astype("float16")
    b = np.random.rand(n).astype("float16")
    out, _ = run(elementwise(n, ["float16"] * 3, lambda x, y: x * y + x), a, b,
                 np.zeros(n, "float16"))
    np.testing.assert_allclose(out[2].astype("float32"), (a * b + a).astype("float32"),
                               rtol=2e-3)


def test_casts():
    """float -> int truncates toward zero; int -> float; int -> bool is != 0."""
    a = np.array([1.7, -1.7, 0.0, 3.2, -0.5, 250.0], "float32")
    n = len(a)
    out, _ = run(elementwise(n, ["float32", "int32"], lambda x: tir.Cast("int32", x)),
                 a, np.zeros(n, "int32"))
    np.testing.assert_array_equal(out[1], a.astype("int32"))
    ints = np.array([0, 1, -3, 7, 0, 2], "int32")
    out, _ = run(elementwise(n, ["int32", "bool"], lambda x: tir.Cast("bool", x)),
                 ints, np.zeros(n, bool))
    np.testing.assert_array_equal(out[1], ints != 0)
    out, _ = run(elementwise(n, ["int32", "float64"], lambda x: tir.Cast("float64", x) / 2.0),
                 ints, np.zeros(n, "float64"))
    np.testing.assert_allclose(out[1], ints / 2.0)


def test_bitwise_and_shifts():
    """Bitwise ops and arithmetic/logical shifts."""
    a = np.array([0x0F0F, -8, 123456, -1], "int32")
    b = np.array([3, 1, 4, 31], "int32")
    fn = lambda x, y: tir.bitwise_xor(tir.shift_right(x, y), tir.shift_left(x, y) & 0xFF)  # noqa
    out, _ = run(elementwise(4, ["int32"] * 3, fn), a, b, np.zeros(4, "int32"))
    np.testing.assert_array_equal(out[2], (a >> b) ^ ((a << b) & 0xFF))
    u = np.array([0x80000000, 16, 5, 1], "uint32")
    out, _ = run(elementwise(4, ["uint32", "int32", "uint32"],
                             lambda x, y: tir.shift_right(x, tir.Cast("uint32", y))),
                 u, b, np.zeros(4, "uint32"))
    np.testing.assert_array_equal(out[2], u >> b.astype("uint32"))


def test_symbolic_shape():
    """n is a SizeVar bound from A.shape[0]; B must agree with it."""
    n = tir.SizeVar("n", "int32")
    f = elementwise(n, ["float32"] * 2, lambda x: x + 1.0)
    mod = tvm.build(f, name="f")
    for size in [1, 10, 257]:
        a = tvm.nd.array(np.random.rand(size).astype("float32"))
        b = tvm.nd.empty((size,), "float32")
        mod["f"](a, b)
        np.testing.assert_allclose(b.numpy(), a.numpy() + 1, rtol=1e-6)


def test_multidim_buffer_indices():
    """2-D BufferStore/BufferLoad are flattened row-major."""
    A = tir.decl_buffer((3, 5), "float32", "A")
    B = tir.decl_buffer((5, 3), "float32", "B")
    i, j = tir.Var("i", "int32"), tir.Var("j", "int32")
    body = tir.For(i, 0, 3, tir.ForKind.SERIAL, tir.For(
        j, 0, 5, tir.ForKind.SERIAL, tir.BufferStore(B, A[i, j], [j, i])))
    a = np.random.rand(3, 5).astype("float32")
    out, _ = run(tir.PrimFunc([A, B], body), a, np.zeros((5, 3), "float32"))
    np.testing.assert_array_equal(out[1], a.T)


def test_let_if_while():
    """LetStmt, Let, IfThenElse and While together: clamp and count down."""
    n = 10
    A = tir.decl_buffer((n,), "int32", "A")
    B = tir.decl_buffer((n,), "int32", "B")
    i = tir.Var("i", "int32")
    x = tir.Var("x", "int32")
    y = tir.Var("y", "int32")
    T = tir.decl_buffer((1,), "int32", "T")
    # B[i] = number of halvings of x = A[i] until it is < 2, or -1 for negative x.
    loop = tir.SeqStmt([
        tir.BufferStore(T, tir.const(0, "int32"), [0]),
        tir.Allocate(T.data, "int32", [1], tir.const(1, "bool"), tir.SeqStmt([
            tir.BufferStore(T, x, [0]),
            tir.BufferStore(B, tir.const(0, "int32"), [i]),
            tir.While(T[0] >= 2, tir.SeqStmt([
                tir.BufferStore(T, tir.Let(y, T[0], tir.FloorDiv(y, 2)), [0]),
                tir.BufferStore(B, B[i] + 1, [i])]))]))])
    loop = tir.SeqStmt(list(loop.seq)[1:])
    body = tir.For(i, 0, n, tir.ForKind.SERIAL, tir.LetStmt(
        x, A[i], tir.IfThenElse(x < 0, tir.BufferStore(B, tir.const(-1, "int32"), [i]), loop)))
    a = np.array([-5, 0, 1, 2, 3, 4, 8, 1000, 7, -1], "int32")
    out, _ = run(tir.PrimFunc([A, B], body), a, np.zeros(n, "int32"))
    expected = [-1 if v < 0 else (int(np.floor(np.log2(v))) if v >= 2 else 0) for v in a]
    np.testing.assert_array_equal(out[1], expected)


def test_large_allocate_uses_workspace():
    """An Allocate too big for the stack goes through TVMBackendAllocWorkspace."""
    n = 100000
    A = tir.decl_buffer((n,), "float32", "A")
    B = tir.decl_buffer((n,), "float32", "B")
    T = tir.decl_buffer((n,), "float32", "T")
    i = tir.Var("i", "int32")
    body = tir.Allocate(T.data, "float32", [n], tir.const(1, "bool"), tir.SeqStmt([
        tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(T, A[i] * 3.0, [i])),
        tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(B, T[n - 1 - i], [i]))]))
    a = np.random.rand(n).astype("float32")
    out, mod = run(tir.PrimFunc([A, B], body), a, np.zeros(n, "float32"))
    np.testing.assert_allclose(out[1], (a * 3)[::-1], rtol=1e-6)
    assert "__TVMBackendAllocWorkspace" in mod.get_source("ll")


def test_scalar_params():
    """int and float scalar parameters arrive unpacked from TVMValue."""
    A = tir.decl_buffer((4,), "float32", "A")
    k = tir.Var("k", "int32")
    s = tir.Var("s", "float32")
    i = tir.Var("i", "int32")
    body = tir.For(i, 0, 4, tir.ForKind.SERIAL,
                   tir.BufferStore(A, tir.Cast("float32", i * k) * s, [i]))
    mod = tvm.build(tir.PrimFunc([A, k, s], body), name="f")
    a = tvm.nd.empty((4,), "float32")
    mod["f"](a, 3, 0.5)
    np.testing.assert_allclose(a.numpy(), np.arange(4) * 3 * 0.5)


def test_call_packed_and_extern():
    """tvm_call_packed reaches a Python-registered function; call_extern reaches libc."""
    calls = []

    @tvm.register_func("test_codegen_llvm.add_mul", override=True)
    def _add_mul(x, y):
        calls.append((x, y))
        return x * 10 + y

    A = tir.decl_buffer((3,), "int32", "A")
    i = tir.Var("i", "int32")
    body = tir.For(i, 0, 3, tir.ForKind.SERIAL, tir.BufferStore(
        A, tir.call_packed("test_codegen_llvm.add_mul", i, i + 1).astype("int32")
        + tir.call_extern("int32", "abs", i - 5), [i]))
    mod = tvm.build(tir.PrimFunc([A], body), name="f")
    a = tvm.nd.empty((3,), "int32")
    mod["f"](a)
    np.testing.assert_array_equal(a.numpy(), [1 + 5, 12 + 4, 23 + 3])
    assert calls == [(0, 1), (1, 2), (2, 3)]


def test_call_packed_error_propagates():
    """An exception raised by the packed callee comes back to the caller with its message."""
    @tvm.register_func("test_codegen_llvm.fail", override=True)
    def _fail(x):
        raise ValueError(f"bad value {x}")

    A = tir.decl_buffer((1,), "int32", "A")
    body = tir.BufferStore(A, tir.call_packed("test_codegen_llvm.fail", 42).astype("int32"), [0])
    mod = tvm.build(tir.PrimFunc([A], body), name="f")
    with pytest.raises(ValueError, match="bad value 42"):
        mod["f"](tvm.nd.empty((1,), "int32"))


def test_irmodule_with_two_functions():
    """An IRModule of two PrimFuncs gives one module with both functions."""
    f1 = elementwise(8, ["float32"] * 2, lambda x: x + 1.0)
    f2 = elementwise(8, ["float32"] * 2, lambda x: x * 2.0)
    mod = tvm.build(tvm.IRModule({"plus": f1, "twice": f2}))
    a = tvm.nd.array(np.arange(8, dtype="float32"))
    b = tvm.nd.empty((8,), "float32")
    mod["plus"](a, b)
    np.testing.assert_allclose(b.numpy(), np.arange(8) + 1)
    mod["twice"](a, b)
    np.testing.assert_allclose(b.numpy(), np.arange(8) * 2)


def test_save_ll_and_o(tmp_path):
    """save() writes LLVM text and an ELF object file."""
    mod = tvm.build(elementwise(8, ["float32"] * 2, lambda x: x + 1.0), name="f")
    mod.save(str(tmp_path / "x.ll"))
    mod.save(str(tmp_path / "x.o"))
    assert "define" in (tmp_path / "x.ll").read_text()
    assert (tmp_path / "x.o").read_bytes()[:4] == b"\x7fELF"
    assert "__tvm_module_ctx" in mod.get_source("ll")


def test_time_evaluator():
    """time_evaluator returns positive per-run times for each repeat."""
    n = 1024
    mod = tvm.build(elementwise(n, ["float32"] * 2, lambda x: x + 1.0), name="f")
    a = tvm.nd.array(np.zeros(n, "float32"))
    b = tvm.nd.empty((n,), "float32")
    res = mod.time_evaluator("f", tvm.cpu(0), number=5, repeat=3)(a, b)
    assert len(res.results) == 3
    assert res.mean > 0 and res.median > 0
    with pytest.raises(ValueError, match="no function"):
        mod.time_evaluator("nope", tvm.cpu(0))


def test_te_schedule_not_supported_yet_or_builds():
    """tvm.build of a non-TIR input is a clear TypeError."""
    with pytest.raises(TypeError, match="PrimFunc"):
        tvm.build(42)


def test_te_schedule_vectorize_parallel():
    """A TE schedule (split, parallel, vectorize) builds through tvm.lower into fast code:
    <16 x float> operations and alias scopes from tir.noalias."""
    if tvm.get_global_func("driver.lower_schedule", allow_missing=True) is None:
        pytest.skip("TE lowering is not in this build")
    from tvm import te  # pylint: disable=import-outside-toplevel

    n = 4096
    A = te.placeholder((n,), name="A")
    B = te.placeholder((n,), name="B")
    C = te.compute((n,), lambda i: A[i] * B[i] + 1.0, name="C")
    s = te.create_schedule(C.op)
    xo, xi = s[C].split(C.op.axis[0], factor=16)
    s[C].parallel(xo)
    s[C].vectorize(xi)
    mod = tvm.build(s, [A, B, C], "llvm", name="fmadd")
    a = np.random.rand(n).astype("float32")
    b = np.random.rand(n).astype("float32")
    c = tvm.nd.empty((n,), "float32")
    mod["fmadd"](tvm.nd.array(a), tvm.nd.array(b), c)
    np.testing.assert_allclose(c.numpy(), a * b + 1, rtol=1e-6)
    ll = mod.get_source("ll")
    assert "<16 x float>" in ll
    assert "!noalias" in ll


def test_unknown_mcpu_is_a_value_error_not_an_abort():
    """LLVM aborts the process on a CPU name it does not know; the target check says which
    name was found instead."""
    import pytest  # pylint: disable=import-outside-toplevel

    a = tvm.te.placeholder((4,), name="a")
    b = tvm.te.compute((4,), lambda i: a[i] + 1, name="b")
    s = tvm.te.create_schedule(b.op)
    with pytest.raises(ValueError, match="-mcpu=bogus is not a CPU LLVM knows"):
        tvm.build(s, [a, b], target="llvm -mcpu=bogus")
