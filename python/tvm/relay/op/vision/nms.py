"""Non-maximum suppression."""
import numpy as np

from ...expr import TupleWrapper, const
from . import _make

__all__ = ["all_class_non_max_suppression"]


def _operand(value, dtype):
    if value is None:
        return const(np.zeros((0,), dtype))  # an omitted operand: an empty vector
    if isinstance(value, (int, float)):
        return const(value, dtype)
    return value


def all_class_non_max_suppression(boxes, scores, max_output_boxes_per_class=0, iou_threshold=0.0,
                                  score_threshold=None, center_point_box=0,
                                  output_format="onnx"):
    """ONNX NonMaxSuppression: boxes [B, N, 4] (corners (y1, x1, y2, x2) in either order, or
    with center_point_box=1 (x_center, y_center, width, height)), scores [B, C, N].

    max_output_boxes_per_class (int64), iou_threshold and score_threshold (float32) are
    scalar tensors (Python numbers become constants); score_threshold None keeps every
    score. Returns a TupleWrapper (selected_indices Tensor[(?, 3), int64], one row (batch,
    class, box) per kept box, by batch, class and selection order; count Tensor[(1,), int64],
    their number). selected_indices is already cut to count rows.
    """
    return TupleWrapper(_make.all_class_non_max_suppression(
        boxes, scores, _operand(max_output_boxes_per_class, "int64"),
        _operand(iou_threshold, "float32"), _operand(score_threshold, "float32"),
        int(center_point_box), str(output_format)), 2)
