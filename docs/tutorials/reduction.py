"""
Reductions and rfactor
======================
A row sum reduces along k. ``rfactor`` splits the reduction into a factored stage that
computes partial sums over an independent axis (which can be vectorized or run in parallel)
and a final stage that adds the partials.
"""
import numpy as np

import tvm
from tvm import te

n, m = 64, 1000
A = te.placeholder((n, m), name="A")
k = te.reduce_axis((0, m), name="k")
B = te.compute((n,), lambda i: te.sum(A[i, k], axis=k), name="B")

s = te.create_schedule(B.op)
ko, ki = s[B].split(B.op.reduce_axis[0], factor=16)
BF = s.rfactor(B, ki)          # BF[i, ki] = sum over ko of A[i, ko*16 + ki]
s[BF].vectorize(BF.op.axis[1] if len(BF.op.axis) > 1 else BF.op.axis[0])
s[B].parallel(B.op.axis[0])
print(tvm.lower(s, [A, B], simple_mode=True))

f = tvm.build(s, [A, B], "llvm")
a = np.random.rand(n, m).astype("float32")
b = tvm.nd.empty((n,))
f(tvm.nd.array(a), b)
np.testing.assert_allclose(b.numpy(), a.sum(axis=1), rtol=1e-4)
print("rfactor row sum verified against numpy")
