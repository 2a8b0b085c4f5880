"""The C++ globals named transform.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("transform", __name__)
