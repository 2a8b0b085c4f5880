"""argwhere, unique and all-class NMS computes (te.extern of the runtime's kernels): built on
llvm, run on upper-bound buffers, and the first count rows compared with numpy references
(an ONNX-spec NMS written here)."""
import numpy as np
import pytest

import tvm
from tvm import te, topi


def run_padded(outs, inputs, arrays, out_shapes):
    """Build outs over inputs, run on `arrays` with outputs of `out_shapes` (the upper bounds
    for the static inputs given), return the outputs as numpy and the count."""
    s = te.create_schedule([o.op for o in outs])
    f = tvm.build(s, list(inputs) + list(outs), "llvm")
    nd_outs = [tvm.nd.array(np.full(shape, -7, o.dtype)) for o, shape in zip(outs, out_shapes)]
    f(*[tvm.nd.array(a) for a in arrays], *nd_outs)
    res = [o.numpy() for o in nd_outs]
    return res[:-1], int(res[-1][0])


def static_shape(t):
    return [int(d) for d in t.shape]


# ---- argwhere --------------------------------------------------------------------------------
@pytest.mark.parametrize("shape,dtype", [((7,), "float32"), ((3, 4), "int32"),
                                         ((2, 3, 4), "bool"), ((2, 1, 3, 2), "int8"),
                                         ((5, 6), "float64"), ((4, 4), "uint8")])
def test_argwhere_matches_numpy(shape, dtype):
    """The first count rows are np.argwhere's rows: the nonzero coordinates, row-major."""
    rng = np.random.default_rng(0)
    data = (rng.integers(0, 3, size=shape) * (rng.random(shape) > 0.4)).astype(dtype)
    x = te.placeholder(shape, dtype, name="x")
    outs = topi.argwhere(x)
    assert static_shape(outs[0]) == [int(np.prod(shape)), len(shape)]
    (indices,), count = run_padded(outs, [x], [data], [static_shape(o) for o in outs])
    expected = np.argwhere(data)
    assert count == len(expected)
    np.testing.assert_array_equal(indices[:count], expected)


def test_argwhere_all_zero_and_all_nonzero():
    """No nonzero element gives count 0; all nonzero gives every coordinate."""
    x = te.placeholder((2, 3), "float32", name="x")
    outs = topi.argwhere(x)
    _, count = run_padded(outs, [x], [np.zeros((2, 3), "float32")], [[6, 2], [1]])
    assert count == 0
    (indices,), count = run_padded(outs, [x], [np.full((2, 3), -1.5, "float32")], [[6, 2], [1]])
    np.testing.assert_array_equal(indices[:count], np.argwhere(np.ones((2, 3))))


def test_argwhere_symbolic_shape():
    """With symbolic input dims the upper bound is their product; one build runs any shape."""
    n, m = te.var("n"), te.var("m")
    x = te.placeholder((n, m), "float32", name="x")
    outs = topi.argwhere(x)
    f = tvm.build(te.create_schedule([o.op for o in outs]), [x] + list(outs), "llvm")
    for shape in [(2, 5), (4, 1)]:
        data = np.random.default_rng(1).normal(size=shape).astype("float32")
        data[data < 0] = 0
        size = int(np.prod(shape))
        indices, count = tvm.nd.empty((size, 2), "int64"), tvm.nd.empty((1,), "int64")
        f(tvm.nd.array(data), indices, count)
        c = int(count.numpy()[0])
        np.testing.assert_array_equal(indices.numpy()[:c], np.argwhere(data))


# ---- unique ----------------------------------------------------------------------------------
def first_occurrence_order(values, first):
    """np.unique's results reordered by first occurrence (ONNX sorted=0)."""
    return np.argsort(first, kind="stable")


@pytest.mark.parametrize("dtype", ["int32", "int64", "float32", "float64", "uint8", "int8"])
@pytest.mark.parametrize("is_sorted", [True, False])
def test_unique_1d_matches_numpy(dtype, is_sorted):
    """Sorted: np.unique with return_index/inverse/counts; unsorted: the same groups in order
    of first occurrence, the inverse mapping renumbered accordingly."""
    rng = np.random.default_rng(2)
    data = rng.integers(0, 6, size=17).astype(dtype)
    x = te.placeholder(data.shape, dtype, name="x")
    outs = topi.unique(x, is_sorted)
    (uniq, first, inverse, counts), count = run_padded(
        outs, [x], [data], [static_shape(o) for o in outs])
    values, ref_first, ref_inverse, ref_counts = np.unique(
        data, return_index=True, return_inverse=True, return_counts=True)
    ref_inverse = ref_inverse.reshape(-1)
    if not is_sorted:
        order = first_occurrence_order(values, ref_first)
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        values, ref_first, ref_counts = values[order], ref_first[order], ref_counts[order]
        ref_inverse = rank[ref_inverse]
    assert count == len(values)
    np.testing.assert_array_equal(uniq[:count], values)
    np.testing.assert_array_equal(first[:count], ref_first)
    np.testing.assert_array_equal(counts[:count], ref_counts)
    np.testing.assert_array_equal(inverse, ref_inverse)
    np.testing.assert_array_equal(uniq[:count][inverse], data)


@pytest.mark.parametrize("is_sorted", [True, False])
def test_unique_rows_matches_numpy(is_sorted):
    """2-D input: distinct rows, ordered lexicographically (np.unique axis=0) or by first
    occurrence."""
    rng = np.random.default_rng(3)
    data = rng.integers(0, 2, size=(12, 3)).astype("float32")
    x = te.placeholder(data.shape, "float32", name="x")
    outs = topi.unique(x, is_sorted)
    (uniq, first, inverse, counts), count = run_padded(
        outs, [x], [data], [static_shape(o) for o in outs])
    values, ref_first, ref_inverse, ref_counts = np.unique(
        data, axis=0, return_index=True, return_inverse=True, return_counts=True)
    ref_inverse = ref_inverse.reshape(-1)
    if not is_sorted:
        order = first_occurrence_order(values, ref_first)
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        values, ref_first, ref_counts = values[order], ref_first[order], ref_counts[order]
        ref_inverse = rank[ref_inverse]
    assert count == len(values)
    np.testing.assert_array_equal(uniq[:count], values)
    np.testing.assert_array_equal(first[:count], ref_first)
    np.testing.assert_array_equal(counts[:count], ref_counts)
    np.testing.assert_array_equal(inverse, ref_inverse)


def test_unique_floats_with_nan_and_signed_zero():
    """NaNs form one group after every number (numpy's equal_nan); -0.0 equals 0.0."""
    data = np.array([1.0, np.nan, -0.0, 0.0, np.nan, -3.0], "float32")
    x = te.placeholder(data.shape, "float32", name="x")
    outs = topi.unique(x)
    (uniq, first, _, counts), count = run_padded(
        outs, [x], [data], [static_shape(o) for o in outs])
    assert count == 4
    np.testing.assert_array_equal(uniq[:count], [-3.0, 0.0, 1.0, np.nan])
    np.testing.assert_array_equal(first[:count], [5, 2, 0, 1])
    np.testing.assert_array_equal(counts[:count], [1, 2, 1, 2])


def test_unique_rejects_3d():
    """unique handles 1-D and 2-D data only."""
    with pytest.raises(ValueError, match="1-D or 2-D"):
        topi.unique(te.placeholder((2, 2, 2), "int32", name="x"))


# ---- all-class non-maximum suppression ---------------------------------------------------------
def ref_iou_over(box_a, box_b, center, threshold):
    """ONNX NonMaxSuppression's test: IOU of two boxes > threshold (corners in any order)."""
    def extent(b):
        if center:
            xc, yc, w, h = b
            return xc - w / 2, xc + w / 2, yc - h / 2, yc + h / 2
        y1, x1, y2, x2 = b
        return min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)

    ax0, ax1, ay0, ay1 = extent(box_a)
    bx0, bx1, by0, by1 = extent(box_b)
    iw = min(ax1, bx1) - max(ax0, bx0)
    ih = min(ay1, by1) - max(ay0, by0)
    if iw <= 0 or ih <= 0:
        return False
    inter = iw * ih
    union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter
    return union > 0 and inter / union > threshold


def ref_nms(boxes, scores, max_out, iou, score_threshold, center):
    """The ONNX spec, straightforwardly: per batch and class, boxes by descending score
    (stable), those above score_threshold, greedily kept unless overlapping a kept one."""
    rows = []
    for b in range(scores.shape[0]):
        for c in range(scores.shape[1]):
            s = scores[b, c]
            cand = [i for i in np.argsort(-s, kind="stable")
                    if score_threshold is None or s[i] > score_threshold]
            kept = []
            for i in cand:
                if len(kept) >= max_out:
                    break
                if not any(ref_iou_over(boxes[b, k], boxes[b, i], center, iou) for k in kept):
                    kept.append(i)
            rows += [(b, c, i) for i in kept]
    return np.array(rows, "int64").reshape(-1, 3)


def run_nms(boxes, scores, max_out, iou, score_threshold, center):
    b = te.placeholder(boxes.shape, "float32", name="boxes")
    s = te.placeholder(scores.shape, "float32", name="scores")
    m = te.placeholder((), "int64", name="max_out")
    t = te.placeholder((1,), "float32", name="iou")
    st = te.placeholder((0,) if score_threshold is None else (), "float32", name="score_thr")
    outs = topi.vision.all_class_non_max_suppression(b, s, m, t, st, center_point_box=center)
    st_value = np.zeros((0,), "float32") if score_threshold is None else \
        np.array(score_threshold, "float32")
    (selected,), count = run_padded(
        outs, [b, s, m, t, st],
        [boxes, scores, np.array(max_out, "int64"), np.array([iou], "float32"), st_value],
        [static_shape(o) for o in outs])
    assert selected.shape == (scores.size, 3)
    return selected[:count]


def random_boxes(rng, batch, n, center):
    """Boxes in a small field so that many overlap; corner boxes with corners in either
    order."""
    if center:
        xy = rng.uniform(0, 4, size=(batch, n, 2))
        wh = rng.uniform(0.5, 3, size=(batch, n, 2))
        return np.concatenate([xy, wh], -1).astype("float32")
    a = rng.uniform(0, 4, size=(batch, n, 2))
    b = a + rng.uniform(-3, 3, size=(batch, n, 2))
    return np.concatenate([a, b], -1).astype("float32")


@pytest.mark.parametrize("center", [0, 1])
@pytest.mark.parametrize("max_out,iou,score_threshold", [
    (100, 0.5, None), (2, 0.3, 0.2), (3, 0.0, None), (5, 1.0, 0.5), (0, 0.5, None)])
def test_nms_matches_onnx_reference(center, max_out, iou, score_threshold):
    """Several batches and classes: the kept (batch, class, box) rows equal the reference's."""
    rng = np.random.default_rng(10 + center)
    boxes = random_boxes(rng, 2, 9, center)
    scores = rng.permutation(2 * 3 * 9).reshape(2, 3, 9).astype("float32") / 54
    got = run_nms(boxes, scores, max_out, iou, score_threshold, center)
    expected = ref_nms(boxes, scores, max_out, iou, score_threshold, center)
    np.testing.assert_array_equal(got, expected)
    if max_out == 0:
        assert len(got) == 0


def test_nms_onnx_example():
    """The ONNX spec's example: center boxes, 3 kept of 6 at iou 0.5, score 0.0, max 3."""
    boxes = np.array([[[0.5, 0.5, 1.0, 1.0], [0.5, 0.6, 1.0, 1.0], [0.5, 0.4, 1.0, 1.0],
                       [0.5, 10.5, 1.0, 1.0], [0.5, 10.6, 1.0, 1.0],
                       [0.5, 100.5, 1.0, 1.0]]], "float32")
    scores = np.array([[[0.9, 0.75, 0.6, 0.95, 0.5, 0.3]]], "float32")
    got = run_nms(boxes, scores, 3, 0.5, 0.0, 1)
    np.testing.assert_array_equal(got, [[0, 0, 3], [0, 0, 0], [0, 0, 5]])


def test_nms_flipped_corners_equal_normal_ones():
    """(y2, x2, y1, x1) boxes suppress exactly like (y1, x1, y2, x2) ones."""
    rng = np.random.default_rng(5)
    boxes = random_boxes(rng, 1, 8, 0)
    scores = rng.random((1, 2, 8)).astype("float32")
    flipped = boxes[..., [2, 3, 0, 1]]
    np.testing.assert_array_equal(run_nms(boxes, scores, 8, 0.4, None, 0),
                                  run_nms(flipped, scores, 8, 0.4, None, 0))


def test_nms_ties_keep_lower_index_first():
    """Equal scores: the lower box index is considered (and kept) first."""
    boxes = np.array([[[0, 0, 1, 1], [0, 0, 1, 1], [5, 5, 6, 6]]], "float32")
    scores = np.array([[[0.5, 0.5, 0.5]]], "float32")
    np.testing.assert_array_equal(run_nms(boxes, scores, 10, 0.5, None, 0),
                                  [[0, 0, 0], [0, 0, 2]])


def test_nms_iou_threshold_out_of_range():
    """An iou_threshold outside [0, 1] is refused when the kernel runs, like onnxruntime."""
    boxes = np.zeros((1, 2, 4), "float32")
    scores = np.zeros((1, 1, 2), "float32")
    with pytest.raises(tvm.error.TVMError, match="iou_threshold"):
        run_nms(boxes, scores, 1, 1.5, None, 0)
