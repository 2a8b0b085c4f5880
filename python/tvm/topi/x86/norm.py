"""x86 layer_norm / group_norm. layer_norm: one parallel loop over the rows (the axes before
the first normalized axis), and per row the sum, the squared deviations from the mean and the
normalized output computed on the row while it is in cache, each vectorized along the row; the
statistics are per-row values. group_norm: the statistics at the root (parallel over groups)."""
from ... import te
from ..utils import get_const_int
from .softmax import lane_partials
from .utils import knob, outputs_list, simd_lanes, vectorize_reduction


def _vectorize_last(s, t, lanes):
    if get_const_int(t.shape[-1]) >= lanes:
        _, vi = s[t].split(s[t].op.axis[-1], factor=lanes)
        s[t].vectorize(vi)


def _row_statistic(s, stat, lanes, out, row, last_reduced):
    """Compute stat at `row` of out. When the last data axis is normalized, the innermost
    reduction is split by `lanes` and the lanes factored out (rfactor) into `lanes`
    accumulators computed at the same loop, vectorized (when the row is a multiple of the
    width; else a plain reduction). Otherwise the reductions run outside the statistic's own
    axes and its innermost (contiguous) axis is vectorized."""
    s[stat].compute_at(s[out], row)
    reds = list(s[stat].op.reduce_axis)
    if last_reduced:
        extent = get_const_int(reds[-1].dom.extent)
        if extent % lanes or extent < 2 * lanes:
            return
        lane_partials(s, stat, reds[-1], lanes, out, row)
        return
    s[stat].reorder(*(reds + list(s[stat].op.axis)))
    _vectorize_last(s, stat, lanes)


def _schedule_group_norm(s, out, total, sqsum, lanes):
    for stat in (total, sqsum):
        axes = list(s[stat].op.axis)
        if axes:
            fused = s[stat].fuse(*axes) if len(axes) > 1 else axes[0]
            s[stat].parallel(fused)
            vectorize_reduction(s, stat, lanes, fused)
        else:
            vectorize_reduction(s, stat, lanes)
    axes = list(s[out].op.axis)
    s[out].parallel(s[out].fuse(*axes[:-1]) if len(axes) > 2 else axes[0])
    _vectorize_last(s, out, lanes)


def schedule_layer_norm(outs, cfg=None):
    """Schedule layer_norm / group_norm.

    layer_norm: parallel over the rows (the fused axes before the first normalized axis); per
    row the sum, the sum of squared deviations and the output, each vectorized (the sums over
    a normalized last axis as `vector` partial accumulators, rfactor; otherwise along the
    contiguous inner positions). layer_norm over axis 0 (no rows) computes the statistics at
    the root. group_norm: both statistics at the root, parallel over groups.

    Knobs (cfg dict):
      vector  the vector width in elements (default: the SIMD width, 16 float32 on AVX-512)
    """
    outs = outputs_list(outs)
    s = te.create_schedule([o.op for o in outs])
    out = outs[0]
    lanes = int(knob(cfg, "vector", simd_lanes(out.dtype)))
    if lanes < 1:
        raise ValueError(f"schedule_layer_norm: vector must be a positive width, found {lanes}")
    sums = [t for t in out.op.input_tensors if t.op.name.endswith("_sum")]
    sqsums = [t for t in out.op.input_tensors if t.op.name.endswith("_sqsum")]
    if not sums or not sqsums:
        raise ValueError(f"schedule_layer_norm: expected a layer_norm / group_norm output, "
                         f"found {out.op.name}")
    total, sqsum = sums[0], sqsums[0]
    if out.op.name != "T_layer_norm":
        _schedule_group_norm(s, out, total, sqsum, lanes)
        return s
    ndim = len(out.shape)
    reduced = _normalized_axes(total, ndim)
    first = reduced.index(True)
    axes = list(s[out].op.axis)
    if first == 0:
        for stat in (total, sqsum):
            axes_s = list(s[stat].op.axis)
            reds = list(s[stat].op.reduce_axis)
            if axes_s and not reduced[-1]:
                s[stat].reorder(*(reds + axes_s))
                _vectorize_last(s, stat, lanes)
            elif not axes_s:
                vectorize_reduction(s, stat, lanes)
        if ndim > 1:
            s[out].parallel(axes[0])
        _vectorize_last(s, out, lanes)
        return s
    row = s[out].fuse(*axes[:first]) if first > 1 else axes[0]
    s[out].parallel(row)
    for stat in (total, sqsum):
        _row_statistic(s, stat, lanes, out, row, reduced[-1])
    _vectorize_last(s, out, lanes)
    return s


def _normalized_axes(total, ndim):
    """For each axis of the data, whether layer_norm normalizes over it: the statistic reads
    the data with a reduction variable there (T_layer_norm_sum = sum of data[...])."""
    load = total.op.body[0].source[0]
    indices = list(getattr(load, "indices", []))
    if len(indices) != ndim:
        raise ValueError(f"schedule_layer_norm: expected {total.op.name} to sum the data "
                         f"(a {ndim}-D read), found {load}")
    return [any(i.same_as(k.var) for k in total.op.reduce_axis) for i in indices]
