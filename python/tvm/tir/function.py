"""PrimFunc: a TIR function."""
from .._ffi.registry import register_object
from ..ir import _ffi_api as _ir_api
from ..ir.expr import RelayExpr
from . import _ffi_api


@register_object("tir.PrimFunc")
class PrimFunc(RelayExpr):
    """A TIR function: params (Vars), a body, and the Buffers bound to tensor params."""

    __slots__ = ()

    def __init__(self, params, body, ret_type=None, buffer_map=None, attrs=None, span=None):
        from .buffer import Buffer  # pylint: disable=import-outside-toplevel
        from .expr import Var  # pylint: disable=import-outside-toplevel

        param_list = []
        bmap = dict(buffer_map or {})
        for p in params:
            if isinstance(p, Buffer):
                v = Var(p.name, "handle")
                bmap[v] = p
                param_list.append(v)
            else:
                param_list.append(p)
        if attrs is not None and isinstance(attrs, dict):
            attrs = _ir_api.DictAttrs(attrs)
        self.__init_handle_by_constructor__(
            _ffi_api.PrimFunc, param_list, body, ret_type, bmap, attrs, span
        )

    def with_attr(self, attr_key_or_dict, attr_value=None):
        """A copy with attributes set."""
        if isinstance(attr_key_or_dict, dict):
            f = self
            for k, v in attr_key_or_dict.items():
                f = _ffi_api.PrimFuncWithAttr(f, k, v)
            return f
        return _ffi_api.PrimFuncWithAttr(self, attr_key_or_dict, attr_value)

    def with_body(self, new_body, span=None):
        return PrimFunc(self.params, new_body, self.ret_type, self.buffer_map, self.attrs, span)

    def script(self, **kwargs):
        """The function as readable TVMScript-like text."""
        return _ffi_api.AsScript(self)

    def show(self):
        print(self.script())

    def __str__(self):
        return self.script()

    __repr__ = __str__
