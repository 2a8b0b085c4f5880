"""IRModule: a set of functions keyed by GlobalVar, the unit passes transform."""
from .._ffi.registry import register_object
from . import _ffi_api
from .base import Node
from .expr import GlobalVar


@register_object("IRModule")
class IRModule(Node):
    """A module of functions (tir.PrimFunc, relay.Function), keyed by GlobalVar."""

    __slots__ = ()

    def __init__(self, functions=None, attrs=None):
        funcs = {}
        for k, v in (functions or {}).items():
            funcs[GlobalVar(k) if isinstance(k, str) else k] = v
        if attrs is not None and isinstance(attrs, dict):
            attrs = _ffi_api.DictAttrs(attrs)
        self.__init_handle_by_constructor__(_ffi_api.IRModule, funcs, attrs)

    def __setitem__(self, var, func):
        self._add(var, func, True)

    def _add(self, var, func, update=True):
        if isinstance(var, str):
            var = (
                _ffi_api.Module_GetGlobalVar(self, var)
                if _ffi_api.Module_ContainGlobalVar(self, var)
                else GlobalVar(var)
            )
        self.handle = _ffi_api.Module_Add(self, var, func, update).handle

    def update_func(self, var, func):
        self._add(var, func, True)

    def __getitem__(self, var):
        if isinstance(var, str):
            return _ffi_api.Module_LookupStr(self, var)
        return _ffi_api.Module_Lookup(self, var)

    def __contains__(self, var):
        name = var if isinstance(var, str) else var.name_hint
        return _ffi_api.Module_ContainGlobalVar(self, name)

    def __len__(self):
        return len(self.get_global_vars())

    def remove(self, var):
        if isinstance(var, str):
            var = self.get_global_var(var)
        self.handle = _ffi_api.Module_Remove(self, var).handle

    def get_global_var(self, name):
        return _ffi_api.Module_GetGlobalVar(self, name)

    def get_global_vars(self):
        return list(_ffi_api.Module_GetGlobalVars(self))

    @staticmethod
    def from_expr(expr, functions=None, type_defs=None):
        """A module whose "main" is `expr` (a relay.Function, or an expression wrapped in a
        function of its free variables), plus `functions` ({name or GlobalVar: function}).
        `type_defs` (ADTs) are not supported yet and must be None."""
        from .. import relay  # pylint: disable=import-outside-toplevel

        if type_defs:
            raise NotImplementedError("IRModule.from_expr: type definitions are not supported yet")
        if not isinstance(expr, relay.Function):
            expr = relay.Function(relay.analysis.free_vars(expr), expr)
        funcs = dict(functions or {})
        funcs["main"] = expr
        return IRModule(funcs)

    @property
    def functions_items(self):
        return [(gv, self[gv]) for gv in self.get_global_vars()]


def _module_text(mod):
    from .._ffi.registry import get_global_func  # pylint: disable=import-outside-toplevel

    if any(mod[gv].type_key == "relay.Function" for gv in mod.get_global_vars()):
        return get_global_func("relay.ir.AsText")(mod, True)
    printer = get_global_func("tir.AsScript", allow_missing=True)
    return printer(mod) if printer is not None else object.__repr__(mod)


IRModule.__str__ = _module_text
IRModule.__repr__ = _module_text
IRModule.script = _module_text


def _astext(mod, show_meta_data=True, annotate=None):  # pylint: disable=unused-argument
    """The module as Relay text (TIR functions as TIR script)."""
    from .._ffi.registry import get_global_func  # pylint: disable=import-outside-toplevel

    return get_global_func("relay.ir.AsText")(mod, True)


IRModule.astext = _astext
