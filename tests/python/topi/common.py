"""Helpers for TOPI tests: build a schedule on llvm and run it on numpy inputs."""
import numpy as np

import tvm


def run(s, inputs, outputs, arrays, target="llvm"):
    """Build s over inputs+outputs, run on the numpy `arrays`, return the outputs as numpy."""
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    f = tvm.build(s, list(inputs) + list(outputs), target)
    args = [tvm.nd.array(a) for a in arrays]
    outs = [tvm.nd.empty([int(d) for d in o.shape], o.dtype) for o in outputs]
    f(*args, *outs)
    res = [o.numpy() for o in outs]
    return res[0] if len(res) == 1 else res


def rand(shape, dtype="float32", low=-2.0, high=2.0):
    """Random data of dtype: uniform floats, or integers in [low, high]."""
    if dtype.startswith(("int", "uint")):
        return np.random.randint(int(low), int(high) + 1, size=shape).astype(dtype)
    if dtype == "bool":
        return np.random.rand(*shape) > 0.5
    return np.random.uniform(low, high, size=shape).astype(dtype)
