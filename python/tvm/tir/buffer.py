"""Buffer: a view of memory as a multi-dimensional array."""
from .._ffi.registry import register_object
from ..ir import Node, PointerType, PrimType
from . import _ffi_api


@register_object("tir.Buffer")
class Buffer(Node):
    """A buffer: data pointer, dtype, shape, strides, element offset."""

    __slots__ = ()
    DEFAULT = 1
    AUTO_BROADCAST = 2

    def scope(self):
        """The storage scope ("global", "shared", "local", ...)."""
        return _ffi_api.BufferScope(self)

    def offset_of(self, indices):
        """The flat element offset of `indices`."""
        return _ffi_api.BufferElemOffset(self, list(indices))

    def vload(self, begin, dtype=None):
        from .expr import BufferLoad  # pylint: disable=import-outside-toplevel

        return BufferLoad(self, list(begin))

    def vstore(self, begin, value):
        from .stmt import BufferStore  # pylint: disable=import-outside-toplevel

        return BufferStore(self, value, list(begin))

    def __getitem__(self, indices):
        from .expr import BufferLoad  # pylint: disable=import-outside-toplevel

        if not isinstance(indices, (list, tuple)):
            indices = [indices]
        return BufferLoad(self, list(indices))

    def __str__(self):
        return _ffi_api.AsScript(self)

    __repr__ = __str__


def decl_buffer(shape, dtype="float32", name="buffer", data=None, strides=None, elem_offset=None,
                scope="", data_alignment=-1, offset_factor=0, buffer_type="", axis_separators=None,
                span=None):
    """Declare a buffer (a compact row-major one unless strides/elem_offset are given)."""
    from .expr import Var  # pylint: disable=import-outside-toplevel

    if isinstance(shape, int) or not isinstance(shape, (list, tuple)):
        shape = [shape]
    dtype = str(dtype)
    if data is None and strides is None and elem_offset is None and data_alignment == -1 and \
            offset_factor == 0 and buffer_type in ("", "default"):
        return _ffi_api.decl_buffer(list(shape), dtype, name, scope)
    if data is None:
        storage = "int8" if dtype == "bool" else dtype
        data = Var(name, PointerType(PrimType(storage), scope), span)
    btype = 2 if buffer_type == "auto_broadcast" else 1
    return _ffi_api.Buffer(data, dtype, list(shape), list(strides or []), elem_offset, name,
                           data_alignment, offset_factor, btype, span)
