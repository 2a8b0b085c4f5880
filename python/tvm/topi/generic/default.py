"""The fallback schedule: every operation computed at the root in declaration order."""
from ... import te
from .injective import _as_list


def default_schedule(outs, auto_inline=False):
    """te.create_schedule over the outputs; optionally inline injective intermediates."""
    from .injective import auto_inline_injective  # pylint: disable=import-outside-toplevel

    s = te.create_schedule([x.op for x in _as_list(outs)])
    if auto_inline:
        auto_inline_injective(s)
    return s


def schedule_extern(outs):
    """Extern operations (te.extern) need no scheduling; their injective consumers inline."""
    return default_schedule(outs, auto_inline=True)
