"""The foreign function interface between Python and the C++ runtime."""
from .base import _LIB, core
from .registry import (
    register_object,
    register_func,
    get_global_func,
    list_global_func_names,
    remove_global_func,
    _init_api,
)
