"""x86 depthwise convolutions.

NCHW: tiles of tile_oh rows x tile_ow output pixels (vectorized along the row), accumulated
over the kernel window in registers; parallel over (n, c, row blocks).
NCHW[x]c (what AlterOpLayout makes of NCHW depthwise convolutions): vectorized over the
channel block, tiles of pixels accumulated in registers; see schedule_depthwise_conv2d_NCHWc.
"""
from .. import nn
from .conv2d import _tile_width
from ..utils import get_const_tuple
from .utils import (accumulator_stages, is_pad_op, knob, largest_divisor, schedule_tagged,
                    schedule_tile_chain, simd_lanes)


def schedule_depthwise_conv2d_nchw(outs, cfg=None):
    """Schedule depthwise_conv2d_nchw and its elementwise epilogue.

    Knobs (cfg dict):
      tile_ow  output pixels per tile row (default: the whole row up to two vectors, else
               two or one vectors when that divides the output width, else one vector)
      tile_oh  output rows per tile (default: the largest divisor of the output height up to
               4, for independent accumulators)
    """
    return schedule_tagged(outs, "depthwise_conv2d_nchw", _schedule, cfg)


def _schedule(s, cfg, conv, last):
    data_in = conv.op.input_tensors[0]
    if is_pad_op(data_in.op):
        # A separate parallel pass: inlined, the padding test would sit on every tap.
        s[data_in].compute_root()
        n, c, h, _ = s[data_in].op.axis
        s[data_in].parallel(s[data_in].fuse(n, c, h))
    _, _, oh_extent, ow_extent = get_const_tuple(conv.shape)
    lanes = simd_lanes(conv.dtype)
    if ow_extent <= 2 * lanes:
        default_ow = ow_extent  # the whole row: no guarded tail
    else:
        default_ow = next((w for w in (2 * lanes, lanes) if ow_extent % w == 0), lanes)
    tile_ow = knob(cfg, "tile_ow", default_ow)
    tile_oh = knob(cfg, "tile_oh", largest_divisor(oh_extent, 4))
    path, acc, out = accumulator_stages(s, conv, last)
    n, c, oh, ow = s[out].op.axis
    oho, ohi = s[out].split(oh, factor=tile_oh)
    owo, owi = s[out].split(ow, factor=tile_ow)
    s[out].reorder(n, c, oho, owo, ohi, owi)
    fused = s[out].fuse(n, c, oho)
    s[out].parallel(fused)
    s[out].vectorize(owi)
    stage, loop = schedule_tile_chain(s, path, owo, [None, None, tile_oh, tile_ow])
    s[acc].compute_at(stage, loop)
    _, _, ah, aw = s[acc].op.axis
    ry, rx = s[acc].op.reduce_axis
    s[acc].reorder(ry, rx, ah, aw)
    s[acc].unroll(rx)
    s[acc].unroll(ah)
    s[acc].vectorize(aw)


def depthwise_conv2d_NCHWc(data, kernel, strides, padding, dilation, layout="", out_layout="",
                           out_dtype=None):
    """The blocked depthwise compute (nn.depthwise_conv2d_NCHWc); see that for layouts."""
    return nn.depthwise_conv2d_NCHWc(data, kernel, strides, padding, dilation, layout,
                                     out_layout, out_dtype)


def schedule_depthwise_conv2d_NCHWc(outs, cfg=None):
    """Schedule depthwise_conv2d_NCHWc and the elementwise epilogue fused after it (bias,
    clip/relu6, residual add...).

    Each tile is tile_oh rows x tile_ow pixels of one channel block: tile_oh * tile_ow vector
    accumulators (one vector = the oc_bn channels of a pixel) stay in registers while the
    kernel window is walked, one kernel vector per tap and one input vector per FMA, so the
    lanes never leave their channel and no shuffles are needed. Parallel over
    (n, channel blocks, row tiles); the epilogue runs on the tile while it is in registers.

    Knobs (cfg dict):
      tile_oh    output rows per tile (default 1 when a whole output row fits the register
                 budget, else 2 when that divides the output height, else 1)
      tile_ow    output pixels per tile row (default: the largest divisor of the output
                 width such that the tile holds at most half the vector registers, see
                 conv2d._tile_width)
      inline_pad read the padding through a bounds test on each tap (one scalar test per
                 pixel vector) instead of a separate parallel padding pass, which costs a
                 full memory pass over the input (default: True)
    """
    return schedule_tagged(outs, "depthwise_conv2d_NCHWc", _schedule_NCHWc, cfg)


def _schedule_NCHWc(s, cfg, conv, last):
    data_in = conv.op.input_tensors[0]
    if is_pad_op(data_in.op) and not knob(cfg, "inline_pad", True):
        s[data_in].compute_root()
        n, c, h, _, ci = s[data_in].op.axis
        s[data_in].parallel(s[data_in].fuse(n, c, h))
        s[data_in].vectorize(ci)
    _, _, oh_extent, ow_extent, oc_bn = get_const_tuple(conv.shape)
    lanes = simd_lanes(conv.dtype)
    regs = 32 if lanes * 32 >= 512 else 16
    vecs = max(1, -(-oc_bn // lanes))
    # Half the registers for accumulators: the unrolled window keeps input vectors live too
    # (each feeds up to KW taps of a row). Measured, one thread, 3x3: 2 x 8 or 1 x 14 pixel
    # tiles 50-70 GFLOPS, 1 x 28, 2 x 14 or 4 x 7 ones (28 accumulators) ~25.
    # A whole row when it fits (no tail, 14x14 layers: 1 x 14 beats 2 x 7), else two rows.
    budget = max(1, regs // (2 * vecs))
    tile_oh = knob(cfg, "tile_oh", 1 if ow_extent <= budget else largest_divisor(oh_extent, 2))
    tile_ow = knob(cfg, "tile_ow", _tile_width(ow_extent, max(1, budget // tile_oh)))
    path, acc, out = accumulator_stages(s, conv, last)
    n, cbo, oh, ow, cbi = s[out].op.axis
    oho, ohi = s[out].split(oh, factor=tile_oh)
    owo, owi = s[out].split(ow, factor=tile_ow)
    s[out].reorder(n, cbo, oho, owo, ohi, owi, cbi)
    s[out].parallel(s[out].fuse(n, cbo, oho))
    s[out].vectorize(cbi)
    stage, loop = schedule_tile_chain(s, path, owo, [None, None, tile_oh, tile_ow, oc_bn])
    s[acc].compute_at(stage, loop)
    _, _, ah, aw, ac = s[acc].op.axis
    kh, kw = s[acc].op.reduce_axis
    s[acc].reorder(kh, kw, ah, aw, ac)
    s[acc].unroll(kw)
    s[acc].unroll(ah)
    s[acc].unroll(aw)
    s[acc].vectorize(ac)
