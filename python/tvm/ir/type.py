"""Types shared by the IRs."""
from .._ffi.registry import register_object
from ..runtime import Object
from . import _ffi_api
from .base import Node


@register_object("Type")
class Type(Node):
    """Base class of types."""

    __slots__ = ()


@register_object("PrimType")
class PrimType(Type):
    """The type of a primitive value of a dtype."""

    __slots__ = ()

    def __init__(self, dtype):
        self.__init_handle_by_constructor__(_ffi_api.PrimType, str(dtype))


@register_object("PointerType")
class PointerType(Type):
    """A pointer to elements of a type in a storage scope."""

    __slots__ = ()

    def __init__(self, element_type, storage_scope=""):
        self.__init_handle_by_constructor__(_ffi_api.PointerType, element_type, storage_scope)


@register_object("TupleType")
class TupleType(Type):
    __slots__ = ()

    def __init__(self, fields):
        self.__init_handle_by_constructor__(_ffi_api.TupleType, list(fields))


@register_object("FuncType")
class FuncType(Type):
    __slots__ = ()

    def __init__(self, arg_types, ret_type):
        self.__init_handle_by_constructor__(_ffi_api.FuncType, list(arg_types), ret_type)


@register_object("IncompleteType")
class IncompleteType(Type):
    __slots__ = ()

    def __init__(self):
        self.__init_handle_by_constructor__(_ffi_api.IncompleteType)
