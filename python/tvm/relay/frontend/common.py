"""Helpers shared by the frontends."""
import numpy as np

import tvm
from tvm import relay


def infer_type(expr):
    """The checked type of a standalone expression."""
    return relay.transform.InferTypeLocal(expr)


def infer_shape(expr):
    """The static shape of `expr` as a tuple of ints (ValueError for a dynamic one)."""
    ty = infer_type(expr)
    shape = []
    for d in ty.shape:
        if not isinstance(d, tvm.tir.IntImm):
            raise ValueError(f"a static shape is needed here, found dimension {d}")
        shape.append(int(d.value))
    return tuple(shape)


def infer_dtype(expr):
    return str(infer_type(expr).dtype)


def const_value(expr):
    """The numpy value of a relay.Constant, or None."""
    if isinstance(expr, relay.Constant):
        return expr.data.numpy()
    return None


def set_span(expr, name):
    """`expr` (a call) tagged with the source node `name`, so errors can name it."""
    if not isinstance(expr, relay.Call) or not name:
        return expr
    return relay.Call(expr.op, list(expr.args), expr.attrs, list(expr.type_args),
                      tvm.ir.Span(name, 0, 0, 0, 0))


def new_const(value, dtype=None):
    arr = np.asarray(value, dtype=dtype)
    return relay.const(arr, str(arr.dtype))
