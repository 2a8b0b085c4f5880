"""The C++ op constructors relay.op.random._make.* (filled in at import)."""
from ...._ffi.registry import _init_api

_init_api("relay.op.random._make", __name__)
