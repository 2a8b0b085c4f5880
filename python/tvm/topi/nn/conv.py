"""Convolutions (computes in src/topi/nn/conv.cc).

Layouts: data NCW / NCHW / NCDHW with kernels OIW / OIHW / OIDHW (I = input channels per
group); NHWC with HWIO kernels; depthwise NCHW with [C, multiplier, KH, KW] kernels and NHWC
with [KH, KW, C, multiplier]; conv2d_NCHWc with data [N, C/ic_bn, H, W, ic_bn] and kernel
[K/oc_bn, C/ic_bn, KH, KW, ic_bn, oc_bn]; depthwise_conv2d_NCHWc with the same data and kernel
[K/oc_bn, 1, KH, KW, 1, oc_bn]; conv2d_transpose_nchw with IOHW kernels.
padding: an int, one value per spatial axis, (before..., after...) (2-D: top, left, bottom,
right), or "SAME" / "VALID".
"""
from ..utils import get_const_tuple
from . import _ffi_api
from .utils import as_list, get_pad_tuple, out_dtype_of


def _spatial(kernel, first, n):
    return get_const_tuple(kernel.shape)[first:first + n]


def conv1d_ncw(data, kernel, strides=1, padding="VALID", dilation=1, out_dtype=None):
    """1-D convolution: data [N, C, W], kernel [K, C, KW] -> [N, K, OW]."""
    pad = get_pad_tuple(padding, _spatial(kernel, 2, 1))
    return _ffi_api.conv1d_ncw(data, kernel, as_list(strides), pad, as_list(dilation),
                               out_dtype_of(out_dtype, data))


def conv1d(data, kernel, strides=1, padding="VALID", dilation=1, layout="NCW", out_dtype=None):
    if layout != "NCW":
        raise ValueError(f"conv1d: layout must be 'NCW', found {layout!r}")
    return conv1d_ncw(data, kernel, strides, padding, dilation, out_dtype)


def conv2d_nchw(Input, Filter, stride, padding, dilation, out_dtype=None):
    """2-D convolution: Input [N, C, H, W], Filter [K, C, KH, KW] -> [N, K, OH, OW]."""
    pad = get_pad_tuple(padding, _spatial(Filter, 2, 2))
    return _ffi_api.conv2d_nchw(Input, Filter, as_list(stride), pad, as_list(dilation),
                                out_dtype_of(out_dtype, Input))


def conv2d_nhwc(Input, Filter, stride, padding, dilation, out_dtype="float32",
                auto_scheduler_rewritten_layout="", meta_schedule_original_shape=None):
    """2-D convolution: Input [N, H, W, C], Filter [KH, KW, C, K] -> [N, OH, OW, K]."""
    del auto_scheduler_rewritten_layout, meta_schedule_original_shape
    pad = get_pad_tuple(padding, _spatial(Filter, 0, 2))
    return _ffi_api.conv2d_nhwc(Input, Filter, as_list(stride), pad, as_list(dilation),
                                out_dtype_of(out_dtype, Input))


def conv2d(input, filter, strides, padding, dilation, layout="NCHW", out_dtype=None):  # pylint: disable=redefined-builtin
    """conv2d_nchw or conv2d_nhwc by `layout`."""
    if layout == "NCHW":
        return conv2d_nchw(input, filter, strides, padding, dilation, out_dtype)
    if layout == "NHWC":
        return conv2d_nhwc(input, filter, strides, padding, dilation, out_dtype)
    raise ValueError(f"conv2d: layout must be 'NCHW' or 'NHWC', found {layout!r}")


def group_conv2d_nchw(Input, Filter, stride, padding, dilation, groups, out_dtype=None):
    """Grouped convolution: Input [N, C, H, W], Filter [K, C/groups, KH, KW]."""
    pad = get_pad_tuple(padding, _spatial(Filter, 2, 2))
    return _ffi_api.group_conv2d_nchw(Input, Filter, as_list(stride), pad, as_list(dilation),
                                      int(groups), out_dtype_of(out_dtype, Input))


def conv3d_ncdhw(Input, Filter, stride, padding, dilation, groups=1, out_dtype=None):
    """3-D convolution: Input [N, C, D, H, W], Filter [K, C/groups, KD, KH, KW]."""
    pad = get_pad_tuple(padding, _spatial(Filter, 2, 3))
    return _ffi_api.conv3d_ncdhw(Input, Filter, as_list(stride), pad, as_list(dilation),
                                 int(groups), out_dtype_of(out_dtype, Input))


def depthwise_conv2d_nchw(Input, Filter, stride, padding, dilation, out_dtype=None):
    """Depthwise convolution: Input [N, C, H, W], Filter [C, M, KH, KW] -> [N, C*M, OH, OW]."""
    pad = get_pad_tuple(padding, _spatial(Filter, 2, 2))
    return _ffi_api.depthwise_conv2d_nchw(Input, Filter, as_list(stride), pad,
                                          as_list(dilation), out_dtype_of(out_dtype, Input))


def depthwise_conv2d_nhwc(Input, Filter, stride, padding, dilation, kernel_layout="HWOI",
                          out_dtype=None):
    """Depthwise convolution: Input [N, H, W, C], Filter [KH, KW, C, M] -> [N, OH, OW, C*M]."""
    if kernel_layout != "HWOI":
        raise ValueError(f"depthwise_conv2d_nhwc: kernel_layout must be 'HWOI', found "
                         f"{kernel_layout!r}")
    pad = get_pad_tuple(padding, _spatial(Filter, 0, 2))
    return _ffi_api.depthwise_conv2d_nhwc(Input, Filter, as_list(stride), pad,
                                          as_list(dilation), out_dtype_of(out_dtype, Input))


def conv2d_NCHWc(data, kernel, stride, padding, dilation, layout="", out_layout="",
                 out_dtype="float32"):
    """Blocked convolution: data [N, C/ic_bn, H, W, ic_bn], kernel
    [K/oc_bn, C/ic_bn, KH, KW, ic_bn, oc_bn] -> [N, K/oc_bn, OH, OW, oc_bn].

    layout / out_layout ("NCHW16c", ...) are checked against the shapes when given."""
    ic_bn = get_const_tuple(data.shape)[-1]
    oc_bn = get_const_tuple(kernel.shape)[-1]
    for name, lay, bn in (("layout", layout, ic_bn), ("out_layout", out_layout, oc_bn)):
        if lay and lay != f"NCHW{bn}c":
            raise ValueError(f"conv2d_NCHWc: {name} must be 'NCHW{bn}c' for these shapes, "
                             f"found {lay!r}")
    pad = get_pad_tuple(padding, _spatial(kernel, 2, 2))
    return _ffi_api.conv2d_NCHWc(data, kernel, as_list(stride), pad, as_list(dilation),
                                 out_dtype_of(out_dtype, data))


def depthwise_conv2d_NCHWc(Input, Filter, stride, padding, dilation, layout="", out_layout="",
                           out_dtype=None):
    """Blocked depthwise convolution: Input [N, C/ic_bn, H, W, ic_bn], Filter
    [K/oc_bn, 1, KH, KW, 1, oc_bn] (layout OIHW1i<oc_bn>o) -> [N, K/oc_bn, OH, OW, oc_bn],
    K = C * multiplier; output channel k reads input channel k // multiplier.

    layout / out_layout ("NCHW16c", ...) are checked against the shapes when given."""
    ic_bn = get_const_tuple(Input.shape)[-1]
    oc_bn = get_const_tuple(Filter.shape)[-1]
    for name, lay, bn in (("layout", layout, ic_bn), ("out_layout", out_layout, oc_bn)):
        if lay and lay != f"NCHW{bn}c":
            raise ValueError(f"depthwise_conv2d_NCHWc: {name} must be 'NCHW{bn}c' for these "
                             f"shapes, found {lay!r}")
    pad = get_pad_tuple(padding, _spatial(Filter, 2, 2))
    return _ffi_api.depthwise_conv2d_NCHWc(Input, Filter, as_list(stride), pad,
                                           as_list(dilation), out_dtype_of(out_dtype, Input))


def conv2d_transpose_nchw(Input, Filter, strides, padding, out_dtype, output_padding=(0, 0)):
    """Transposed convolution: Input [N, C, H, W], Filter [C, K, KH, KW] -> [N, K, OH, OW],
    OH = (H - 1) * stride - pad_top - pad_bottom + KH + output_padding."""
    pad = get_pad_tuple(padding, _spatial(Filter, 2, 2))
    return _ffi_api.conv2d_transpose_nchw(Input, Filter, as_list(strides), pad,
                                          out_dtype_of(out_dtype, Input),
                                          as_list(output_padding))
