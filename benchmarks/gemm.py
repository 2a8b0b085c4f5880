"""1024x1024x1024 float32 GEMM: the default schedule and a blocked, packed, vectorized,
parallel schedule, beside the machine's FMA peak and numpy's BLAS, measured in one run.

    .venv/bin/python benchmarks/gemm.py [--n 1024] [--repeat 10]
"""
import argparse
import os
import sys
import time

import numpy as np

import tvm
from tvm import te

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  pylint: disable=wrong-import-position


def gemm_default(n):
    A = te.placeholder((n, n), name="A")
    B = te.placeholder((n, n), name="B")
    k = te.reduce_axis((0, n), "k")
    C = te.compute((n, n), lambda x, y: te.sum(A[x, k] * B[k, y], axis=k), name="C")
    return te.create_schedule(C.op), [A, B, C]


def gemm_blocked(n, bn=32, rows=8, kfactor=4):
    """B packed into [n/bn, n, bn] panels; C tiled rows x bn, the bn lanes vectorized, the
    rows unrolled (so the accumulators stay in registers), the row blocks parallel."""
    A = te.placeholder((n, n), name="A")
    B = te.placeholder((n, n), name="B")
    k = te.reduce_axis((0, n), "k")
    packed = te.compute((n // bn, n, bn), lambda x, y, z: B[y, x * bn + z], name="packedB")
    C = te.compute((n, n), lambda x, y: te.sum(A[x, k] * packed[y // bn, k, y % bn], axis=k),
                   name="C")
    s = te.create_schedule(C.op)
    xo, yo, xi, yi = s[C].tile(*C.op.axis, rows, bn)
    ko, ki = s[C].split(s[C].op.reduce_axis[0], factor=kfactor)
    s[C].reorder(xo, yo, ko, ki, xi, yi)
    s[C].vectorize(yi)
    s[C].unroll(xi)
    s[C].parallel(xo)
    px, _, pz = s[packed].op.axis
    s[packed].vectorize(pz)
    s[packed].parallel(px)
    return s, [A, B, C]


def best_time(f, repeat):
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1024)
    p.add_argument("--repeat", type=int, default=10)
    args = p.parse_args()
    n = args.n
    flops = 2.0 * n ** 3
    a_np = np.random.rand(n, n).astype("float32")
    b_np = np.random.rand(n, n).astype("float32")
    ref = a_np @ b_np
    threads = tvm.runtime.num_threads()
    print(f"GEMM {n}x{n}x{n} float32, {threads} threads (TVM_NUM_THREADS)")
    peak1 = common.fma_peak_gflops(1)
    peakn = common.fma_peak_gflops(threads)
    print(f"FMA peak: {peak1:.1f} GFLOPS (1 thread), {peakn:.1f} GFLOPS ({threads} threads)")
    rows = []
    for name, make in [("default schedule", gemm_default), ("blocked schedule", gemm_blocked)]:
        s, tensors = make(n)
        t0 = time.perf_counter()
        f = tvm.build(tvm.lower(s, tensors), target="llvm")
        compile_s = time.perf_counter() - t0
        a, b = tvm.nd.array(a_np), tvm.nd.array(b_np)
        c = tvm.nd.empty((n, n))
        f["main"](a, b, c)
        np.testing.assert_allclose(c.numpy(), ref, rtol=1e-3)
        reps = 1 if name == "default schedule" else args.repeat
        t = best_time(lambda: f["main"](a, b, c), reps)
        rows.append((name, flops / t / 1e9, compile_s))
    t = best_time(lambda: np.matmul(a_np, b_np), args.repeat)
    rows.append((f"numpy ({common.numpy_blas_info()})", flops / t / 1e9, 0.0))
    print(f"{'':52s}{'GFLOPS':>9s}{'% peak':>9s}{'compile s':>11s}")
    for name, g, cs in rows:
        print(f"{name:52s}{g:9.1f}{100 * g / peakn:8.1f}%{cs:11.2f}")


if __name__ == "__main__":
    main()
