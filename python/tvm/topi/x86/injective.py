"""x86 schedule of injective (elementwise, broadcast, layout) operators."""
from ... import te
from ..utils import get_const_tuple, is_injective_tag
from .utils import outputs_list, simd_lanes


def schedule_injective_from_existing(sch, out):
    """All axes fused; the fused loop split into vectors (vectorized) and parallel chunks."""
    axes = list(sch[out].op.axis)
    if not axes:  # a scalar: nothing to split or parallelize
        return sch
    fused = sch[out].fuse(*axes) if len(axes) > 1 else axes[0]
    total = 1
    for d in get_const_tuple(out.shape):
        total = total * d if isinstance(d, int) else None
        if total is None:
            break
    lanes = simd_lanes(out.dtype)
    if total is not None and total >= lanes:
        outer, inner = sch[out].split(fused, factor=lanes)
        sch[out].vectorize(inner)
        sch[out].parallel(outer)
    else:
        sch[out].parallel(fused)
    return sch


def schedule_injective(outs, cfg=None):
    """Schedule injective outputs: their injective producers inlined, each output fused,
    vectorized by the vector width and parallel. No knobs."""
    del cfg
    outs = outputs_list(outs)
    s = te.create_schedule([o.op for o in outs])
    visited = set()

    def inline(op):
        for t in op.input_tensors:
            if isinstance(t.op, te.PlaceholderOp) or t.op in visited:
                continue
            visited.add(t.op)
            if is_injective_tag(t.op.tag) and not any(t.op.same_as(o.op) for o in outs):
                s[t.op].compute_inline()
            inline(t.op)

    for out in outs:
        inline(out.op)
        schedule_injective_from_existing(s, out)
    return s


schedule_elemwise = schedule_injective
schedule_broadcast = schedule_injective
