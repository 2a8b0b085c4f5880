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

    READ = 1
    WRITE = 2

    def access_ptr(self, access_mask, ptr_type="handle", content_lanes=1, offset=0, extent=None):
        """A pointer to the buffer's first element (plus `offset` elements), for extern calls.

        access_mask: "r", "w", "rw" or an int of Buffer.READ | Buffer.WRITE (recorded for
        analyses; the pointer is the same).
        """
        from .op import type_annotation  # pylint: disable=import-outside-toplevel
        from .expr import Call  # pylint: disable=import-outside-toplevel
        from ..ir import Op  # pylint: disable=import-outside-toplevel

        if isinstance(access_mask, str):
            bad = set(access_mask) - set("rw")
            if bad or not access_mask:
                raise ValueError(f"access_ptr: access mask must use 'r' and 'w', got {access_mask!r}")
            access_mask = (self.READ if "r" in access_mask else 0) | \
                (self.WRITE if "w" in access_mask else 0)
        dtype = self.dtype if content_lanes == 1 else f"{self.dtype}x{content_lanes}"
        if extent is None:
            extent = 1
            for d in self.shape:
                extent = extent * d
            extent = extent - offset
        args = [type_annotation(dtype), self.data, self.elem_offset + offset, extent, access_mask]
        return Call(ptr_type, Op.get("tir.tvm_access_ptr"), args)

    def _vector_index(self, begin, lanes):
        from .expr import Ramp  # pylint: disable=import-outside-toplevel

        begin = list(begin) if isinstance(begin, (list, tuple)) else [begin]
        if lanes > 1:
            begin[-1] = Ramp(begin[-1], 1, lanes)
        return begin

    def vload(self, begin, dtype=None):
        """Load from `begin`; a vector dtype ("float32x16") loads that many consecutive
        elements along the last dimension."""
        from .expr import BufferLoad  # pylint: disable=import-outside-toplevel
        from ..runtime import DataType  # pylint: disable=import-outside-toplevel

        lanes = DataType(dtype).lanes if dtype is not None else 1
        return BufferLoad(self, self._vector_index(begin, lanes))

    def vstore(self, begin, value):
        """Store `value` at `begin`; a vector value fills consecutive elements of the last
        dimension."""
        from .stmt import BufferStore  # pylint: disable=import-outside-toplevel
        from .op import const  # pylint: disable=import-outside-toplevel
        from ..runtime import DataType  # pylint: disable=import-outside-toplevel

        if isinstance(value, (int, float)):
            value = const(value, self.dtype)
        lanes = DataType(value.dtype).lanes
        return BufferStore(self, value, self._vector_index(begin, lanes))

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

    from ..runtime.container import Array  # pylint: disable=import-outside-toplevel

    if isinstance(shape, Array):
        shape = list(shape)
    if isinstance(shape, int) or not isinstance(shape, (list, tuple)):
        shape = [shape]
    dtype = str(dtype)
    if data is None and strides is None and elem_offset is None and data_alignment == -1 and \
            offset_factor == 0 and buffer_type in ("", "default"):
        return _ffi_api.decl_buffer(list(shape), dtype, name, scope)
    if elem_offset is None and offset_factor != 0:
        # A buffer that may start anywhere (a multiple of offset_factor): symbolic offset.
        elem_offset = Var(name + "_elem_offset", "int32", span)
    if data is None:
        storage = "int8" if dtype == "bool" else dtype
        data = Var(name, PointerType(PrimType(storage), scope), span)
    btype = 2 if buffer_type == "auto_broadcast" else 1
    return _ffi_api.Buffer(data, dtype, list(shape), list(strides or []), elem_offset, name,
                           data_alignment, offset_factor, btype, span)
