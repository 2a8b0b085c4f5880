"""
How to optimize GEMM on CPU
===========================
Starting from the default schedule of C = A @ B, apply blocking, loop permutation,
vectorization, array packing, a register-tile accumulator (cache_write) and parallelism, and
watch the GFLOPS grow. Every version is checked against NumPy.
"""
import time

import numpy as np

import tvm
from tvm import te

M = K = N = 512
dev = tvm.cpu()
a_np = np.random.rand(M, K).astype("float32")
b_np = np.random.rand(K, N).astype("float32")
expected = a_np @ b_np
a = tvm.nd.array(a_np, dev)
b = tvm.nd.array(b_np, dev)


def evaluate(name, s, args):
    f = tvm.build(s, args, target="llvm", name="gemm")
    c = tvm.nd.empty((M, N), "float32", dev)
    f(a, b, c)
    np.testing.assert_allclose(c.numpy(), expected, rtol=1e-4)
    t = f.time_evaluator("gemm", dev, number=3, repeat=3)(a, b, c).mean
    print(f"{name:<28} {2 * M * N * K / t / 1e9:8.1f} GFLOPS")


k = te.reduce_axis((0, K), "k")
A = te.placeholder((M, K), name="A")
B = te.placeholder((K, N), name="B")
C = te.compute((M, N), lambda x, y: te.sum(A[x, k] * B[k, y], axis=k), name="C")

# %% 1. Default: three nested loops, poor locality on B.
s = te.create_schedule(C.op)
evaluate("default", s, [A, B, C])

# %% 2. Blocking and loop permutation: 32x32 tiles, k outside the inner tile, inner loop
# vectorized.
bn = 32
s = te.create_schedule(C.op)
xo, yo, xi, yi = s[C].tile(C.op.axis[0], C.op.axis[1], bn, bn)
ko, ki = s[C].split(s[C].op.reduce_axis[0], factor=4)
s[C].reorder(xo, yo, ko, ki, xi, yi)
s[C].vectorize(yi)
evaluate("blocking + vectorize", s, [A, B, C])

# %% 3. Array packing: B rearranged into [N/bn, K, bn] panels so the inner loop reads
# contiguous memory; a local accumulator per tile (cache_write) kept in registers; the row
# blocks run in parallel.
packedB = te.compute((N // bn, K, bn), lambda x, y, z: B[y, x * bn + z], name="packedB")
C = te.compute((M, N), lambda x, y: te.sum(A[x, k] * packedB[y // bn, k, y % bn], axis=k),
               name="C")
s = te.create_schedule(C.op)
CC = s.cache_write(C, "local")
xo, yo, xi, yi = s[C].tile(C.op.axis[0], C.op.axis[1], 8, bn)
s[CC].compute_at(s[C], yo)
xc, yc = s[CC].op.axis
ko, ki = s[CC].split(s[CC].op.reduce_axis[0], factor=4)
s[CC].reorder(ko, ki, xc, yc)
s[CC].unroll(ki)
s[CC].unroll(xc)
s[CC].vectorize(yc)
s[C].vectorize(yi)
s[C].parallel(xo)
px, _, pz = s[packedB].op.axis
s[packedB].vectorize(pz)
s[packedB].parallel(px)
evaluate("packing + registers + parallel", s, [A, B, C])

# %% NumPy's BLAS on the same problem, for reference.
t0 = time.perf_counter()
for _ in range(3):
    a_np @ b_np
print(f"{'numpy':<28} {3 * 2 * M * N * K / (time.perf_counter() - t0) / 1e9:8.1f} GFLOPS")
