"""TE programs with GPU schedules, shared by the OpenCL, CUDA and GPU lowering tests.

Each function returns (schedule, args, inputs, reference): `inputs` builds the numpy inputs
for one run and `reference` computes the expected outputs from them with numpy.
"""
import numpy as np

import tvm
from tvm import te


def _rand(*shape, dtype="float32", seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, size=shape).astype(dtype)


def vector_add(n=1024, threads=64, dtype="float32"):
    """C = A + B, one element per thread."""
    A = te.placeholder((n,), name="A", dtype=dtype)
    B = te.placeholder((n,), name="B", dtype=dtype)
    C = te.compute((n,), lambda i: A[i] + B[i], name="C")
    s = te.create_schedule(C.op)
    bx, tx = s[C].split(C.op.axis[0], factor=threads)
    s[C].bind(bx, te.thread_axis("blockIdx.x"))
    s[C].bind(tx, te.thread_axis("threadIdx.x"))

    def inputs():
        return [_rand(n, dtype=dtype, seed=1), _rand(n, dtype=dtype, seed=2)]

    return s, [A, B, C], inputs, lambda a, b: [a + b]


def vector_add_symbolic(threads=32):
    """C = A + B of symbolic length n: a tail guard, n passed to the kernel."""
    n = te.var("n")
    A = te.placeholder((n,), name="A")
    B = te.placeholder((n,), name="B")
    C = te.compute((n,), lambda i: A[i] + B[i], name="C")
    s = te.create_schedule(C.op)
    bx, tx = s[C].split(C.op.axis[0], factor=threads)
    s[C].bind(bx, te.thread_axis("blockIdx.x"))
    s[C].bind(tx, te.thread_axis("threadIdx.x"))

    def inputs(length=100):
        return [_rand(length, seed=3), _rand(length, seed=4)]

    return s, [A, B, C], inputs, lambda a, b: [a + b]


def matmul_shared(n=64, tile=8, double_buffer=False):
    """C = A @ B with tile x tile blocks: A and B tiles staged in shared memory, the
    accumulator in a register ("local"), and barriers between the fetch and the use."""
    A = te.placeholder((n, n), name="A")
    B = te.placeholder((n, n), name="B")
    k = te.reduce_axis((0, n), name="k")
    C = te.compute((n, n), lambda i, j: te.sum(A[i, k] * B[k, j], axis=k), name="C")
    s = te.create_schedule(C.op)
    AA = s.cache_read(A, "shared", [C])
    BB = s.cache_read(B, "shared", [C])
    CL = s.cache_write(C, "local")
    i, j = s[C].op.axis
    bi, ti = s[C].split(i, factor=tile)
    bj, tj = s[C].split(j, factor=tile)
    s[C].reorder(bi, bj, ti, tj)
    s[C].bind(bi, te.thread_axis("blockIdx.y"))
    s[C].bind(bj, te.thread_axis("blockIdx.x"))
    s[C].bind(ti, te.thread_axis("threadIdx.y"))
    s[C].bind(tj, te.thread_axis("threadIdx.x"))
    s[CL].compute_at(s[C], tj)
    ko, _ = s[CL].split(s[CL].op.reduce_axis[0], factor=tile)
    for stage in (AA, BB):
        s[stage].compute_at(s[CL], ko)
        x, y = s[stage].op.axis
        s[stage].bind(x, te.thread_axis("threadIdx.y"))
        s[stage].bind(y, te.thread_axis("threadIdx.x"))
        if double_buffer:
            s[stage].double_buffer()

    def inputs():
        return [_rand(n, n, seed=5), _rand(n, n, seed=6)]

    return s, [A, B, C], inputs, lambda a, b: [a @ b]


def row_max_sum(rows=96, cols=37, threads=32):
    """Two reductions per row (sum and max), one row per thread, with a tail guard."""
    A = te.placeholder((rows, cols), name="A")
    k = te.reduce_axis((0, cols), name="k")
    S = te.compute((rows,), lambda i: te.sum(A[i, k], axis=k), name="S")
    k2 = te.reduce_axis((0, cols), name="k2")
    M = te.compute((rows,), lambda i: te.max(A[i, k2], axis=k2), name="M")
    s = te.create_schedule([S.op, M.op])
    for T in (S, M):
        bx, tx = s[T].split(T.op.axis[0], factor=threads)
        s[T].bind(bx, te.thread_axis("blockIdx.x"))
        s[T].bind(tx, te.thread_axis("threadIdx.x"))

    def inputs():
        return [_rand(rows, cols, seed=7)]

    return s, [A, S, M], inputs, lambda a: [a.sum(axis=1), a.max(axis=1)]


def row_max_rfactor(rows=8, cols=1000, threads=64):
    """Row maxima in TVM's reduction schedule: rfactor over the inner split, the factored axis
    bound to threadIdx.x, the rfactor stage computed per thread (a register)."""
    A = te.placeholder((rows, cols), name="A")
    k = te.reduce_axis((0, cols), name="k")
    B = te.compute((rows,), lambda i: te.max(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    _, ki = s[B].split(B.op.reduce_axis[0], factor=threads)
    BF = s.rfactor(B, ki)
    tx = s[B].op.reduce_axis[0]
    s[B].bind(B.op.axis[0], te.thread_axis("blockIdx.x"))
    s[B].bind(tx, te.thread_axis("threadIdx.x"))
    s[BF].compute_at(s[B], tx)

    def inputs():
        return [_rand(rows, cols, seed=13)]

    return s, [A, B], inputs, lambda a: [a.max(axis=1)]


def elementwise_math(n=256, dtype="float32"):
    """exp, sqrt, max, select, floor division of negative values and casts in one kernel."""
    A = te.placeholder((n,), name="A", dtype=dtype)
    C = te.compute(
        (n,),
        lambda i: te.exp(A[i]) + te.sqrt(te.max(A[i], tvm.tir.const(0, dtype)))
        + tvm.tir.Select(A[i] > tvm.tir.const(0.5, dtype), A[i], tvm.tir.const(0, dtype))
        + (i % 3).astype(dtype) + te.floordiv(i - 5, 3).astype(dtype),
        name="C")
    s = te.create_schedule(C.op)
    bx, tx = s[C].split(C.op.axis[0], factor=64)
    s[C].bind(bx, te.thread_axis("blockIdx.x"))
    s[C].bind(tx, te.thread_axis("threadIdx.x"))

    def inputs():
        return [_rand(n, dtype=dtype, seed=8)]

    def ref(a):
        idx = (np.arange(n) % 3).astype(dtype) + np.floor_divide(np.arange(n) - 5, 3).astype(dtype)
        return [np.exp(a) + np.sqrt(np.maximum(a, 0)) + np.where(a > 0.5, a, 0) + idx]

    return s, [A, C], inputs, ref


def vectorized_axpy(n=1024, lanes=4):
    """C = A * B + 1 with 4 consecutive elements per thread, vectorized."""
    A = te.placeholder((n,), name="A")
    B = te.placeholder((n,), name="B")
    C = te.compute((n,), lambda i: A[i] * B[i] + 1.0, name="C")
    s = te.create_schedule(C.op)
    bx, r = s[C].split(C.op.axis[0], factor=64 * lanes)
    tx, v = s[C].split(r, factor=lanes)
    s[C].bind(bx, te.thread_axis("blockIdx.x"))
    s[C].bind(tx, te.thread_axis("threadIdx.x"))
    s[C].vectorize(v)

    def inputs():
        return [_rand(n, seed=9), _rand(n, seed=10)]

    return s, [A, B, C], inputs, lambda a, b: [a * b + 1]


def virtual_threads(n=256):
    """Two virtual threads per thread, each computing half of the block's elements."""
    A = te.placeholder((n,), name="A")
    C = te.compute((n,), lambda i: A[i] * 3.0, name="C")
    s = te.create_schedule(C.op)
    bx, r = s[C].split(C.op.axis[0], factor=64)
    vx, tx = s[C].split(r, nparts=2)
    s[C].bind(bx, te.thread_axis("blockIdx.x"))
    s[C].bind(vx, te.thread_axis("vthread"))
    s[C].bind(tx, te.thread_axis("threadIdx.x"))

    def inputs():
        return [_rand(n, seed=11)]

    return s, [A, C], inputs, lambda a: [a * 3]


def _row_reduce(kind, rows, cols, threads, dtype="float32", seed=12):
    """Row `kind` (sum / min) with the reduce axis split over `threads` threads of a block."""
    A = te.placeholder((rows, cols), name="A", dtype=dtype)
    k = te.reduce_axis((0, cols), name="k")
    B = te.compute((rows,), lambda i: getattr(te, kind)(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    _, ki = s[B].split(k, factor=threads)
    s[B].bind(B.op.axis[0], te.thread_axis("blockIdx.x"))
    s[B].bind(ki, te.thread_axis("threadIdx.x"))

    def inputs():
        return [_rand(rows, cols, dtype=dtype, seed=seed)]

    return s, [A, B], inputs, lambda a: [getattr(a, kind)(axis=1)]


def row_sum_cross_thread(rows=37, cols=100, threads=24):
    """Row sums over 24 threads (a tree reduction in shared memory; 24 is not a power of two
    and does not divide 100)."""
    return _row_reduce("sum", rows, cols, threads)


def row_sum_shuffle(rows=37, cols=1000, threads=256, dtype="float32"):
    """Row sums over a power-of-two thread count: on CUDA the block combines its partials by
    warp shuffles (and, past 32 threads, one shared slot per warp)."""
    return _row_reduce("sum", rows, cols, threads, dtype, seed=14)


def row_min_shuffle_one_warp(rows=20, cols=70, threads=16):
    """Row minima over 16 threads (half a warp: the shuffle mask and width are 16 lanes)."""
    return _row_reduce("min", rows, cols, threads, seed=15)


ALL = {
    "row_sum_cross_thread": row_sum_cross_thread,
    "row_sum_shuffle": row_sum_shuffle,
    "row_sum_shuffle_float64": lambda: row_sum_shuffle(threads=64, dtype="float64"),
    "row_min_shuffle_one_warp": row_min_shuffle_one_warp,
    "row_max_rfactor": row_max_rfactor,
    "matmul_double_buffer": lambda: matmul_shared(n=60, double_buffer=True),
    "vectorized_axpy": vectorized_axpy,
    "virtual_threads": virtual_threads,
    "vector_add": vector_add,
    "matmul_shared": matmul_shared,
    "row_max_sum": row_max_sum,
    "elementwise_math": elementwise_math,
}


def run(mod, args, inputs, reference, dev, rtol=1e-5, **input_kw):
    """Run `mod` on `dev` with fresh inputs and compare every output with numpy."""
    host_inputs = inputs(**input_kw)
    expected = reference(*host_inputs)
    arrays = [tvm.nd.array(x, dev) for x in host_inputs]
    outs = [tvm.nd.empty(e.shape, str(e.dtype), dev) for e in expected]
    mod(*arrays, *outs)
    for got, want in zip(outs, expected):
        np.testing.assert_allclose(got.numpy(), want, rtol=rtol, atol=1e-5)
