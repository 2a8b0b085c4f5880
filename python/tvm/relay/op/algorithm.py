"""Sorting ops and unique."""
from ..expr import TupleWrapper
from . import _make

__all__ = ["argsort", "topk", "unique"]


def argsort(data, axis=-1, is_ascend=1, dtype="int32"):
    """The indices that sort `data` along `axis`."""
    return _make.argsort(data, int(axis), bool(is_ascend), str(dtype))


def topk(data, k=1, axis=-1, ret_type="both", is_ascend=False, dtype="int32"):
    """The k largest (smallest when is_ascend) elements along `axis` (k < 1: all): a
    TupleWrapper (values, indices) for ret_type "both", else the values or the indices."""
    out = _make.topk(data, int(k), int(axis), ret_type, bool(is_ascend), str(dtype))
    return TupleWrapper(out, 2) if ret_type == "both" else out


def unique(data, is_sorted=True, return_counts=False):
    """The distinct elements of a 1-D `data` (rows of a 2-D one), ascending when `is_sorted`,
    else in order of first occurrence, as a list [output, indices, inverse_indices,
    num_unique] (+ [counts] with return_counts) like Apache TVM's: indices are the first
    occurrences, inverse_indices (one per input row) the position of each input row in the
    output, num_unique the int64 count, Tensor[(1,), int64]. output, indices and counts are
    already cut to num_unique rows (their leading dimension is `?`); indices are int64."""
    out = TupleWrapper(_make.unique(data, bool(is_sorted)), 5)
    result = [out[0], out[1], out[2], out[4]]
    return result + [out[3]] if return_counts else result
