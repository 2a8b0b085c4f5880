"""tvm.lower: tensor expressions and a schedule to TIR."""
from .ir import IRModule
from .tir import PrimFunc
from ._ffi.registry import get_global_func


def lower(inp, args=None, name="main", binds=None, simple_mode=False):
    """Lower a te.Schedule (with its argument tensors), a PrimFunc or an IRModule to an IRModule.

    `print(tvm.lower(s, [A, B, C], simple_mode=True))` shows the loop program.
    """
    from .te import Schedule  # pylint: disable=import-outside-toplevel

    if isinstance(inp, IRModule):
        return inp
    if isinstance(inp, PrimFunc):
        func = inp if "global_symbol" in (inp.attrs or {}) else inp.with_attr("global_symbol", name)
        return IRModule({name: func})
    if isinstance(inp, Schedule):
        if args is None:
            raise ValueError("lower: a schedule needs its argument tensors (args=[A, B, ...])")
        return get_global_func("driver.lower_schedule")(inp, list(args), name, binds)
    raise TypeError(f"lower: expected a te.Schedule, tir.PrimFunc or IRModule, got {type(inp).__name__}")
