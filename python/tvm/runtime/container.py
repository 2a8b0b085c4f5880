"""Runtime containers: Array, Map, ShapeTuple, String."""
from .._ffi.registry import register_object
from .object import Object


@register_object("runtime.Array")
class Array(Object):
    """An immutable sequence of objects (lists convert to it when passed to C++)."""

    __slots__ = ()

    def __getitem__(self, idx):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        n = len(self)
        if isinstance(idx, slice):
            return [self[i] for i in range(*idx.indices(n))]
        if not isinstance(idx, int):
            raise TypeError(f"Array indices must be integers, not {type(idx).__name__}")
        if idx < -n or idx >= n:
            raise IndexError(f"Array index {idx} out of range for size {n}")
        return _ffi_api.ArrayGetItem(self, idx + n if idx < 0 else idx)

    def __len__(self):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.ArraySize(self)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other):
        if isinstance(other, (list, tuple)):
            return list(self) == list(other)
        return super().__eq__(other)

    def __repr__(self):
        return "[" + ", ".join(repr(x) for x in self) + "]"

    __hash__ = Object.__hash__


@register_object("runtime.Map")
class Map(Object):
    """An immutable mapping (dicts convert to it when passed to C++)."""

    __slots__ = ()

    def __getitem__(self, key):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.MapGetItem(self, key)

    def __contains__(self, key):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.MapCount(self, key) != 0

    def __len__(self):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.MapSize(self)

    def items(self):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        flat = list(_ffi_api.MapItems(self))
        return list(zip(flat[0::2], flat[1::2]))

    def keys(self):
        return [k for k, _ in self.items()]

    def values(self):
        return [v for _, v in self.items()]

    def __iter__(self):
        return iter(self.keys())

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __repr__(self):
        return "{" + ", ".join(f"{k!r}: {v!r}" for k, v in self.items()) + "}"


@register_object("runtime.ShapeTuple")
class ShapeTuple(Object):
    """An immutable tuple of integers (a shape)."""

    __slots__ = ()

    def __init__(self, shape):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        self.__init_handle_by_constructor__(_ffi_api.ShapeTuple, *[int(d) for d in shape])

    def _values(self):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return tuple(_ffi_api.ShapeTupleValues(self))

    def __len__(self):
        return len(self._values())

    def __getitem__(self, idx):
        return self._values()[idx]

    def __iter__(self):
        return iter(self._values())

    def __eq__(self, other):
        if isinstance(other, ShapeTuple):
            return self._values() == other._values()
        if isinstance(other, (list, tuple)):
            return self._values() == tuple(other)
        return False

    __hash__ = Object.__hash__


def convert(value):
    """Convert a Python value (list, dict, str, int, float, callable) to a runtime object."""
    from .._ffi.base import core  # pylint: disable=import-outside-toplevel

    return core.convert_to_object(value)
