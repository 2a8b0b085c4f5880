"""An open deep-learning compiler stack (Python API compatible with Apache TVM v0.14)."""
from .libinfo import __version__
from . import _ffi
from . import error
from . import runtime
from . import nd
from ._ffi.registry import register_func, get_global_func, register_object
from .runtime import (
    Object,
    PackedFunc,
    Device,
    DataType,
    NDArray,
    Module,
    device,
    cpu,
    cuda,
    gpu,
    opencl,
    cl,
    vulkan,
    metal,
    rocm,
    ext_dev,
)
from .error import TVMError
from . import ir
from .ir import IRModule
from . import tir
from . import arith
from . import te
from .lowering import lower
from . import transform
from . import instrument
from . import target
from .driver import build
