"""relay.Function."""
from .._ffi.registry import register_object
from ..ir import _ffi_api as _ir_api
from . import _ffi_api
from .expr import ExprWithOp


@register_object("relay.Function")
class Function(ExprWithOp):
    """A function: parameters (Vars), a body, an optional return type and attributes."""

    __slots__ = ()

    def __init__(self, params, body, ret_type=None, type_params=None, attrs=None, span=None):
        if type_params:
            raise NotImplementedError("relay.Function: type parameters are not supported yet")
        if attrs is not None and isinstance(attrs, dict):
            attrs = _ir_api.DictAttrs(attrs)
        self.__init_handle_by_constructor__(
            _ffi_api.Function, list(params), body, ret_type, attrs, span
        )

    def with_attr(self, attr_key_or_dict, attr_value=None):
        """A copy with attributes set (a key and value, or a dict)."""
        if isinstance(attr_key_or_dict, dict):
            f = self
            for k, v in attr_key_or_dict.items():
                f = _ffi_api.FunctionWithAttr(f, k, v)
            return f
        return _ffi_api.FunctionWithAttr(self, attr_key_or_dict, attr_value)

    def __call__(self, *args):
        from .expr import Call  # pylint: disable=import-outside-toplevel

        return Call(self, args)
