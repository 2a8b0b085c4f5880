"""Schedules compiled with the LLVM backend compute what numpy computes, for every primitive,
including sizes the split factors do not divide."""
import numpy as np
import pytest

import tvm
from tvm import te


def _run(s, tensors, inputs):
    f = tvm.build(tvm.lower(s, tensors), target="llvm")
    args = [tvm.nd.array(x) for x in inputs]
    out = tvm.nd.empty([int(d) for d in tensors[-1].shape], tensors[-1].dtype)
    f["main"](*args, out)
    return out.numpy()


def _elementwise(n, m):
    A = te.placeholder((n, m), name="A")
    B = te.compute((n, m), lambda i, j: A[i, j] * 2.0 + 1.0, name="B")
    return A, B


@pytest.mark.parametrize("n,m,factor", [(64, 64, 16), (37, 29, 8), (5, 3, 4)])
def test_split_fuse_reorder_parallel_vectorize(n, m, factor):
    """split/reorder/fuse/parallel/vectorize/unroll keep the values for odd sizes."""
    A, B = _elementwise(n, m)
    s = te.create_schedule(B.op)
    i, j = B.op.axis
    jo, ji = s[B].split(j, factor=factor)
    io, ii = s[B].split(i, nparts=3)
    s[B].reorder(io, jo, ii, ji)
    f = s[B].fuse(io, jo)
    s[B].parallel(f)
    s[B].vectorize(ji)
    s[B].unroll(ii) if n <= 40 else None
    a = np.random.rand(n, m).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a]), a * 2 + 1, rtol=1e-6)


@pytest.mark.parametrize("n", [64, 50])
def test_tiled_reduction_with_cache_write_and_compute_at(n):
    """A tiled matmul with a local accumulator computed at the tile matches numpy."""
    A = te.placeholder((n, n), name="A")
    B = te.placeholder((n, n), name="B")
    k = te.reduce_axis((0, n), "k")
    C = te.compute((n, n), lambda x, y: te.sum(A[x, k] * B[k, y], axis=k), name="C")
    s = te.create_schedule(C.op)
    CC = s.cache_write(C, "local")
    xo, yo, xi, yi = s[C].tile(*C.op.axis, 8, 16)
    s[CC].compute_at(s[C], yo)
    xc, yc = s[CC].op.axis
    ko, ki = s[CC].split(s[CC].op.reduce_axis[0], factor=4)
    s[CC].reorder(ko, ki, xc, yc)
    s[CC].vectorize(yc)
    s[C].parallel(xo)
    a = np.random.rand(n, n).astype("float32")
    b = np.random.rand(n, n).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B, C], [a, b]), a @ b, rtol=1e-4)


def test_compute_inline_and_compute_at_values():
    """An inlined stage and a stage computed at a tile give numpy's values."""
    n = 30
    A = te.placeholder((n, n), name="A")
    B = te.compute((n, n), lambda i, j: te.exp(A[i, j]), name="B")
    C = te.compute((n, n), lambda i, j: B[i, j] * 3.0, name="C")
    D = te.compute((n, n), lambda i, j: C[i, j] - 1.0, name="D")
    s = te.create_schedule(D.op)
    s[B].compute_inline()
    xo, yo, xi, yi = s[D].tile(*D.op.axis, 8, 8)
    s[C].compute_at(s[D], yo)
    a = np.random.rand(n, n).astype("float32")
    np.testing.assert_allclose(_run(s, [A, D], [a]), np.exp(a) * 3 - 1, rtol=1e-5)


@pytest.mark.parametrize("reducer,ref", [(te.sum, np.sum), (te.max, np.max), (te.min, np.min)])
def test_reductions(reducer, ref):
    """sum/max/min over a reduction axis match numpy."""
    A = te.placeholder((13, 27), name="A")
    k = te.reduce_axis((0, 27), "k")
    B = te.compute((13,), lambda i: reducer(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    a = np.random.randn(13, 27).astype("float32")
    # Sums of mixed-sign values can be near 0, where only an absolute tolerance is meaningful;
    # float32 accumulation in another order differs by a few ulps of the terms (~1e-6).
    np.testing.assert_allclose(_run(s, [A, B], [a]), ref(a, axis=1), rtol=1e-5, atol=1e-5)


def test_symbolic_shape():
    """A schedule over a symbolic n runs for several n (the packed API binds n)."""
    n = te.var("n")
    A = te.placeholder((n,), name="A")
    B = te.compute((n,), lambda i: A[i] + 1.0, name="B")
    s = te.create_schedule(B.op)
    xo, xi = s[B].split(B.op.axis[0], factor=8)
    s[B].vectorize(xi)
    f = tvm.build(tvm.lower(s, [A, B]), target="llvm")
    for size in [1, 8, 13, 100]:
        a = tvm.nd.array(np.random.rand(size).astype("float32"))
        b = tvm.nd.empty((size,), "float32")
        f["main"](a, b)
        np.testing.assert_allclose(b.numpy(), a.numpy() + 1, rtol=1e-6)


def test_int8_and_float16_storage():
    """int8 arithmetic wraps like numpy's; float16 storage rounds like numpy's."""
    A = te.placeholder((64,), "int8", name="A")
    B = te.compute((64,), lambda i: A[i] * 3 + 7, name="B")
    s = te.create_schedule(B.op)
    a = np.random.randint(-128, 127, size=64).astype("int8")
    np.testing.assert_array_equal(_run(s, [A, B], [a]), (a * np.int8(3) + np.int8(7)).astype("int8"))
    H = te.placeholder((64,), "float16", name="H")
    G = te.compute((64,), lambda i: H[i] * 2.0, name="G")
    s = te.create_schedule(G.op)
    h = np.random.rand(64).astype("float16")
    np.testing.assert_allclose(_run(s, [H, G], [h]), h * np.float16(2), rtol=1e-3)


def test_binding_a_gpu_thread_on_the_cpu_is_an_error():
    """Building a schedule with a GPU thread binding for llvm is a ValueError naming the axis."""
    A = te.placeholder((64,), name="A")
    B = te.compute((64,), lambda i: A[i] + 1.0, name="B")
    s = te.create_schedule(B.op)
    xo, _ = s[B].split(B.op.axis[0], 16)
    s[B].bind(xo, te.thread_axis("blockIdx.x"))
    with pytest.raises(ValueError, match="GPU thread axis blockIdx.x"):
        tvm.build(s, [A, B], target="llvm")
