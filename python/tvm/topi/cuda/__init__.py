"""tvm.topi.cuda: schedules for GPU targets (CUDA and OpenCL share them, as their TIR is the
same: loops bound to blockIdx/threadIdx, shared/local scopes, barriers).

Every schedule takes the outputs (``schedule_x(outs, target=None, cfg=None)``) and returns a
te.Schedule in which every stage that is not inlined runs inside a kernel. `target` supplies
the thread limit (``max_num_threads``; by default 1024 for CUDA and 256 for OpenCL); without
one, ``Target.current()`` or the CUDA default is used. `cfg` is an optional dict of named knobs
(documented per schedule) for the tuner.

- schedule_default: correct for any computation: injective intermediates inlined, every other
  stage one thread per output element, reductions across the threads of a block when the
  reduced extent is long and the outputs are few.
- schedule_injective / schedule_reduce / schedule_softmax: the same rules, named as the
  strategies expect.
- schedule_dense / schedule_batch_matmul: register-tiled GEMM with shared-memory tiles for
  many rows; one block per output with a cross-thread reduction for a few rows (GEMV).
- schedule_conv2d_nchw: register-tiled direct convolution (channels x pixels per thread);
  schedule_depthwise_conv2d_nchw / schedule_pool: the default kernels.
"""
from .default import (schedule_default, schedule_injective, schedule_reduce, schedule_softmax,
                      schedule_layer_norm, schedule_pool, schedule_adaptive_pool,
                      schedule_depthwise_conv2d_nchw, bind_spatial,
                      max_threads)
from .dense import schedule_dense, schedule_batch_matmul
from .conv2d import schedule_conv2d_nchw
