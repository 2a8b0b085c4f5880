"""The C++ globals named relay._transform.* (filled in at import)."""
from ..._ffi.registry import _init_api

_init_api("relay._transform", __name__)
