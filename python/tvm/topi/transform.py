"""Layout and indexing operators (computes in src/topi/transform.cc)."""
from . import _ffi_api


def reshape(a, newshape):
    """a with shape newshape (one -1 entry is inferred)."""
    return _ffi_api.reshape(a, list(newshape))


def transpose(a, axes=None):
    """Permute dimensions (reverse them when axes is None)."""
    return _ffi_api.transpose(a, None if axes is None else [int(x) for x in axes])


def squeeze(a, axis=None):
    """Remove dimensions of extent 1 (the given ones, or all)."""
    if isinstance(axis, int):
        axis = [axis]
    return _ffi_api.squeeze(a, None if axis is None else [int(x) for x in axis])


def expand_dims(a, axis, num_newaxis=1):
    """Insert num_newaxis dimensions of extent 1 at axis."""
    return _ffi_api.expand_dims(a, int(axis), int(num_newaxis))


def concatenate(a_tuple, axis=0):
    """Join tensors along axis."""
    return _ffi_api.concatenate(list(a_tuple), int(axis))


def stack(a, axis):
    """Join tensors along a new axis."""
    return _ffi_api.stack(list(a), int(axis))


def split(ary, indices_or_sections, axis=0):
    """Split into equal sections (an int) or before each index (a list)."""
    if isinstance(indices_or_sections, int):
        return list(_ffi_api.split_sections(ary, indices_or_sections, int(axis)))
    return list(_ffi_api.split(ary, [int(i) for i in indices_or_sections], int(axis)))


def strided_slice(a, begin, end, strides=None, axes=None, slice_mode="end"):
    """numpy-style a[begin:end:strides] on the given axes (all leading axes by default).

    slice_mode "size" reads `end` as sizes (-1: to the end)."""
    begin = [int(b) for b in begin]
    end = [int(e) for e in end]
    strides = [int(s) for s in strides] if strides is not None else []
    if slice_mode == "size":
        end = [(2**31 - 1) if e < 0 else b + e for b, e in zip(begin, end)]
        strides = []
    elif slice_mode != "end":
        raise ValueError(f"strided_slice: slice_mode must be 'end' or 'size', got {slice_mode!r}")
    return _ffi_api.strided_slice(a, begin, end, strides,
                                  None if axes is None else [int(x) for x in axes])


def take(a, indices, axis=None, batch_dims=0, mode="clip"):
    """Elements of a at indices along axis (of the flattened a when axis is None)."""
    if batch_dims != 0:
        raise ValueError(f"take: batch_dims {batch_dims} is not supported (only 0)")
    return _ffi_api.take(a, indices, None if axis is None else int(axis), mode)


def gather(data, axis, indices):
    """numpy take_along_axis."""
    return _ffi_api.gather(data, int(axis), indices)


def gather_nd(a, indices, batch_dims=0):
    """out[y...] = a[indices[0][y...], ..., indices[M-1][y...], ...]."""
    return _ffi_api.gather_nd(a, indices, int(batch_dims))


def tile(a, reps):
    """numpy tile."""
    return _ffi_api.tile(a, [int(r) for r in reps])


def repeat(a, repeats, axis):
    """Repeat each element `repeats` times along axis."""
    return _ffi_api.repeat(a, int(repeats), int(axis))


def flip(a, axis=0):
    """Reverse the order along axis."""
    return _ffi_api.reverse(a, int(axis))


reverse = flip


def where(condition, x, y):
    """condition ? x : y elementwise with broadcasting."""
    return _ffi_api.where(condition, x, y)


def arange(start, stop=None, step=1, dtype="float32"):
    """start, start + step, ... below stop (numpy arange)."""
    if stop is None:
        start, stop = 0, start
    return _ffi_api.arange(start, stop, step, str(dtype))


def one_hot(indices, on_value, off_value, depth, axis, dtype):
    """A new axis of extent depth holding on_value at each index, off_value elsewhere."""
    return _ffi_api.one_hot(indices, on_value, off_value, int(depth), int(axis), str(dtype))


def layout_transform(array, src_layout, dst_layout, schedule_rule="None"):
    """Convert between layouts such as NCHW and NCHW16c."""
    return _ffi_api.layout_transform(array, src_layout, dst_layout)


__all__ = ["reshape", "transpose", "squeeze", "expand_dims", "concatenate", "stack", "split",
           "strided_slice", "take", "gather", "gather_nd", "tile", "repeat", "flip", "reverse",
           "where", "arange", "one_hot", "layout_transform"]
