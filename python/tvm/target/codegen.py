"""Queries of the code generators."""
from . import _ffi_api


def llvm_get_host_cpu():
    """The host CPU name as LLVM sees it (e.g. "skylake-avx512")."""
    return _ffi_api.llvm_host_cpu()


def llvm_get_host_cpu_features():
    """The host CPU features as an LLVM feature string ("+avx2,+fma,...")."""
    return _ffi_api.llvm_host_cpu_features()


def llvm_version_major(allow_none=False):
    """The major version of the LLVM the compiler is built with."""
    return int(_ffi_api.llvm_version_major())
