"""x86 pooling schedules: parallel over the outer output axes; the innermost axis vectorized
when it is a channel block (NCHWc / NHWC), never over a padded spatial axis (the inlined
padding test would become a vector select that loads out of bounds)."""
from ... import te
from ..utils import traverse_inline
from .utils import outputs_list, epilogue_path


def _schedule_pool_out(s, out, layout):
    """Parallel over all but the innermost axis, which is vectorized when it is a channel block
    (not H or W). Returns the loop at which producers of one output row are computed."""
    axes = list(s[out].op.axis)
    vector_inner = (layout[-1] if layout else "W") not in ("H", "W")
    outer = axes[:-1]
    fused = s[out].fuse(*outer) if len(outer) > 1 else outer[0]
    s[out].parallel(fused)
    if vector_inner:
        s[out].vectorize(axes[-1])
        return fused
    return axes[-1]


def _schedule_pooling(s, op, out, layout):
    """The pooling reduction `op` (with its sum stage for averages) and the output: computed
    per output element / row of the output when the output reads it directly, else at the
    root with the output scheduled as an injective stage."""
    from .injective import schedule_injective_from_existing  # pylint: disable=import-outside-toplevel

    total = op.input_tensors[0] if op.tag.endswith("_avg") else None
    if op.same_as(out.op):
        at = _schedule_pool_out(s, out, layout)
        if total is not None:
            s[total].compute_at(s[out], at)
            _vectorize_block_sum(s, total, layout)
        return
    if len(epilogue_path(op.output(0), out)) == 2:
        at = _schedule_pool_out(s, out, layout)
        s[op].compute_at(s[out], at)
        if total is not None:
            s[total].compute_at(s[op], s[op].op.axis[-1])
        return
    at = _schedule_pool_out(s, op.output(0), layout)
    if total is not None:
        s[total].compute_at(s[op], at)
    schedule_injective_from_existing(s, out)


def _vectorize_block_sum(s, total, layout):
    """The window sum of a blocked (NCHW<b>c) pooling: the window loops outside, the channel
    block inside and vectorized, so each step adds one contiguous vector."""
    if not layout or layout[-1] in ("H", "W") or not s[total].op.reduce_axis:
        return
    axes = list(s[total].op.axis)
    s[total].reorder(*(axes[:-1] + list(s[total].op.reduce_axis) + [axes[-1]]))
    s[total].vectorize(axes[-1])


def schedule_pool(outs, layout="NCHW", cfg=None):
    """Schedule pool2d (max / avg) with its elementwise epilogue. No knobs."""
    del cfg
    outs = outputs_list(outs)
    s = te.create_schedule([o.op for o in outs])
    out = outs[0]

    def callback(op):
        # traverse_inline has inlined the padding (an injective stage) into the window.
        if op.tag in ("pool_max", "pool_avg"):
            _schedule_pooling(s, op, out, layout)

    traverse_inline(s, out.op, callback)
    return s


def schedule_adaptive_pool(outs, cfg=None, layout="NCHW"):
    """Schedule adaptive_pool / global_pool with its elementwise epilogue: parallel over the
    fused outer output axes; in a blocked layout (NCHW16c) the channel block is vectorized.
    No knobs."""
    del cfg
    outs = outputs_list(outs)
    s = te.create_schedule([o.op for o in outs])
    out = outs[0]

    def callback(op):
        tag = op.tag
        if tag.startswith(("adaptive_pool", "global_pool")) and not tag.endswith("_sum"):
            _schedule_pooling(s, op, out, layout if layout[-1] not in ("H", "W") else "NCHW")

    traverse_inline(s, out.op, callback)
    return s
