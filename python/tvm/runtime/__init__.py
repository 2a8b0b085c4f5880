"""The runtime: objects, functions, tensors, modules and devices."""
from .._ffi.base import core as _core
from .. import error as _error
from .object import Object, make_node
from .device import Device, device, cpu, cuda, gpu, opencl, cl, vulkan, metal, rocm, ext_dev
from .data_type import DataType

# Objects returned from C++ become instances of these classes: register them first.
_core.register_classes(Object, Device, DataType, _error.TVMError)

from .packed_func import PackedFunc  # pylint: disable=wrong-import-position
from .container import Array, Map, ShapeTuple, convert  # pylint: disable=wrong-import-position
from .ndarray import NDArray  # pylint: disable=wrong-import-position
from .module import Module, load_module, system_lib, enabled  # pylint: disable=wrong-import-position
from . import ndarray  # pylint: disable=wrong-import-position
from . import _ffi_api  # pylint: disable=wrong-import-position

String = str


def num_threads():
    """Threads the runtime's pool uses for parallel loops (TVM_NUM_THREADS or physical cores)."""
    return _ffi_api.NumThreads()


def set_num_threads(n):
    """Resize the thread pool; n <= 0 restores the default."""
    _ffi_api.config_threadpool(0, int(n))
from .params import save_param_dict, load_param_dict  # pylint: disable=wrong-import-position
