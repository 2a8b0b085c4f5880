"""Device: a (device type, device id) pair, as in DLPack."""
from .._ffi.base import core


class Device:
    """A device. Exists even where the hardware is absent: ``exist`` tells whether it is there."""

    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLExtDev = 12

    __slots__ = ("device_type", "device_id")

    def __init__(self, device_type, device_id=0):
        self.device_type = int(device_type)
        self.device_id = int(device_id)

    def _attr(self, kind):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.GetDeviceAttr(self.device_type, self.device_id, kind)

    @property
    def exist(self):
        """Whether this device is present (its runtime is built and its driver answers)."""
        return bool(self._attr(0))

    @property
    def max_threads_per_block(self):
        return self._attr(1)

    @property
    def warp_size(self):
        return self._attr(2)

    @property
    def max_shared_memory_per_block(self):
        return self._attr(3)

    @property
    def compute_version(self):
        return self._attr(4)

    @property
    def device_name(self):
        return self._attr(5)

    @property
    def max_clock_rate(self):
        return self._attr(6)

    @property
    def multi_processor_count(self):
        return self._attr(7)

    def sync(self):
        """Wait until all work queued on this device has finished."""
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        _ffi_api.DeviceSync(self)

    def __eq__(self, other):
        return (
            isinstance(other, Device)
            and self.device_type == other.device_type
            and self.device_id == other.device_id
        )

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.device_type, self.device_id))

    def __repr__(self):
        return f"{core.device_type_name(self.device_type)}({self.device_id})"

    def _dlpack_pair(self):
        return (self.device_type, self.device_id)


def device(dev_type, dev_id=0):
    """A device from a name ("cpu", "llvm", "cuda", "gpu", "opencl", "cl", ...) or a type code.

    A name may carry the id, as in "cuda:1".
    """
    if isinstance(dev_type, str):
        name = dev_type.split()[0] if dev_type.strip() else dev_type
        if ":" in name:
            name, idx = name.split(":", 1)
            dev_id = int(idx)
        return Device(core.device_type_from_name(name), dev_id)
    if isinstance(dev_type, int):
        return Device(dev_type, dev_id)
    raise TypeError(f"device type must be a str or int, got {type(dev_type).__name__}")


def cpu(dev_id=0):
    return Device(Device.kDLCPU, dev_id)


def cuda(dev_id=0):
    return Device(Device.kDLCUDA, dev_id)


def gpu(dev_id=0):
    return cuda(dev_id)


def opencl(dev_id=0):
    return Device(Device.kDLOpenCL, dev_id)


def cl(dev_id=0):
    return opencl(dev_id)


def vulkan(dev_id=0):
    return Device(Device.kDLVulkan, dev_id)


def metal(dev_id=0):
    return Device(Device.kDLMetal, dev_id)


def rocm(dev_id=0):
    return Device(Device.kDLROCM, dev_id)


def ext_dev(dev_id=0):
    return Device(Device.kDLExtDev, dev_id)
