"""
Use tensorize to call a micro-kernel
====================================
Declare what a micro-kernel computes with ``te.decl_tensor_intrin`` and replace a matching
loop nest with it. Here the kernel is a 16-wide dot product written with an LLVM vector
reduction intrinsic; GEMV rows become one intrinsic call per 16 elements.
"""
import numpy as np

import tvm
from tvm import te


def intrin_dot16():
    a = te.placeholder((16,), name="a")
    b = te.placeholder((16,), name="b")
    k = te.reduce_axis((0, 16), name="k")
    c = te.compute((1,), lambda i: te.sum(a[k] * b[k], axis=k), name="c")

    def implement(ins, outs):
        aa, bb = ins
        cc = outs[0]
        products = aa.vload([0], "float32x16") * bb.vload([0], "float32x16")
        total = tvm.tir.call_llvm_pure_intrin("float32", "llvm.vector.reduce.fadd",
                                              tvm.tir.const(0.0, "float32"), products)
        body = cc.vstore([0], total)                         # the whole 16-element dot
        reset = cc.vstore([0], 0.0)                          # start an accumulation
        update = cc.vstore([0], cc.vload([0]) + total)       # add one 16-element block
        return body, reset, update

    return te.decl_tensor_intrin(c.op, implement, name="dot16")


n, K = 128, 256
A = te.placeholder((n, K), name="A")
x = te.placeholder((K,), name="x")
k = te.reduce_axis((0, K), name="k")
y = te.compute((n, 1), lambda i, j: te.sum(A[i, k] * x[k], axis=k), name="y")

s = te.create_schedule(y.op)
ko, ki = s[y].split(k, factor=16)
s[y].reorder(y.op.axis[0], ko, y.op.axis[1], ki)
s[y].tensorize(y.op.axis[1], intrin_dot16())
s[y].parallel(y.op.axis[0])
print(tvm.lower(s, [A, x, y], simple_mode=True))

f = tvm.build(s, [A, x, y], "llvm")
a, v = np.random.rand(n, K).astype("float32"), np.random.rand(K).astype("float32")
out = tvm.nd.empty((n, 1))
f(tvm.nd.array(a), tvm.nd.array(v), out)
np.testing.assert_allclose(out.numpy()[:, 0], a @ v, rtol=1e-4)
assert "llvm.vector.reduce.fadd" in f.get_source("ll")
print("tensorized GEMV verified against numpy")
