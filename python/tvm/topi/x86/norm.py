"""x86 layer_norm / group_norm: one group of normalized elements per parallel task, both
statistics reductions (sum, then squared deviations) computed for it while it is in cache; the
output pass vectorized."""
from ... import te
from .utils import outputs_list, simd_lanes, vectorize_reduction


def schedule_layer_norm(outs, cfg=None):
    """Schedule layer_norm / group_norm: the sums at the root (parallel over groups), then
    per group the squared deviations and the output (vectorized) in one parallel loop. (The
    sums feed two stages, and a stage computed inside another's loop may have only one
    consumer in our te, so they stay at the root.) No knobs."""
    del cfg
    outs = outputs_list(outs)
    s = te.create_schedule([o.op for o in outs])
    out = outs[0]
    lanes = simd_lanes(out.dtype)
    sums = [t for t in out.op.input_tensors if t.op.name.endswith("_sum")]
    sqsums = [t for t in out.op.input_tensors if t.op.name.endswith("_sqsum")]
    if not sums or not sqsums:
        raise ValueError(f"schedule_layer_norm: expected a layer_norm / group_norm output, "
                         f"found {out.op.name}")
    total, sqsum = sums[0], sqsums[0]
    stat_axes = list(s[total].op.axis)
    if stat_axes:
        fused = s[total].fuse(*stat_axes) if len(stat_axes) > 1 else stat_axes[0]
        s[total].parallel(fused)
        vectorize_reduction(s, total, lanes, fused)
    else:
        vectorize_reduction(s, total, lanes)
    axes = list(s[out].op.axis)
    stat_ndim = len(total.shape)
    # layer_norm over trailing axes: the statistic's axes are the output's leading ones.
    if out.op.name == "T_layer_norm" and 0 < stat_ndim < len(axes):
        outer = axes[:stat_ndim]
        fused = s[out].fuse(*outer) if len(outer) > 1 else outer[0]
        s[out].parallel(fused)
        s[sqsum].compute_at(s[out], fused)
        vectorize_reduction(s, sqsum, lanes)
    else:
        sq_axes = list(s[sqsum].op.axis)
        if sq_axes:
            sq_fused = s[sqsum].fuse(*sq_axes) if len(sq_axes) > 1 else sq_axes[0]
            s[sqsum].parallel(sq_fused)
            vectorize_reduction(s, sqsum, lanes, sq_fused)
        else:
            vectorize_reduction(s, sqsum, lanes)
        s[out].parallel(s[out].fuse(*axes[:-1]) if len(axes) > 2 else axes[0])
    _, inner = s[out].split(axes[-1], factor=lanes)
    s[out].vectorize(inner)
    return s
