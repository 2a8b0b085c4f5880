"""Matrix products (computes in src/topi/nn/dense.cc)."""
from . import _ffi_api
from .utils import out_dtype_of


def dense(data, weight, bias=None, out_dtype=None, auto_scheduler_rewritten_layout="",
          meta_schedule_original_shape=None):
    """data [M, K] x weight [N, K]^T (+ bias [N]) -> [M, N], accumulated in out_dtype."""
    del auto_scheduler_rewritten_layout, meta_schedule_original_shape
    return _ffi_api.dense(data, weight, bias, out_dtype_of(out_dtype, data))


def matmul(tensor_a, tensor_b, bias=None, out_dtype=None, transpose_a=False, transpose_b=False,
           auto_scheduler_rewritten_layout="", meta_schedule_original_shape=None):
    """op(tensor_a) x op(tensor_b) (+ bias), op transposing when asked."""
    del auto_scheduler_rewritten_layout, meta_schedule_original_shape
    return _ffi_api.matmul(tensor_a, tensor_b, bias, out_dtype_of(out_dtype, tensor_a),
                           bool(transpose_a), bool(transpose_b))


def batch_matmul(tensor_a, tensor_b, oshape=None, out_dtype=None, transpose_a=False,
                 transpose_b=True, auto_scheduler_rewritten_layout="",
                 meta_schedule_original_shape=None):
    """[B, M, K] x [B, N, K]^T -> [B, M, N] (layouts per transpose_a / transpose_b); a batch
    extent of 1 broadcasts."""
    del oshape, auto_scheduler_rewritten_layout, meta_schedule_original_shape
    return _ffi_api.batch_matmul(tensor_a, tensor_b, out_dtype_of(out_dtype, tensor_a),
                                 bool(transpose_a), bool(transpose_b))
