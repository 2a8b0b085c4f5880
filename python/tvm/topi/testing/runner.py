"""Build a schedule and run it on numpy inputs: the helper of the TOPI tests."""
import numpy as np


def build_and_run(s, tensors, inputs, target="llvm"):
    """Build `s` over `tensors` (inputs first, then outputs), run it on the numpy `inputs`,
    and return the outputs as numpy arrays (one array when there is one output)."""
    import tvm  # pylint: disable=import-outside-toplevel

    f = tvm.build(s, list(tensors), target)
    outs = tensors[len(inputs):]
    args = [tvm.nd.array(np.ascontiguousarray(x)) for x in inputs]
    out_nd = [tvm.nd.empty([int(d) for d in t.shape], t.dtype) for t in outs]
    f(*(args + out_nd))
    res = [o.numpy() for o in out_nd]
    return res[0] if len(res) == 1 else res


def random_data(shape, dtype, low=-1.0, high=1.0, seed=None):
    """Uniform random data: floats in [low, high), ints in [-8, 8) (int8 / int32)."""
    rng = np.random.default_rng(seed)
    if "int" in str(dtype):
        lo = 0 if str(dtype).startswith("uint") else -8
        return rng.integers(lo, 8, size=shape).astype(dtype)
    return rng.uniform(low, high, size=shape).astype(dtype)
