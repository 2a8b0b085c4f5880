"""Loads the extension module `_ffi_core` (which links libtvm.so)."""
import importlib.util
import sys

from .. import libinfo

_path = libinfo.find_lib_path("_ffi_core")
_spec = importlib.util.spec_from_file_location("tvm._ffi_core", _path)
core = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(core)
sys.modules["tvm._ffi_core"] = core
_LIB = _path
