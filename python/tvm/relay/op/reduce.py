"""Reductions over axes."""
from . import _make

__all__ = ["sum", "mean", "max", "min", "prod", "argmax", "argmin", "variance", "std", "all",
           "any"]


def _axes(axis):
    if axis is None:
        return None
    return [axis] if isinstance(axis, int) else list(axis)


def _reduce(name):
    def f(data, axis=None, keepdims=False, exclude=False):
        return getattr(_make, name)(data, _axes(axis), keepdims, exclude)

    f.__name__ = name
    f.__doc__ = (
        f"{name} of `data` over `axis` (int, list, or None for all axes); `keepdims` keeps "
        "reduced axes as extent 1; `exclude` reduces every axis except those given."
    )
    return f


sum = _reduce("sum")  # pylint: disable=redefined-builtin
mean = _reduce("mean")
max = _reduce("max")  # pylint: disable=redefined-builtin
min = _reduce("min")  # pylint: disable=redefined-builtin
prod = _reduce("prod")
all = _reduce("all")  # pylint: disable=redefined-builtin
any = _reduce("any")  # pylint: disable=redefined-builtin


def argmax(data, axis=None, keepdims=False, exclude=False, select_last_index=False):
    """The int32 index of the maximum over `axis`."""
    return _make.argmax(data, _axes(axis), keepdims, exclude, select_last_index)


def argmin(data, axis=None, keepdims=False, exclude=False, select_last_index=False):
    """The int32 index of the minimum over `axis`."""
    return _make.argmin(data, _axes(axis), keepdims, exclude, select_last_index)


def variance(data, axis=None, keepdims=False, exclude=False, unbiased=False):
    """The variance over `axis` (divided by n - 1 when `unbiased`)."""
    m = mean(data, axis, True, exclude)
    return _make._variance(data, m, _axes(axis), keepdims, exclude, unbiased)


def std(data, axis=None, keepdims=False, exclude=False, unbiased=False):
    """The standard deviation over `axis`."""
    from .tensor import sqrt  # pylint: disable=import-outside-toplevel

    return sqrt(variance(data, axis, keepdims, exclude, unbiased))
