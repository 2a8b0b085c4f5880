"""The C++ globals named topi.nn.* (filled in at import)."""
from ..._ffi.registry import _init_api

_init_api("topi.nn", __name__)
