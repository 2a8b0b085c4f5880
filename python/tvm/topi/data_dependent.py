"""Operators whose output shapes depend on input values: argwhere, unique and all-class
non-maximum suppression, as te.extern calls of the runtime's kernels
(src/runtime/contrib/data_dependent), so deployed models need only libtvm_runtime.so.

Each returns outputs whose leading extent is an upper bound computed from the input shapes
(PrimExprs, so symbolic input shapes work) and, last, a count: an int64 tensor of shape (1,)
holding how many leading rows of the bounded outputs are valid. The Relay VM cuts those
outputs (the op attribute TTruncatedOutputs) to count[0] rows.
"""
from functools import reduce

from .. import te, tir

__all__ = ["argwhere", "unique", "all_class_non_max_suppression"]


def _kernel(name):
    return "tvm.contrib.data_dependent." + name


def argwhere(condition):
    """[indices [size(condition), ndim] int64, count]: the coordinates of the nonzero elements
    in row-major order in the first count[0] rows."""
    ndim = len(condition.shape)
    size = reduce(lambda a, b: a * b, condition.shape, tir.const(1, "int32"))
    return te.extern([[size, ndim], [1]], [condition], lambda ins, outs: tir.call_packed(
        _kernel("argwhere"), ins[0], outs[0], outs[1]),
        dtype=["int64", "int64"], name="argwhere_cpu", tag="argwhere_cpu")


def unique(data, is_sorted=True):
    """[unique, indices, inverse_indices, counts, count] of a 1-D (2-D: rows) `data`: the first
    count[0] rows of unique (data's shape and dtype), indices and counts ([N] int64) are the
    distinct rows, their first occurrences and their counts; inverse_indices ([N] int64) maps
    every input row to its row of unique."""
    if len(data.shape) not in (1, 2):
        raise ValueError(f"unique: data must be 1-D or 2-D, got shape {list(data.shape)}")
    n = data.shape[0]
    return te.extern([data.shape, [n], [n], [n], [1]], [data], lambda ins, outs: tir.call_packed(
        _kernel("unique"), ins[0], bool(is_sorted), *outs),
        dtype=[data.dtype, "int64", "int64", "int64", "int64"], name="unique_cpu",
        tag="unique_cpu")


def all_class_non_max_suppression(boxes, scores, max_output_boxes_per_class, iou_threshold,
                                  score_threshold, center_point_box=0):
    """[selected_indices [B * C * N, 3] int64, count]: ONNX NonMaxSuppression of boxes
    [B, N, 4] and scores [B, C, N]; the operands after them are scalar (or one-element)
    tensors, score_threshold an empty vector when there is none. The first count[0] rows are
    (batch, class, box index) of the kept boxes, by batch, class and selection order."""
    batch, classes, num_boxes = scores.shape
    bound = batch * classes * num_boxes
    inputs = [boxes, scores, max_output_boxes_per_class, iou_threshold, score_threshold]
    return te.extern([[bound, 3], [1]], inputs, lambda ins, outs: tir.call_packed(
        _kernel("all_class_non_max_suppression"), *ins, int(center_point_box), *outs),
        dtype=["int64", "int64"], name="all_class_nms_cpu", tag="all_class_nms_cpu")
