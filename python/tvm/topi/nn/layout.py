"""Layout rearrangements and upsampling (computes in src/topi/nn/layout.cc, resize.cc)."""
from . import _ffi_api


def batch_flatten(data):
    """[N, d1, d2, ...] -> [N, d1 * d2 * ...]."""
    return _ffi_api.batch_flatten(data)


def depth_to_space(data, block_size, layout="NCHW", mode="DCR"):
    """Move channel blocks into block_size x block_size spatial tiles (DCR or CRD order)."""
    return _ffi_api.depth_to_space(data, int(block_size), layout, mode)


def space_to_depth(data, block_size, layout="NCHW"):
    """Move block_size x block_size spatial tiles into channels (inverse of DCR)."""
    return _ffi_api.space_to_depth(data, int(block_size), layout)


def upsampling(data, scale_h, scale_w, layout="NCHW", method="nearest_neighbor",
               align_corners=False, output_shape=None):
    """Resize H and W by the given scales: method "nearest_neighbor" or "bilinear", with
    "asymmetric" coordinates (or "align_corners"), as TVM's upsampling."""
    del output_shape
    return _ffi_api.upsampling(data, float(scale_h), float(scale_w), layout, method,
                               bool(align_corners))
