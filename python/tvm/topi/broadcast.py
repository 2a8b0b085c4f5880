"""Binary operators with numpy broadcasting (computes in src/topi/broadcast.cc).

Each takes two tensors, a tensor and a scalar (Python number or PrimExpr), or two scalars
(then the result is an expression).
"""
from . import _ffi_api

_BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "trunc_divide", "mod",
           "floor_mod", "trunc_mod", "power", "maximum", "minimum", "equal", "not_equal", "less",
           "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor",
           "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift"]


def _make_binary(name):
    ffi = getattr(_ffi_api, name)

    def binary(lhs, rhs):
        return ffi(lhs, rhs)

    binary.__name__ = name
    binary.__doc__ = f"Elementwise {name} of lhs and rhs with numpy broadcasting."
    return binary


for _name in _BINARY:
    globals()[_name] = _make_binary(_name)


def broadcast_to(data, shape):
    """`data` stretched to `shape` by numpy broadcasting rules."""
    return _ffi_api.broadcast_to(data, list(shape))


__all__ = _BINARY + ["broadcast_to"]
