"""Shape and layout transforms, and ops that make tensors."""
from ...ir import RelayExpr
from ..expr import Tuple, TupleWrapper, const
from . import _make

__all__ = ["cast", "reshape", "transpose", "squeeze", "expand_dims", "concatenate", "stack",
           "split", "strided_slice", "take", "broadcast_to", "zeros", "ones", "full", "where",
           "full_like", "tile", "repeat", "gather", "one_hot"]


def _ints(value):
    if value is None:
        return None
    if isinstance(value, int):
        return [value]
    return [int(v) for v in value]


def cast(data, dtype):
    """`data` converted to `dtype`."""
    return _make.cast(data, str(dtype))


def reshape(data, newshape):
    """`data` with shape `newshape`. A 0 copies the input dimension at that position, -1 is
    inferred from the remaining size, -2 copies all remaining input dimensions, -3 merges two
    consecutive input dimensions."""
    return _make.reshape(data, _ints(newshape))


def transpose(data, axes=None):
    """`data` with its axes permuted (reversed when `axes` is None)."""
    return _make.transpose(data, _ints(axes))


def squeeze(data, axis=None):
    """`data` without the axes of extent 1 listed in `axis` (all of them when None)."""
    return _make.squeeze(data, _ints(axis))


def expand_dims(data, axis, num_newaxis=1):
    """`data` with `num_newaxis` axes of extent 1 inserted at `axis`."""
    return _make.expand_dims(data, int(axis), int(num_newaxis))


def concatenate(data, axis):
    """The tensors of `data` (a list or a tuple expression) joined along `axis`."""
    if not isinstance(data, RelayExpr):
        data = Tuple(list(data))
    return _make.concatenate(data, int(axis))


def stack(data, axis):
    """The tensors of `data` stacked along a new axis `axis`."""
    fields = list(data.fields) if isinstance(data, Tuple) else list(data)
    return concatenate([expand_dims(f, axis) for f in fields], axis)


def split(data, indices_or_sections, axis=0):
    """`data` split along `axis` into `indices_or_sections` equal parts (an int) or at the
    given indices (a list); a TupleWrapper of the parts."""
    if isinstance(indices_or_sections, int):
        size = indices_or_sections
        arg = indices_or_sections
    else:
        arg = _ints(indices_or_sections)
        size = len(arg) + 1
    return TupleWrapper(_make.split(data, arg, int(axis)), size)


def strided_slice(data, begin, end, strides=None, axes=None, slice_mode="end"):
    """data[begin:end:strides] per axis (per `axes` when given). slice_mode "size" reads
    `end` as the size of each slice (-1: to the end)."""
    return _make.strided_slice(data, _ints(begin), _ints(end), _ints(strides), _ints(axes),
                               slice_mode)


def take(data, indices, axis=None, batch_dims=0, mode="clip"):
    """The elements of `data` at `indices` along `axis` (of the flattened data when None)."""
    return _make.take(data, indices, batch_dims, axis, mode)


def broadcast_to(data, shape):
    """`data` broadcast to `shape`."""
    return _make.broadcast_to(data, _ints(shape))


def zeros(shape, dtype):
    """A tensor of zeros."""
    return _make.zeros(_ints(shape), str(dtype))


def ones(shape, dtype):
    """A tensor of ones."""
    return _make.ones(_ints(shape), str(dtype))


def full(fill_value, shape=(), dtype=""):
    """A tensor of `shape` filled with the scalar `fill_value` (dtype: the fill value's)."""
    if not isinstance(fill_value, RelayExpr):
        fill_value = const(fill_value, dtype or None)
    return _make.full(fill_value, _ints(shape), str(dtype))


def full_like(data, fill_value):
    """A tensor of `data`'s type filled with the scalar `fill_value`."""
    return _make.full_like(data, fill_value)


def where(condition, x, y):
    """x where condition else y, elementwise with broadcasting."""
    return _make.where(condition, x, y)


def tile(data, reps):
    """`data` repeated `reps` times per axis, as numpy.tile."""
    return _make.tile(data, _ints(reps))


def repeat(data, repeats, axis):
    """Each element of `data` repeated `repeats` times along `axis`, as numpy.repeat."""
    return _make.repeat(data, int(repeats), axis)


def gather(data, axis, indices):
    """out[i][j] = data[indices[i][j]][j] for axis 0 (torch.gather); indices has data's rank."""
    return _make.gather(data, int(axis), indices)


def one_hot(indices, on_value, off_value, depth, axis, dtype):
    """A new axis of extent `depth` at `axis` (-1: last) holding on_value at each index and
    off_value elsewhere."""
    if not isinstance(on_value, RelayExpr):
        on_value = const(on_value, dtype)
    if not isinstance(off_value, RelayExpr):
        off_value = const(off_value, dtype)
    return _make.one_hot(indices, on_value, off_value, int(depth), int(axis), str(dtype))


def scatter_elements(data, indices, updates, axis=0, reduction="update"):
    """data with updates[i] written at position indices[i] along axis (ONNX ScatterElements);
    reduction "add"/"mul"/"min"/"max" combines with the value there instead."""
    return _make.scatter_elements(data, indices, updates, int(axis), reduction)


def arange(start, stop=None, step=None, dtype="float32"):
    """start, start + step, ... below stop (numpy arange); arguments are numbers or scalar
    expressions. With numbers (or constants) the length is static."""
    import math  # pylint: disable=import-outside-toplevel
    from ..expr import Constant  # pylint: disable=import-outside-toplevel

    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1

    def value(x):
        if isinstance(x, (int, float)):
            return x
        if isinstance(x, Constant) and not x.data.shape:
            return x.data.numpy().item()
        return None

    vals = [value(x) for x in (start, stop, step)]
    length = -1
    if None not in vals:
        if vals[2] == 0:
            raise ValueError("arange: step must not be 0")
        length = max(0, math.ceil((vals[1] - vals[0]) / vals[2]))
    args = [x if not isinstance(x, (int, float)) else const(x, dtype) for x in (start, stop, step)]
    return _make.arange(args[0], args[1], args[2], dtype, length)
__all__ += ["scatter_elements", "arange"]


def reshape_like(data, shape_like):
    """data with the shape of shape_like."""
    return _make.reshape_like(data, shape_like)


def gather_nd(data, indices):
    """out[y...] = data[indices[0][y...], ..., indices[M-1][y...], ...]."""
    return _make.gather_nd(data, indices)


def layout_transform(data, src_layout, dst_layout):
    """data converted from src_layout to dst_layout (e.g. NCHW -> NCHW16c)."""
    return _make.layout_transform(data, src_layout, dst_layout)


__all__ += ["reshape_like", "gather_nd", "layout_transform"]


def argwhere(condition):
    """The coordinates of the nonzero elements of `condition`, one int64 row each in row-major
    order: Tensor[(?, ndim), int64], its row count known when it runs (the VM cuts the
    operator's upper-bound buffer to its count; see TTruncatedOutputs)."""
    return TupleWrapper(_make.argwhere(condition), 2)[0]


__all__ += ["argwhere"]
