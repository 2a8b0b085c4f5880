"""PackedFunc: a C++ function callable from Python with Python values."""
from .._ffi.base import core
from .._ffi.registry import register_object
from .object import Object


@register_object("runtime.PackedFunc")
class PackedFunc(Object):
    """A function of the runtime: a global, a module's function, or a wrapped Python callable.

    Arguments convert from Python: None, bool, int, float, str, bytes, Device, DataType,
    Objects (NDArray, Module, PackedFunc, ...), lists/tuples (to Array), dicts (to Map) and
    callables (to PackedFunc).
    """

    __slots__ = ("__name__",)

    def __call__(self, *args):
        return core.call(self.handle, *args)

    def __repr__(self):
        name = getattr(self, "__name__", None)
        return f"<PackedFunc {name}>" if name else "<PackedFunc>"
