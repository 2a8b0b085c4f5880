"""The C++ globals named topi.image.* (filled in at import)."""
from ..._ffi.registry import _init_api

_init_api("topi.image", __name__)
