"""tvm.topi.testing: numpy reference implementations, written independently of the computes."""
from .conv import (conv_ncx_python, conv1d_ncw_python, conv2d_nchw_python, conv2d_nhwc_python,
                   conv3d_ncdhw_python, depthwise_conv2d_python_nchw,
                   depthwise_conv2d_python_nhwc, conv2d_transpose_nchw_python, nchw_to_nchwc,
                   nchwc_to_nchw, oihw_to_oihwio)
from .ops import (batch_matmul, softmax_python, log_softmax_python, poolnd_python, adaptive_pool,
                  layer_norm_python, group_norm_python, batch_norm_python, lrn_python,
                  depth_to_space_python, space_to_depth_python, resize2d_python)
from .runner import build_and_run, random_data
