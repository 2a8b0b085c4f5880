"""tvm.nd: tensors (the NDArray API)."""
from .runtime.ndarray import NDArray, array, empty, from_dlpack, save, load
from .runtime.device import cpu, cuda, gpu, opencl, cl, vulkan, metal, rocm, ext_dev
