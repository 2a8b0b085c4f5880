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


def _relay_type_text(ty):
    """A type in Relay text: Tensor[(1, 3), float32], (float32, int64), fn (...) -> ..."""
    from .._ffi.registry import get_global_func  # pylint: disable=import-outside-toplevel

    return get_global_func("relay.ir.AsText")(ty, False)


@register_object("TupleType")
class TupleType(Type):
    __slots__ = ()

    __str__ = _relay_type_text
    __repr__ = _relay_type_text

    def __init__(self, fields):
        self.__init_handle_by_constructor__(_ffi_api.TupleType, list(fields))


@register_object("FuncType")
class FuncType(Type):
    __slots__ = ()

    __str__ = _relay_type_text
    __repr__ = _relay_type_text

    def __init__(self, arg_types, ret_type):
        self.__init_handle_by_constructor__(_ffi_api.FuncType, list(arg_types), ret_type)


@register_object("IncompleteType")
class IncompleteType(Type):
    __slots__ = ()

    __str__ = _relay_type_text
    __repr__ = _relay_type_text

    def __init__(self):
        self.__init_handle_by_constructor__(_ffi_api.IncompleteType)


@register_object("TensorType")
class TensorType(Type):
    """The type of a tensor: a shape (ints, symbolic dims or relay.Any()) and a dtype."""

    __slots__ = ()

    def __init__(self, shape, dtype="float32"):
        import numbers  # pylint: disable=import-outside-toplevel

        dims = [int(d) if isinstance(d, numbers.Integral) else d for d in shape]
        self.__init_handle_by_constructor__(_ffi_api.TensorType, dims, str(dtype))

    @property
    def concrete_shape(self):
        """The shape as a tuple of ints (TypeError when a dimension is not a constant)."""
        dims = []
        for d in self.shape:
            if not hasattr(d, "value"):
                raise TypeError(f"dimension {d} of {self} is not a constant")
            dims.append(int(d.value))
        return tuple(dims)

    __str__ = _relay_type_text
    __repr__ = __str__
