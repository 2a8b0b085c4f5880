"""Op strategies: how each Relay operator is computed (TE) and scheduled, per target.

An op's "FTVMStrategy" attribute is a function (attrs, inputs, out_type, target) -> OpStrategy;
the TE compiler (src/relay/backend/te_compiler.cc) calls it and keeps the implementation with
the highest priority level.
"""
import tvm._ffi
from tvm.runtime import Object

from ....ir import _ffi_api as _ir_api
from ... import _ffi_api  # noqa: F401  (the relay.* globals)


@tvm._ffi.register_object("relay.OpImplementation")
class OpImplementation(Object):
    """One way to compute and schedule an operator."""


@tvm._ffi.register_object("relay.OpStrategy")
class OpStrategy(Object):
    """The implementations of an operator for one call (attrs, inputs, target)."""

    def __init__(self):
        self.__init_handle_by_constructor__(tvm._ffi.get_global_func("relay.op._OpStrategy"))

    def add_implementation(self, compute, schedule, name="default", plevel=10):
        """compute(attrs, inputs, out_type) -> [te.Tensor]; schedule(attrs, outs, target)."""
        tvm._ffi.get_global_func("relay.op._OpStrategyAddImplementation")(
            self, compute, schedule, name, plevel)


_KNOWN_OPS = None


def _op_exists(op_name):
    global _KNOWN_OPS  # pylint: disable=global-statement
    if _KNOWN_OPS is None:
        _KNOWN_OPS = set(str(n) for n in _ir_api.ListOpNames())
    return op_name in _KNOWN_OPS


def register_strategy(op_name, fstrategy, level=10):
    """Set op_name's strategy function; a higher level replaces a lower one. Operators that
    are not defined (yet) are skipped: a strategy never creates an operator."""
    if _op_exists(op_name):
        _ir_api.RegisterOpAttr(op_name, "FTVMStrategy", fstrategy, level)
    return fstrategy


def register_op_attr(op_name, attr_key, value, level=10):
    """Set any attribute of a registered operator."""
    _ir_api.RegisterOpAttr(op_name, attr_key, value, level)
