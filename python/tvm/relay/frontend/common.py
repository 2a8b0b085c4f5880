"""Helpers shared by the frontends."""
import numpy as np

import tvm
from tvm import relay


def infer_type(expr):
    """The checked type of a standalone expression."""
    return relay.transform.InferTypeLocal(expr)


class DynamicDim:
    """A dimension known only at run time (relay `?`) in a shape from infer_shape. A converter
    may pass it on, count it or compare it; computing with it (int(), arithmetic, ordering)
    is a ValueError saying a static shape is needed there."""

    __slots__ = ()

    def _static(self, *_):
        raise ValueError("a static shape is needed here, found dimension ? (known only at run "
                         "time; give the input's shape to the importer)")

    __int__ = __index__ = __float__ = __bool__ = _static
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _static
    __floordiv__ = __rfloordiv__ = __truediv__ = __rtruediv__ = __mod__ = __neg__ = _static
    __lt__ = __le__ = __gt__ = __ge__ = _static

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)

    def __repr__(self):
        return "?"


def infer_shape(expr):
    """The shape of `expr` as a tuple of ints, with a DynamicDim for each dimension known only
    at run time."""
    ty = infer_type(expr)
    return tuple(int(d.value) if isinstance(d, tvm.tir.IntImm) else DynamicDim()
                 for d in ty.shape)


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
