"""The C++ globals named runtime.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("runtime", __name__)
