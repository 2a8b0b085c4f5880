"""The C++ globals named arith.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("arith", __name__)
