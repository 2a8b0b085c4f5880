"""Op: a registered primitive operator."""
from .._ffi.registry import register_object
from . import _ffi_api
from .expr import RelayExpr


@register_object("Op")
class Op(RelayExpr):
    """A primitive operator registered by name."""

    __slots__ = ()

    @staticmethod
    def get(op_name):
        """The operator `op_name`; ValueError if none is registered."""
        return _ffi_api.GetOp(op_name)

    def get_attr(self, attr_name):
        """The value of an attribute of this op, or None."""
        return _ffi_api.OpGetAttr(self, attr_name)

    def has_attr(self, attr_name):
        return _ffi_api.OpHasAttr(self, attr_name)

    @staticmethod
    def list_op_names():
        return list(_ffi_api.ListOpNames())
