"""The C++ globals named instrument.* (filled in at import)."""
from .._ffi.registry import _init_api

_init_api("instrument", __name__)
