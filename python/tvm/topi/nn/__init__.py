"""tvm.topi.nn: neural-network operator computes (C++ in src/topi/nn, reached by the FFI)."""
from .pad import pad
from .conv import (conv1d, conv1d_ncw, conv2d, conv2d_nchw, conv2d_nhwc, group_conv2d_nchw,
                   conv3d_ncdhw, depthwise_conv2d_nchw, depthwise_conv2d_nhwc, conv2d_NCHWc,
                   depthwise_conv2d_NCHWc, conv2d_transpose_nchw)
from .dense import dense, matmul, batch_matmul
from .elemwise import relu, leaky_relu, prelu, bias_add, softmax, log_softmax
from .pooling import pool2d, global_pool, adaptive_pool
from .norm import layer_norm, group_norm, batch_norm, lrn
from .layout import batch_flatten, depth_to_space, space_to_depth, upsampling
from .utils import get_pad_tuple

# tvm.topi.image lives beside nn; importing it here makes `tvm.topi.image` reachable as an
# attribute until tvm/topi/__init__.py imports it itself.
from .. import image as _image  # noqa: F401
