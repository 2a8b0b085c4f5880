"""Base expressions and constants."""
from .._ffi.registry import register_object
from . import _ffi_api
from .base import Node


@register_object("BaseExpr")
class BaseExpr(Node):
    __slots__ = ()


@register_object("PrimExpr")
class PrimExpr(BaseExpr):
    """A primitive (scalar or vector) value."""

    __slots__ = ()


@register_object("RelayExpr")
class RelayExpr(BaseExpr):
    """A graph-level expression."""

    __slots__ = ()

    @property
    def checked_type(self):
        """The type inferred by relay.transform.InferType (ValueError before it ran)."""
        return _ffi_api.RelayExprCheckedType(self)


@register_object("GlobalVar")
class GlobalVar(RelayExpr):
    """The name of a function in an IRModule."""

    __slots__ = ()

    def __init__(self, name_hint, type_annot=None):
        self.__init_handle_by_constructor__(_ffi_api.GlobalVar, name_hint, type_annot)


@register_object("Range")
class Range(Node):
    """The half-open interval [begin, end) (or [0, begin) when end is None)."""

    __slots__ = ()

    def __init__(self, begin, end=None, span=None):
        if end is None:
            begin, end = 0, begin
        from ..tir import const as _const  # pylint: disable=import-outside-toplevel

        begin = _const(begin) if isinstance(begin, int) else begin
        end = _const(end) if isinstance(end, int) else end
        self.__init_handle_by_constructor__(_ffi_api.Range, begin, end - begin, span)

    @staticmethod
    def from_min_extent(min_value, extent, span=None):
        """The range [min_value, min_value + extent)."""
        return _ffi_api.Range(min_value, extent, span)


@register_object("tir.Any")
class Any(PrimExpr):
    """A shape dimension known only at run time (printed ``?``)."""

    __slots__ = ()

    def __init__(self):
        self.__init_handle_by_constructor__(_ffi_api.Any)

    def __repr__(self):
        return "?"

    __str__ = __repr__
