"""The C++ globals named relay.ir.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("relay.ir", __name__)
