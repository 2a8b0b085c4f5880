"""Attributes: DictAttrs (function attributes) and the base of operator attributes."""
from .._ffi.registry import register_object
from .base import Node


@register_object("Attrs")
class Attrs(Node):
    """Base class of operator attributes; fields read as attributes."""

    __slots__ = ()

    def list_field_info(self):
        """The names of the attribute fields."""
        from ..runtime import _ffi_api  # pylint: disable=import-outside-toplevel

        return [str(name) for name in _ffi_api.ObjectListAttrNames(self)]


@register_object("DictAttrs")
class DictAttrs(Attrs):
    """Attributes as a dictionary (function attributes such as global_symbol)."""

    __slots__ = ()

    def _dict(self):
        return self.__getattr__("__dict__")

    def __getitem__(self, key):
        return self._dict()[key]

    def __contains__(self, key):
        return key in self._dict()

    def keys(self):
        return self._dict().keys()

    def items(self):
        return self._dict().items()

    def get(self, key, default=None):
        return self._dict().get(key, default)

    def __len__(self):
        return len(self._dict())
