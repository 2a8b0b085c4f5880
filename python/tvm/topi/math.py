"""Elementwise unary operators, cast, clip and filled tensors (computes in src/topi/elemwise.cc)."""
from . import _ffi_api

_UNARY = ["exp", "exp2", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "tanh", "sigmoid",
          "erf", "sin", "cos", "tan", "sinh", "cosh", "asin", "acos", "atan", "floor", "ceil",
          "round", "trunc", "abs", "negative", "sign", "logical_not", "bitwise_not", "isnan",
          "isinf", "isfinite", "identity", "fast_exp", "fast_tanh", "fast_erf"]


def _make_unary(name):
    ffi = getattr(_ffi_api, name)

    def unary(x):
        return ffi(x)

    unary.__name__ = name
    unary.__doc__ = f"Elementwise {name}(x)."
    return unary


for _name in _UNARY:
    globals()[_name] = _make_unary(_name)


def cast(x, dtype, span=None):
    """x converted to dtype; a scalar expression is cast directly."""
    from ..te import Tensor  # pylint: disable=import-outside-toplevel
    from .. import tir  # pylint: disable=import-outside-toplevel

    if isinstance(x, Tensor):
        return _ffi_api.cast(x, str(dtype))
    if isinstance(x, (int, float)):
        return tir.const(x, str(dtype))
    return tir.Cast(str(dtype), x, span)


def reinterpret(x, dtype):
    """x's bits read as dtype (same width)."""
    return _ffi_api.reinterpret(x, str(dtype))


def clip(x, a_min, a_max):
    """min(max(x, a_min), a_max) elementwise."""
    return _ffi_api.clip(x, a_min, a_max)


def full(shape, dtype, fill_value):
    """A tensor of `shape` and `dtype` filled with fill_value."""
    return _ffi_api.full(list(shape), str(dtype), fill_value)


def full_like(x, fill_value):
    """A tensor shaped like x filled with fill_value."""
    return _ffi_api.full_like(x, fill_value)


__all__ = _UNARY + ["cast", "reinterpret", "clip", "full", "full_like"]
