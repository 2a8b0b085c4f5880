"""Default schedule of reductions: injective producers inlined, loops as declared."""
from ... import te
from .injective import _as_list, auto_inline_injective


def schedule_reduce(outs):
    """A schedule for reduction outputs (sum, max, argmax, ...) and their injective inputs."""
    outs = _as_list(outs)
    s = te.create_schedule([x.op for x in outs])
    auto_inline_injective(s)
    return s
