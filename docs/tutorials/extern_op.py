"""
External tensor functions
=========================
``te.extern`` lets part of a computation be done by any packed function: a library kernel,
or here a Python function registered with ``tvm.register_func``. The compiled code passes each
buffer as a DLTensor; the function sees NDArrays.
"""
import numpy as np

import tvm
from tvm import te


@tvm.register_func("tutorial.matmul")
def matmul(a, b, c):
    """c = a @ b, computed by NumPy on the arrays the compiled code hands over."""
    c.copyfrom(a.numpy() @ b.numpy())


n, l, m = 64, 32, 48
A = te.placeholder((n, l), name="A")
B = te.placeholder((l, m), name="B")
C = te.extern((n, m), [A, B],
              lambda ins, outs: tvm.tir.call_packed("tutorial.matmul", ins[0], ins[1], outs[0]),
              name="C")
# A bias + ReLU epilogue written as an ordinary compute after the extern call.
bias = te.placeholder((m,), name="bias")
D = te.compute((n, m), lambda i, j: te.max(C[i, j] + bias[j], 0.0), name="D")
s = te.create_schedule(D.op)
print(tvm.lower(s, [A, B, bias, D], simple_mode=True))

f = tvm.build(s, [A, B, bias, D], "llvm")
a, b = np.random.randn(n, l).astype("float32"), np.random.randn(l, m).astype("float32")
c = np.random.randn(m).astype("float32")
d = tvm.nd.empty((n, m))
f(tvm.nd.array(a), tvm.nd.array(b), tvm.nd.array(c), d)
np.testing.assert_allclose(d.numpy(), np.maximum(a @ b + c, 0), rtol=1e-5)
print("extern matmul + bias + relu verified against numpy")
