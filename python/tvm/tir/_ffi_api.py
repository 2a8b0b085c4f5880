"""The C++ globals named tir.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("tir", __name__)
