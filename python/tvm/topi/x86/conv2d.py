"""x86 convolutions: the blocked NCHWc convolution with its register-tiled schedule, and a
direct NCHW schedule.

conv2d_NCHWc's inner kernel is the classic broadcast-FMA micro-kernel: for one output row
segment of `tile_ow` pixels and one block of oc_bn output channels, tile_ow x oc_bn
accumulators stay in vector registers while the reduction walks (ic_outer, kh, kw, ic_inner);
each step broadcasts one input value and multiplies it with one vector of oc_bn kernel weights.
"""
from .. import nn
from ..utils import get_const_tuple
from .utils import (accumulator_stages, is_pad_op, knob, largest_divisor, schedule_tagged,
                    schedule_tile_chain, simd_lanes)


def conv2d_NCHWc_default_blocks(in_channel, out_channel, out_width, dtype="float32"):
    """The analytic default of conv2d_NCHWc's layout knobs: (ic_bn, oc_bn, tile_ow).

    oc_bn is one vector of output channels (16 float32 with AVX-512) when it divides the
    output channels; ic_bn the largest divisor of the input channels up to that width;
    tile_ow the largest divisor of the output width that keeps tile_ow vector accumulators,
    one kernel vector and one broadcast within the 32 (AVX-512) or 16 vector registers."""
    lanes = simd_lanes(dtype)
    oc_bn = largest_divisor(out_channel, lanes)
    ic_bn = largest_divisor(in_channel, lanes)
    regs = 32 if lanes * 32 >= 512 else 16
    tile_ow = _tile_width(out_width, regs - 4)
    return ic_bn, oc_bn, tile_ow


def _tile_width(extent, limit):
    """A register-tile width for an axis of `extent`: its largest divisor <= limit, unless that
    is much smaller than limit, when a non-dividing split (with a guarded tail) does better."""
    d = largest_divisor(extent, limit)
    if d * 2 < min(extent, limit):
        return min(extent, limit)
    return d


def conv2d_NCHWc(data, kernel, strides, padding, dilation, layout="", out_layout="",
                 out_dtype="float32"):
    """The blocked convolution compute (same as nn.conv2d_NCHWc); see that for layouts."""
    return nn.conv2d_NCHWc(data, kernel, strides, padding, dilation, layout, out_layout,
                           out_dtype)


def conv2d_nchw(data, kernel, strides, padding, dilation, out_dtype=None):
    """Direct NCHW convolution compute (nn.conv2d_nchw), for schedule_conv2d_nchw."""
    return nn.conv2d_nchw(data, kernel, strides, padding, dilation, out_dtype)


def _schedule_pad(s, pad, vector_axis=True):
    """Padding stage at root: parallel over its outer axes, innermost axis vectorized when it
    is a channel block (NCHWc), which padding never touches."""
    s[pad].compute_root()  # traverse_inline inlined it (its tag is injective)
    axes = list(s[pad].op.axis)
    fused = s[pad].fuse(*axes[:3]) if len(axes) >= 4 else axes[0]
    s[pad].parallel(fused)
    if vector_axis:
        s[pad].vectorize(axes[-1])


def schedule_conv2d_NCHWc(outs, cfg=None):
    """Schedule conv2d_NCHWc and the elementwise epilogue fused after it (bias, relu, add...).

    Knobs (cfg dict):
      tile_ow    output pixels per register tile (default: see conv2d_NCHWc_default_blocks;
                 at most 14 for 1x1 kernels)
      unroll_kw  unroll the kernel-width loop inside ic_inner (default: False)
      inline_pad inline the padding into the convolution's loads instead of a separate
                 parallel pass (default: False)
    """
    return schedule_tagged(outs, "conv2d_NCHWc", _schedule_NCHWc, cfg)


def _schedule_NCHWc(s, cfg, conv, last):
    data_in = conv.op.input_tensors[0]
    if is_pad_op(data_in.op):
        # traverse_inline has already inlined the padding; keep it so when asked.
        if not knob(cfg, "inline_pad", False):
            _schedule_pad(s, data_in)
    _, _, _, ow_extent, oc_bn = get_const_tuple(conv.shape)
    dtype = conv.dtype
    lanes = simd_lanes(dtype)
    regs = 32 if lanes * 32 >= 512 else 16
    vecs = max(1, oc_bn // lanes)
    limit = max(1, (regs - 4) // vecs)
    kh_extent, kw_extent = get_const_tuple(conv.op.input_tensors[1].shape)[2:4]
    if kh_extent == 1 and kw_extent == 1:
        # 1x1: a reduction of C steps per tile leaves the tile's loads and stores exposed.
        # Measured (one thread, MobileNetV2 / ResNet-50 1x1 layers): 14-pixel tiles equal or
        # beat 28-pixel ones everywhere, and 32 -> 16 channels at 112x112 runs 61 -> 97 GFLOPS.
        limit = min(limit, 14)
    tile_ow = knob(cfg, "tile_ow", _tile_width(ow_extent, limit))
    unroll_kw = knob(cfg, "unroll_kw", False)

    path, acc, out = accumulator_stages(s, conv, last)
    # Output stage: parallel over (n, oc_outer, oh), a row segment of tile_ow pixels per tile.
    n, oco, oh, ow, oci = s[out].op.axis
    owo, owi = s[out].split(ow, factor=tile_ow)
    s[out].reorder(n, oco, oh, owo, owi, oci)
    fused = s[out].fuse(n, oco, oh)
    s[out].parallel(fused)
    s[out].vectorize(oci)
    stage, loop = schedule_tile_chain(s, path, owo, [None, None, None, tile_ow, oc_bn])
    s[acc].compute_at(stage, loop)
    # Accumulator stage: reduction outside, the tile_ow x oc_bn register block inside.
    _, _, _, aw, ac = s[acc].op.axis
    ico, kh, kw, ici = s[acc].op.reduce_axis
    if unroll_kw:
        s[acc].reorder(ico, kh, ici, kw, aw, ac)
        s[acc].unroll(kw)
    else:
        s[acc].reorder(ico, kh, kw, ici, aw, ac)
    s[acc].unroll(aw)
    s[acc].vectorize(ac)


def schedule_conv2d_nchw(outs, cfg=None):
    """Direct NCHW convolution: each tile computes tile_oc output channels x tile_ow output
    pixels (a multiple of the vector width, vectorized) of one output row, with the
    accumulators in registers; parallel over (batch, channel tiles, rows).

    Knobs (cfg dict):
      tile_oc  output channels per tile (default: largest divisor of K up to 16)
      tile_ow  output pixels per tile (default: one vector, or the row when shorter)
    The default keeps tile_oc x tile_ow / lanes = 16 vector accumulators.
    """
    return schedule_tagged(outs, ("conv2d_nchw", "group_conv2d_nchw"), _schedule_nchw_direct, cfg)


def _schedule_nchw_direct(s, cfg, conv, last):
    data_in = conv.op.input_tensors[0]
    if is_pad_op(data_in.op):
        _schedule_pad(s, data_in, vector_axis=False)
    _, k_extent, _, ow_extent = get_const_tuple(conv.shape)
    lanes = simd_lanes(conv.dtype)
    tile_oc = knob(cfg, "tile_oc", largest_divisor(k_extent, 16))
    tile_ow = knob(cfg, "tile_ow", min(ow_extent, lanes))
    path, acc, out = accumulator_stages(s, conv, last)
    n, k, oh, ow = s[out].op.axis
    ko, ki = s[out].split(k, factor=tile_oc)
    owo, owi = s[out].split(ow, factor=tile_ow)
    s[out].reorder(n, ko, oh, owo, ki, owi)
    fused = s[out].fuse(n, ko, oh)
    s[out].parallel(fused)
    s[out].vectorize(owi)
    stage, loop = schedule_tile_chain(s, path, owo, [None, tile_oc, None, tile_ow])
    s[acc].compute_at(stage, loop)
    _, ak, _, aw = s[acc].op.axis
    rc, ry, rx = s[acc].op.reduce_axis
    s[acc].reorder(rc, ry, rx, ak, aw)
    s[acc].unroll(ak)
    s[acc].vectorize(aw)


def schedule_conv2d_nhwc(outs, cfg=None):
    """Direct NHWC convolution (kernel HWIO): the output channels are contiguous in both the
    output and the kernel, so each tile keeps tile_ow pixels x tile_oc channels (tile_oc / lanes
    vectors) of accumulators in registers while the reduction (kh, kw, ic) runs outside; every
    step broadcasts one input value and multiplies it with tile_oc kernel weights, the
    micro-kernel of conv2d_NCHWc without a layout change. Parallel over (n, oh, oc tiles).

    Knobs (cfg dict):
      tile_oc  output channels per tile (default: the largest divisor of K up to one vector)
      tile_ow  output pixels per tile (default: a divisor of the output width up to 14, or 14
               with a guarded tail)
    """
    return schedule_tagged(outs, "conv2d_nhwc", _schedule_nhwc, cfg)


def _schedule_nhwc(s, cfg, conv, last):
    data_in = conv.op.input_tensors[0]
    if is_pad_op(data_in.op):
        _schedule_pad(s, data_in)  # the padded axes are H and W, the vector axis C
    _, _, ow_extent, k_extent = get_const_tuple(conv.shape)
    lanes = simd_lanes(conv.dtype)
    # Measured (2 threads, AVX-512, ResNet 3x3 and 1x1 layers at 56/28/14 pixels): one vector
    # of channels x 14 pixels runs at 86-93% of the FMA peak, two vectors x 7-14 pixels at
    # 64-74%, 28-pixel rows no better than 14.
    tile_oc = knob(cfg, "tile_oc", largest_divisor(k_extent, lanes))
    regs = 32 if lanes * 32 >= 512 else 16
    limit = min(14, max(1, (regs - 4) // max(1, -(-tile_oc // lanes))))
    tile_ow = knob(cfg, "tile_ow", _tile_width(ow_extent, limit))

    path, acc, out = accumulator_stages(s, conv, last)
    n, oh, ow, oc = s[out].op.axis
    oco, oci = s[out].split(oc, factor=tile_oc)
    owo, owi = s[out].split(ow, factor=tile_ow)
    s[out].reorder(n, oh, oco, owo, owi, oci)
    fused = s[out].fuse(n, oh, oco)
    s[out].parallel(fused)
    s[out].vectorize(oci)
    stage, loop = schedule_tile_chain(s, path, owo, [None, None, tile_ow, tile_oc])
    s[acc].compute_at(stage, loop)
    _, _, aw, ac = s[acc].op.axis
    ry, rx, rc = s[acc].op.reduce_axis
    s[acc].reorder(ry, rx, rc, aw, ac)
    s[acc].unroll(aw)
    s[acc].vectorize(ac)
