"""The C++ globals named target.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("target", __name__)
