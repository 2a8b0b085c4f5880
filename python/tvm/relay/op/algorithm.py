"""Sorting ops."""
from ..expr import TupleWrapper
from . import _make

__all__ = ["argsort", "topk"]


def argsort(data, axis=-1, is_ascend=1, dtype="int32"):
    """The indices that sort `data` along `axis`."""
    return _make.argsort(data, int(axis), bool(is_ascend), str(dtype))


def topk(data, k=1, axis=-1, ret_type="both", is_ascend=False, dtype="int32"):
    """The k largest (smallest when is_ascend) elements along `axis` (k < 1: all): a
    TupleWrapper (values, indices) for ret_type "both", else the values or the indices."""
    out = _make.topk(data, int(k), int(axis), ret_type, bool(is_ascend), str(dtype))
    return TupleWrapper(out, 2) if ret_type == "both" else out
