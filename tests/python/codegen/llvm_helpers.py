"""Small builders of TIR PrimFuncs shared by the LLVM codegen tests."""
from tvm import tir


def elementwise(n, dtypes, fcompute, kind=tir.ForKind.SERIAL, names=None, lanes=1):
    """C[i] = fcompute(A[i], B[i], ...) for i < n; the last dtype is the output's.

    With lanes > 1 the loop runs over n // lanes vectors of Ramp indices.
    """
    names = names or [chr(ord("A") + k) for k in range(len(dtypes))]
    bufs = [tir.decl_buffer((n,), dt, nm) for dt, nm in zip(dtypes, names)]
    i = tir.Var("i", "int32")
    if lanes == 1:
        idx = i
        extent = n
    else:
        idx = tir.Ramp(i * lanes, 1, lanes)
        extent = n // lanes
    loads = [b[idx] for b in bufs[:-1]]
    body = tir.For(i, 0, extent, kind, tir.BufferStore(bufs[-1], fcompute(*loads), [idx]))
    return tir.PrimFunc(bufs, body)
