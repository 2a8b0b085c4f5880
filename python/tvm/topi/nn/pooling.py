"""Pooling (computes in src/topi/nn/pooling.cc)."""
from . import _ffi_api
from .utils import as_list


def pool2d(data, kernel, stride, dilation, padding, pool_type, ceil_mode=False, layout="NCHW",
           count_include_pad=True):
    """Max / average pooling over the H and W axes of `layout` (NCHW, NHWC, NCHW16c...).

    padding: (top, left, bottom, right), (pad_h, pad_w) or one int. Average pooling divides
    by the window clipped to the padded input (count_include_pad) or by its in-bounds taps.
    """
    return _ffi_api.pool2d(data, as_list(kernel, 2), as_list(stride, 2), as_list(dilation, 2),
                           as_list(padding, 4), pool_type, bool(ceil_mode), layout,
                           bool(count_include_pad))


def global_pool(data, pool_type, layout="NCHW"):
    """Max / average over the whole H and W axes (kept with extent 1)."""
    return _ffi_api.global_pool(data, pool_type, layout)


def adaptive_pool(data, output_size, pool_type, layout="NCHW"):
    """Pooling to a fixed output_size: window o covers [floor(o*X/O), ceil((o+1)*X/O))."""
    return _ffi_api.adaptive_pool(data, as_list(output_size, 2), pool_type, layout)
