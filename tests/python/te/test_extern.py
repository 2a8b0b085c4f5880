"""te.extern: operations computed by a packed function (or any statement) over bound buffers,
checked against numpy on the LLVM and C targets, plus the misuse errors."""
import numpy as np
import pytest

import tvm
from tvm import te

TARGETS = ["llvm", "c"]


@tvm.register_func("test.extern.matmul", override=True)
def _np_matmul(a, b, c):
    c.copyfrom(a.numpy() @ b.numpy())


@tvm.register_func("test.extern.split_sign", override=True)
def _np_split_sign(x, pos, neg):
    v = x.numpy()
    pos.copyfrom(np.maximum(v, 0))
    neg.copyfrom(np.minimum(v, 0))


@tvm.register_func("test.extern.fail", override=True)
def _fail(x):
    raise ValueError("extern kernel refused its input")


def _matmul_extern(A, B, n, m):
    return te.extern((n, m), [A, B],
                     lambda ins, outs: tvm.tir.call_packed("test.extern.matmul", ins[0], ins[1],
                                                           outs[0]),
                     name="C")


@pytest.mark.parametrize("target", TARGETS)
def test_extern_packed_gemm_feeds_compute(target):
    """A GEMM done by a packed function feeds an elementwise stage; the result equals numpy."""
    n, k, m = 33, 20, 17
    A = te.placeholder((n, k), name="A")
    B = te.placeholder((k, m), name="B")
    C = _matmul_extern(A, B, n, m)
    D = te.compute((n, m), lambda i, j: C[i, j] * 2.0 + 1.0, name="D")
    s = te.create_schedule(D.op)
    f = tvm.build(s, [A, B, D], target)
    a = np.random.rand(n, k).astype("float32")
    b = np.random.rand(k, m).astype("float32")
    d = tvm.nd.empty((n, m))
    f(tvm.nd.array(a), tvm.nd.array(b), d)
    np.testing.assert_allclose(d.numpy(), (a @ b) * 2 + 1, rtol=1e-5)


@pytest.mark.parametrize("target", TARGETS)
def test_extern_reads_an_intermediate_and_writes_the_output(target):
    """The extern's input is a computed temporary and its output is the function's output."""
    n, k, m = 16, 8, 12
    A = te.placeholder((n, k), name="A")
    B = te.placeholder((k, m), name="B")
    A2 = te.compute((n, k), lambda i, j: A[i, j] + 1.0, name="A2")
    C = _matmul_extern(A2, B, n, m)
    s = te.create_schedule(C.op)
    f = tvm.build(s, [A, B, C], target)
    a = np.random.rand(n, k).astype("float32")
    b = np.random.rand(k, m).astype("float32")
    c = tvm.nd.empty((n, m))
    f(tvm.nd.array(a), tvm.nd.array(b), c)
    np.testing.assert_allclose(c.numpy(), (a + 1) @ b, rtol=1e-5)


def test_extern_with_two_outputs_and_symbolic_shape():
    """An extern with two outputs over a symbolic length computes both for several lengths."""
    n = te.var("n")
    X = te.placeholder((n,), name="X")
    P, N = te.extern([(n,), (n,)], [X],
                     lambda ins, outs: tvm.tir.call_packed("test.extern.split_sign", ins[0],
                                                           outs[0], outs[1]),
                     name="sign")
    Y = te.compute((n,), lambda i: P[i] * 3.0 + N[i], name="Y")
    s = te.create_schedule(Y.op)
    f = tvm.build(s, [X, Y], "llvm")
    for length in (1, 7, 64):
        x = np.random.randn(length).astype("float32")
        y = tvm.nd.empty((length,))
        f(tvm.nd.array(x), y)
        np.testing.assert_allclose(y.numpy(), np.maximum(x, 0) * 3 + np.minimum(x, 0), rtol=1e-6)


@pytest.mark.parametrize("target", TARGETS)
def test_extern_bool_buffer_reaches_the_callee_as_bool(target):
    """A bool buffer is passed with dtype bool (one byte per element), not as int32."""
    seen = {}

    def probe(x, out):
        seen["dtype"], seen["value"] = x.dtype, x.numpy()
        out.copyfrom(np.zeros((1,), "int32"))

    tvm.register_func("test.extern.probe_bool", probe, override=True)
    x = te.placeholder((4,), "bool", name="x")
    y = te.extern([[1]], [x], lambda ins, outs: tvm.tir.call_packed(
        "test.extern.probe_bool", ins[0], outs[0]), dtype=["int32"], name="y")
    f = tvm.build(te.create_schedule(y.op), [x, y], target)
    value = np.array([True, False, True, True])
    f(tvm.nd.array(value), tvm.nd.empty((1,), "int32"))
    assert seen["dtype"] == "bool"
    np.testing.assert_array_equal(seen["value"], value)


def test_extern_statement_body_without_packed_call():
    """fcompute may return any statement: here a loop written with tir nodes (a reversal)."""
    n = 10
    X = te.placeholder((n,), name="X")

    def reverse(ins, outs):
        i = tvm.tir.Var("i", "int32")
        store = outs[0].vstore([i], ins[0].vload([n - 1 - i]))
        return tvm.tir.For(i, 0, n, tvm.tir.ForKind.SERIAL, store)

    Y = te.extern((n,), [X], reverse, name="rev")
    s = te.create_schedule(Y.op)
    f = tvm.build(s, [X, Y], "llvm")
    x = np.random.rand(n).astype("float32")
    y = tvm.nd.empty((n,))
    f(tvm.nd.array(x), y)
    np.testing.assert_array_equal(y.numpy(), x[::-1])


def test_lowered_extern_passes_dltensors():
    """The lowered program passes each buffer as tvm_stack_make_array to tvm_call_packed."""
    A = te.placeholder((4, 4), name="A")
    B = te.placeholder((4, 4), name="B")
    C = _matmul_extern(A, B, 4, 4)
    text = str(tvm.lower(te.create_schedule(C.op), [A, B, C], simple_mode=True))
    assert "tvm_call_packed" in text and text.count("tvm_stack_make_array") == 3


def test_error_raised_in_the_packed_function_reaches_the_caller():
    """An exception in the Python kernel propagates with its message through the compiled code."""
    X = te.placeholder((4,), name="X")
    Y = te.extern((4,), [X], lambda ins, outs: tvm.tir.call_packed("test.extern.fail", ins[0]),
                  name="Y")
    f = tvm.build(te.create_schedule(Y.op), [X, Y], "llvm")
    with pytest.raises(ValueError, match="refused its input"):
        f(tvm.nd.array(np.zeros(4, "float32")), tvm.nd.empty((4,)))


def test_missing_packed_function_is_an_error_naming_it():
    """Calling a packed function nobody registered fails at run time, naming the function."""
    X = te.placeholder((4,), name="X")
    Y = te.extern((4,), [X],
                  lambda ins, outs: tvm.tir.call_packed("test.extern.nobody", ins[0], outs[0]),
                  name="Y")
    f = tvm.build(te.create_schedule(Y.op), [X, Y], "llvm")
    with pytest.raises(tvm.error.TVMError, match="test.extern.nobody"):
        f(tvm.nd.array(np.zeros(4, "float32")), tvm.nd.empty((4,)))


def test_extern_misuse_errors():
    """Wrong buffers, inlining an extern's input, compute_at of an extern: each a ValueError."""
    A = te.placeholder((4, 4), name="A")
    bad = tvm.tir.decl_buffer((4, 5), "float32", "bad")
    with pytest.raises(ValueError, match=r"input 0 \(A\).*\(4, 4\).*bad.*\(4, 5\)"):
        te.extern((4, 4), [A], lambda ins, outs: tvm.tir.call_packed("x", ins[0]),
                  in_buffers=[bad])
    with pytest.raises(ValueError, match="2 inputs but 1 input buffers"):
        te.extern((4, 4), [A, A], lambda ins, outs: tvm.tir.call_packed("x", ins[0]),
                  in_buffers=[bad])
    with pytest.raises(TypeError, match="function name"):
        tvm.tir.call_packed(A.op.output(0).shape[0])

    A2 = te.compute((4, 4), lambda i, j: A[i, j] + 1.0, name="A2")
    C = _matmul_extern(A2, A, 4, 4)
    s = te.create_schedule(C.op)
    s[A2].compute_inline()
    with pytest.raises(ValueError, match="read by the extern operation C.*cannot be inlined"):
        tvm.lower(s, [A, C])

    D = te.compute((4, 4), lambda i, j: C[i, j] * 2.0, name="D")
    s = te.create_schedule(D.op)
    with pytest.raises(ValueError, match="extern operation"):
        s[C].compute_at(s[D], D.op.axis[0])
    with pytest.raises(ValueError, match="only compute stages"):
        s[C].compute_inline()
