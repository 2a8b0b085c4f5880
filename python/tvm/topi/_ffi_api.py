"""The C++ globals named topi.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("topi", __name__)
