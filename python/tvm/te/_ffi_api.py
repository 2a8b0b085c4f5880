"""The C++ globals named te.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("te", __name__)
