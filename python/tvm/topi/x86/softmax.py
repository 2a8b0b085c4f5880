"""x86 softmax / log_softmax: one parallel loop over the rows (the axes before the softmax
axis), and per row every stage (max, exp, sum, normalize) computed on the row while it is in
cache, vectorized along the row; the intermediates are per-row buffers (the row of
exponentials, one max and one sum per element of the axes after the softmax axis)."""
from ... import te
from ..utils import get_const_int
from .utils import knob, outputs_list, simd_lanes


def _fuse(s, t, axes):
    if not axes:
        return None
    return s[t].fuse(*axes) if len(axes) > 1 else axes[0]


def lane_partials(s, t, k, lanes, parent, loop):
    """Split t's reduction k by `lanes` and factor the lanes out (rfactor): a partial of
    `lanes` accumulators, vectorized, at `loop` of `parent`. The lanes are then combined by
    halves (a power of two): each halving is one more rfactor partial of half the width
    (the two halves added as vectors), down to two lanes that t combines. A chain of
    lanes - 1 dependent scalar ops becomes log2(lanes) vector ops."""
    _, ki = s[t].split(k, factor=lanes)
    width = lanes
    while True:
        partial = s.rfactor(t, ki, factor_axis=len(t.shape))
        s[partial].compute_at(s[parent], loop)
        p_axes = list(s[partial].op.axis)
        s[partial].reorder(*(list(s[partial].op.reduce_axis) + [p_axes[-1]]))
        s[partial].vectorize(p_axes[-1])
        width //= 2
        if width < 2 or lanes & (lanes - 1):
            return
        (kl,) = s[t].op.reduce_axis
        _, ki = s[t].split(kl, factor=width)


def _vector_row_reduction(s, t, lanes, parent, loop, axis):
    """Compute the row reduction t at `loop` of `parent`. Over the last axis (t has no inner
    data axes) with a row of at least 2 vectors, the reduction is split by `lanes` and the
    lanes factored out (rfactor) into a partial of `lanes` accumulators, also computed at
    `loop` and vectorized: one vector op per `lanes` elements, the lanes combined at the end;
    a row that is not a multiple of `lanes` is reduced plainly. With inner
    axes (softmax over a middle axis) the reduction runs outside and the innermost data axis is
    vectorized: each step combines a contiguous vector of the inner positions."""
    s[t].compute_at(s[parent], loop)
    (k,) = s[t].op.reduce_axis
    axes = list(s[t].op.axis)
    extent = get_const_int(k.dom.extent)
    inner = len(axes) > axis
    if not inner:
        if extent % lanes or extent < 2 * lanes:
            return  # a plain reduction: a guarded tail would keep the lanes scalar
        lane_partials(s, t, k, lanes, parent, loop)
        return
    s[t].reorder(k, *axes)
    last = axes[-1]
    if get_const_int(t.shape[-1]) >= lanes:
        _, vi = s[t].split(last, factor=lanes)
        s[t].vectorize(vi)


def _vectorize_last(s, t, lanes):
    last = s[t].op.axis[-1]
    if get_const_int(t.shape[-1]) >= lanes:
        _, vi = s[t].split(last, factor=lanes)
        s[t].vectorize(vi)


def schedule_softmax(outs, cfg=None):
    """Schedule softmax / log_softmax (tag softmax_output / log_softmax_output).

    One parallel loop over the rows (the fused axes before the softmax axis, and those after it
    but the last when there are two or more); at each row the
    maximum, the exponentials (softmax: a buffer of one row), their sum and the output are
    computed in turn, each vectorized: the max and the sum over the last axis as `vector`
    partial accumulators (rfactor), over a middle axis along the contiguous inner positions.
    A softmax over axis 0 (no row axes) is computed at the root, vectorized the same way.

    Knobs (cfg dict):
      vector  the vector width in elements (default: the SIMD width, 16 float32 on AVX-512)
    """
    outs = outputs_list(outs)
    s = te.create_schedule([o.op for o in outs])
    out = outs[0]
    op = out.op
    if op.tag not in ("softmax_output", "log_softmax_output"):
        raise ValueError(f"schedule_softmax: expected a softmax output, found tag {op.tag!r}")
    axis = int(op.attrs["axis"])
    lanes = int(knob(cfg, "vector", simd_lanes(out.dtype)))
    if lanes < 1:
        raise ValueError(f"schedule_softmax: vector must be a positive width, found {lanes}")
    if op.tag == "softmax_output":
        exp, expsum = op.input_tensors
        maxelem = exp.op.input_tensors[1]
    else:
        exp = None
        maxelem = [t for t in op.input_tensors if "maxelem" in t.op.name][0]
        expsum = [t for t in op.input_tensors if "expsum" in t.op.name][0]
    axes = list(s[out].op.axis)
    row_axes = axes[:axis]
    if len(axes) - axis > 2:
        # A middle softmax axis with two or more axes after it: the rows also take the inner
        # axes but the last (the output loops reordered to rows, softmax axis, last axis), so
        # that a softmax over NCHW channels at batch 1 still has H rows to run in parallel.
        row_axes = axes[:axis] + axes[axis + 1:-1]
        s[out].reorder(*(row_axes + [axes[axis], axes[-1]]))
    row = _fuse(s, out, row_axes)
    if row is not None:
        s[out].parallel(row)
        for red in (maxelem, expsum):
            _vector_row_reduction(s, red, lanes, out, row, axis)
        if exp is not None:
            s[exp].compute_at(s[out], row)
            _vectorize_last(s, exp, lanes)
    else:
        # Softmax over the first axis: no rows; each stage at the root, vectorized.
        for red in (maxelem, expsum):
            if len(red.shape) == 0:
                continue
            (k,) = s[red].op.reduce_axis
            axes = list(s[red].op.axis)
            s[red].reorder(k, *axes)
            _vectorize_last(s, red, lanes)
        if exp is not None:
            _vectorize_last(s, exp, lanes)
    _vectorize_last(s, out, lanes)
    return s
