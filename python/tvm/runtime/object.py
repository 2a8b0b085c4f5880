"""Object: the Python view of every C++ runtime object."""
from .._ffi.base import core
from .._ffi.registry import register_object


def _new_object(cls):
    """An uninitialised instance of `cls`, which unpickling fills in with __setstate__."""
    return cls.__new__(cls)


class Object:
    """Base class of all objects handed over from C++.

    Fields declared by the C++ class (its VisitAttrs) read as attributes; ``dir(obj)`` lists
    them. Two Objects compare equal when they are the same C++ object. Objects pickle through
    their JSON form (tvm.ir.save_json), so an unpickled graph is a structurally equal copy.
    """

    __slots__ = ("handle",)

    def __reduce__(self):
        return (_new_object, (type(self),), self.__getstate__())

    def __getstate__(self):
        from .._ffi.registry import get_global_func  # pylint: disable=import-outside-toplevel

        return {"handle": get_global_func("ir.SaveJSON")(self)}

    def __setstate__(self, state):
        from .._ffi.registry import get_global_func  # pylint: disable=import-outside-toplevel

        handle = state["handle"]
        if handle is not None:
            self.__init_handle_by_constructor__(get_global_func("ir.LoadJSON"), handle)

    def __getattr__(self, name):
        if name == "handle":
            raise AttributeError("this object has no handle (it was never initialised)")
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        try:
            return _ffi_api.ObjectGetAttr(self, name)
        except AttributeError:
            raise AttributeError(f"{self.handle.type_key} object has no attribute '{name}'") from None

    def __dir__(self):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        fields = list(_ffi_api.ObjectListAttrNames(self))
        return sorted(set(fields) | set(super().__dir__()))

    def __repr__(self):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.ObjectRepr(self)

    def __hash__(self):
        return self.handle.address()

    def __eq__(self, other):
        return isinstance(other, Object) and self.same_as(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def same_as(self, other):
        """Whether both refer to the same C++ object."""
        return isinstance(other, Object) and self.handle.same_as(other.handle)

    @property
    def type_key(self):
        """The C++ type key, such as ``runtime.NDArray``."""
        return self.handle.type_key

    def __init_handle_by_constructor__(self, fconstructor, *args):
        """Initialise this object from the result of a C++ constructor function."""
        obj = fconstructor(*args)
        if not isinstance(obj, Object):
            raise TypeError(f"constructor returned {type(obj).__name__}, not an Object")
        self.handle = obj.handle


def make_node(type_key, **fields):
    """Create a registered node type by key, setting its fields by name."""
    from . import _ffi_api  # pylint: disable=import-outside-toplevel

    args = [type_key]
    for k, v in fields.items():
        args += [k, v]
    return _ffi_api.MakeNode(*args)
