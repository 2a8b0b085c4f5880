"""x86 softmax / log_softmax: one row per parallel task, every stage (max, exp, sum, norm)
computed for the row while it is in cache; the elementwise passes vectorized."""
from ... import te
from .utils import outputs_list, simd_lanes, vectorize_reduction


def _parallel_rows(s, t, axis, lanes, vector):
    """Parallel over the axes of t before `axis` (all of them for a reduced stage); the last
    axis vectorized when asked and when it is the softmax axis."""
    axes = list(s[t].op.axis)
    outer = axes[:axis] if axis is not None else axes
    if outer:
        fused = s[t].fuse(*outer) if len(outer) > 1 else outer[0]
        s[t].parallel(fused)
    else:
        fused = None
    if vector and axis is not None and axis == len(axes) - 1:
        _, inner = s[t].split(axes[-1], factor=lanes)
        s[t].vectorize(inner)
    return fused


def schedule_softmax(outs, cfg=None):
    """Schedule softmax / log_softmax (tag softmax_output / log_softmax_output).

    Three parallel passes: the row maxima; exp(x - max) (vectorized; softmax only); then per
    row the sum and the normalization, the sum computed at the row loop of the output. Over the
    last axis the max and the sum are vectorized (vectorize_reduction). (The
    maxima and the exponentials feed two stages each, and a stage computed inside another's
    loop may have only one consumer in our te, so those stay at the root.) No knobs.
    """
    del cfg
    outs = outputs_list(outs)
    s = te.create_schedule([o.op for o in outs])
    out = outs[0]
    op = out.op
    if op.tag not in ("softmax_output", "log_softmax_output"):
        raise ValueError(f"schedule_softmax: expected a softmax output, found tag {op.tag!r}")
    axis = int(op.attrs["axis"])
    lanes = simd_lanes(out.dtype)
    if op.tag == "softmax_output":
        exp, expsum = op.input_tensors
        maxelem = exp.op.input_tensors[1]
        _parallel_rows(s, exp, axis, lanes, True)
    else:
        maxelem = [t for t in op.input_tensors if "maxelem" in t.op.name][0]
        expsum = [t for t in op.input_tensors if "expsum" in t.op.name][0]
    _parallel_rows(s, maxelem, None, lanes, False)
    if axis == len(out.shape) - 1:
        vectorize_reduction(s, maxelem, lanes)
        vectorize_reduction(s, expsum, lanes)
    fused = _parallel_rows(s, out, axis, lanes, True)
    if fused is not None:
        s[expsum].compute_at(s[out], fused)
    else:
        _parallel_rows(s, expsum, None, lanes, False)
    return s
