"""tvm.topi.x86: schedules tuned for x86 CPUs (AVX2 / AVX-512).

Every schedule takes the outputs list (``schedule_x(outs, cfg=None)``) and returns a
te.Schedule; `cfg` is an optional dict of named knobs (documented per schedule) whose
defaults are computed from the shapes and the vector width (utils.simd_lanes).
"""
from .conv2d import (conv2d_NCHWc, conv2d_nchw, schedule_conv2d_NCHWc, schedule_conv2d_nchw,
                     schedule_conv2d_nhwc, conv2d_NCHWc_default_blocks)
from .depthwise_conv2d import (schedule_depthwise_conv2d_nchw, depthwise_conv2d_NCHWc,
                               schedule_depthwise_conv2d_NCHWc)
from .dense import (dense_pack, schedule_dense_pack, schedule_dense_nopack, pack_weight,
                    dense_pack_default_bn, dense_gemv, schedule_dense_gemv,
                    dense_gemv_default_lanes)
from .batch_matmul import batch_matmul, schedule_batch_matmul
from .pooling import schedule_pool, schedule_adaptive_pool
from .softmax import schedule_softmax
from .norm import schedule_layer_norm
from .injective import (schedule_injective, schedule_injective_from_existing, schedule_elemwise,
                        schedule_broadcast)
from .utils import simd_lanes
