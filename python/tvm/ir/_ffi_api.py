"""The C++ globals named ir.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("ir", __name__)
