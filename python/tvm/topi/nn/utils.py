"""Argument normalization shared by the nn wrappers."""
from ..utils import get_const_tuple


def as_list(value, n=None):
    """An int or a sequence as a list (an int repeated n times when n is given)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "__len__") and not isinstance(value, str):
        return list(value)
    return [value] * n if n is not None else [value]


def get_pad_tuple(padding, kernel):
    """Padding as (before..., after...) for the spatial extents of `kernel`.

    padding: an int, one value per spatial axis, all befores then all afters, or the
    strings "SAME" (output extent = input extent at stride 1) / "VALID" (no padding)."""
    kernel = [int(k) for k in get_const_tuple(kernel)]
    nd = len(kernel)
    if isinstance(padding, str):
        mode = padding.upper()
        if mode == "VALID":
            return [0] * (2 * nd)
        if mode == "SAME":
            total = [k - 1 for k in kernel]
            return [(t + 1) // 2 for t in total] + [t // 2 for t in total]
        raise ValueError(f"padding: expected an int, a tuple, 'SAME' or 'VALID', found {padding!r}")
    pads = as_list(padding)
    if len(pads) == 1:
        return pads * (2 * nd)
    if len(pads) == nd:
        return pads + pads
    # 2*nd values are already (befores, afters); other lengths go on to the compute, which
    # raises a ValueError naming the operator.
    return pads


def out_dtype_of(out_dtype, data):
    return data.dtype if out_dtype is None or out_dtype == "" else out_dtype
