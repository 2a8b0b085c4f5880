"""Reductions (computes in src/topi/reduction.cc).

axis: None (all axes), an int, or a list of ints (negative counts from the end).
"""
from . import _ffi_api


def _axes(axis):
    if axis is None:
        return None
    return [int(axis)] if isinstance(axis, int) else [int(a) for a in axis]


def _make_reduce(name):
    ffi = getattr(_ffi_api, name)

    def reduce(data, axis=None, keepdims=False):
        return ffi(data, _axes(axis), bool(keepdims))

    reduce.__name__ = name
    reduce.__doc__ = f"The {name} of data over `axis`; keepdims keeps reduced axes as 1."
    return reduce


sum = _make_reduce("sum")  # pylint: disable=redefined-builtin
prod = _make_reduce("prod")
max = _make_reduce("max")  # pylint: disable=redefined-builtin
min = _make_reduce("min")  # pylint: disable=redefined-builtin
all = _make_reduce("all")  # pylint: disable=redefined-builtin
any = _make_reduce("any")  # pylint: disable=redefined-builtin


def argmax(data, axis=None, keepdims=False, select_last_index=False):
    """int32 index of the first (or last) maximum over `axis`."""
    return _ffi_api.argmax(data, _axes(axis), bool(keepdims), bool(select_last_index))


def argmin(data, axis=None, keepdims=False, select_last_index=False):
    """int32 index of the first (or last) minimum over `axis`."""
    return _ffi_api.argmin(data, _axes(axis), bool(keepdims), bool(select_last_index))


__all__ = ["sum", "prod", "max", "min", "all", "any", "argmax", "argmin"]
