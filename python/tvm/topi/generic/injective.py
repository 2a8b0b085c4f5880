"""Default schedules of injective operators (elementwise, broadcast, layout ops)."""
from ... import te
from ..utils import is_injective_tag


def _as_list(outs):
    return [outs] if isinstance(outs, te.Tensor) else list(outs)


def auto_inline_injective(s):
    """Inline every injective compute stage that is not an output of the schedule, nor read by
    an extern operation (which needs its inputs in memory: the constants the TE compiler
    makes of scalar arguments, for one)."""
    keep = list(s.outputs)
    for stage in s.stages:
        if isinstance(stage.op, te.ExternOp):
            keep += [t.op for t in stage.op.input_tensors]
    for stage in s.stages:
        op = stage.op
        if isinstance(op, te.ComputeOp) and is_injective_tag(op.tag) and \
                not any(op.same_as(o) for o in keep):
            stage.compute_inline()
    return s


def schedule_injective_from_existing(sch, out):
    """Fuse the output's loops into one (a simple, valid order for any target)."""
    axes = list(sch[out].op.axis)
    if len(axes) > 1:
        sch[out].fuse(*axes)
    return sch


def schedule_injective(outs):
    """A schedule computing injective outputs with their injective inputs inlined."""
    outs = _as_list(outs)
    s = te.create_schedule([x.op for x in outs])
    auto_inline_injective(s)
    for out in outs:
        schedule_injective_from_existing(s, out)
    return s


schedule_elemwise = schedule_injective
schedule_broadcast = schedule_injective
