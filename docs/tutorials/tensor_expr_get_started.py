"""
Getting started with tensor expressions
=======================================
Declare a computation with ``te``, say how it runs with a schedule, compile it with
``tvm.build``, run it on NumPy data, and ship it as a shared library.
"""

import numpy as np

import tvm
from tvm import te
from tvm.contrib import utils

# %% Declare: C[i] = A[i] + B[i] for a symbolic length n.
n = te.var("n")
A = te.placeholder((n,), name="A")
B = te.placeholder((n,), name="B")
C = te.compute(A.shape, lambda i: A[i] + B[i], name="C")

# %% Schedule: the default is one serial loop.
s = te.create_schedule(C.op)
print(tvm.lower(s, [A, B, C], simple_mode=True))

# %% Split the loop, run the outer part in parallel and the inner part as 16-lane vectors.
outer, inner = s[C].split(C.op.axis[0], factor=16)
s[C].parallel(outer)
s[C].vectorize(inner)
print(tvm.lower(s, [A, B, C], simple_mode=True))

# %% Build for this CPU and check against NumPy on a length that 16 does not divide.
fadd = tvm.build(s, [A, B, C], target="llvm", name="vector_add")
dev = tvm.cpu(0)
a = tvm.nd.array(np.random.rand(1001).astype("float32"), dev)
b = tvm.nd.array(np.random.rand(1001).astype("float32"), dev)
c = tvm.nd.empty((1001,), "float32", dev)
fadd(a, b, c)
np.testing.assert_allclose(c.numpy(), a.numpy() + b.numpy())

# %% Time it.
timer = fadd.time_evaluator("vector_add", dev, number=100, repeat=3)
print(f"vector_add of 1001 floats: {timer(a, b, c).mean * 1e6:.2f} us")

# %% Export a shared library, load it back, and run it again.
tmp = utils.tempdir()
path = tmp.relpath("vector_add.so")
fadd.export_library(path)
loaded = tvm.runtime.load_module(path)
loaded["vector_add"](a, b, c)
np.testing.assert_allclose(c.numpy(), a.numpy() + b.numpy())
print("exported, reloaded and verified:", path)
