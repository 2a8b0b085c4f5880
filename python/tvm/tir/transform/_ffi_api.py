"""The C++ globals named tir.transform.* (filled in at import)."""
from ..._ffi.registry import _init_api

_init_api("tir.transform", __name__)
