"""NDArray: a tensor on a device, shared with numpy and torch through DLPack."""
import numpy as np

from .._ffi.base import core
from .._ffi.registry import register_object
from .data_type import DataType
from .device import Device, cpu
from .object import Object


def _numpy_dtype(dtype):
    """The numpy dtype that holds one element of `dtype` (bfloat16 travels as uint16)."""
    s = str(dtype)
    if s == "string":
        return np.dtype(object), 1
    code, bits, lanes = core.parse_dtype(s)
    base = core.dtype_to_str(code, bits, 1)
    if base == "bfloat16":
        return np.dtype("uint16"), lanes
    if base == "handle":
        return np.dtype("uint64"), lanes
    try:
        return np.dtype(base), lanes
    except TypeError:
        raise ValueError(f"unsupported dtype {s}: numpy has no element type to hold it") from None


def _dtype_from_numpy(np_dtype):
    np_dtype = np.dtype(np_dtype)
    name = "bool" if np_dtype == np.bool_ else np_dtype.name
    if np_dtype.kind in "USO":
        return "string"
    if np_dtype.kind not in "biuf":
        raise ValueError(
            f"unsupported dtype {np_dtype.name}: an NDArray holds bool, int, uint, float16/32/64, "
            "bfloat16 or string elements"
        )
    return name


@register_object("runtime.NDArray")
class NDArray(Object):
    """A dense, compact row-major tensor on a device."""

    __slots__ = ()

    @property
    def shape(self):
        """The shape, as a tuple of int."""
        return core.ndarray_info(self)[0]

    @property
    def dtype(self):
        """The element type, as a string such as 'float32'."""
        return core.ndarray_info(self)[1]

    @property
    def device(self):
        """The device holding the data."""
        info = core.ndarray_info(self)
        return Device(info[2], info[3])

    @property
    def ndim(self):
        return len(self.shape)

    def numpy(self):
        """A numpy copy of the data (bfloat16 comes back as its uint16 bit patterns, strings
        as an object array of str)."""
        if self.dtype == "string":
            from . import _ffi_api  # pylint: disable=import-outside-toplevel

            values = [str(v) for v in _ffi_api.StringTensorToList(self)]
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out.reshape(self.shape)
        np_dtype, lanes = _numpy_dtype(self.dtype)
        shape = self.shape + ((lanes,) if lanes > 1 else ())
        out = np.empty(shape, dtype=np_dtype)
        core.ndarray_copy_to_buffer(self, out)
        return out

    def asnumpy(self):
        """Deprecated name of numpy()."""
        return self.numpy()

    def copyfrom(self, source):
        """Copy data in from an NDArray, or from anything numpy.asarray accepts.

        The source shape must equal this array's; numpy data is cast to this array's dtype.
        """
        if isinstance(source, NDArray):
            source.copyto(self)
            return self
        src = np.asarray(source)
        if self.dtype == "string":
            from . import _ffi_api  # pylint: disable=import-outside-toplevel

            if src.shape != self.shape:
                raise ValueError(f"copyfrom: source shape {src.shape} does not match the "
                                 f"NDArray shape {self.shape}")
            _ffi_api.StringTensorFromList(self.shape, _texts(src)).copyto(self)
            return self
        np_dtype, lanes = _numpy_dtype(self.dtype)
        expected = self.shape + ((lanes,) if lanes > 1 else ())
        if src.shape != expected:
            raise ValueError(
                f"copyfrom: source shape {src.shape} does not match the NDArray shape {expected}"
            )
        src = np.ascontiguousarray(src, dtype=np_dtype)
        core.ndarray_copy_from_buffer(self, src)
        return self

    def copyto(self, target, mem_scope=None):
        """Copy to another NDArray (returned), or to a new array on a Device."""
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        if isinstance(target, NDArray):
            _ffi_api.NDArrayCopyFromTo(self, target)
            return target
        if isinstance(target, Device):
            return _ffi_api.NDArrayCopyTo(self, target)
        raise TypeError(f"copyto: expected an NDArray or a Device, got {type(target).__name__}")

    def __setitem__(self, in_slice, value):
        if not isinstance(in_slice, slice) or in_slice != slice(None):
            raise ValueError("NDArray only supports assignment to the whole array: arr[:] = value")
        if isinstance(value, NDArray):
            if not value.same_as(self):
                value.copyto(self)
        else:
            self.copyfrom(value)

    def _create_view(self, shape, dtype=None):
        """A view of the same memory with another shape (and dtype)."""
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.NDArrayCreateView(self, list(shape), str(dtype or self.dtype))

    def to_dlpack(self):
        """A DLPack capsule sharing this array's memory."""
        return core.ndarray_to_dlpack(self)

    def __dlpack__(self, stream=None, **kwargs):
        return core.ndarray_to_dlpack(self)

    def __dlpack_device__(self):
        info = core.ndarray_info(self)
        return (info[2], info[3])

    def __repr__(self):
        return f"<tvm.nd.NDArray shape={self.shape}, {self.device}>\n{self.numpy()!r}"

    def __str__(self):
        return str(self.numpy())


def _texts(arr):
    """The elements of a numpy array of text (str, bytes as UTF-8) as a flat list of str."""
    out = []
    for v in np.asarray(arr, dtype=object).ravel():
        if isinstance(v, bytes):
            try:
                v = v.decode("utf-8")
            except UnicodeDecodeError as err:
                raise ValueError(f"string tensor: {v!r} is not UTF-8 text") from err
        if not isinstance(v, str):
            raise TypeError(f"string tensor: expected str or bytes elements, got "
                            f"{type(v).__name__} {v!r}")
        out.append(v)
    return out


def empty(shape, dtype="float32", device=None, mem_scope=None):
    """An uninitialised array."""
    device = device or cpu(0)
    if isinstance(shape, int):
        shape = (shape,)
    shape = [int(d) for d in shape]
    # DataType also accepts numpy dtypes and types such as numpy.float32.
    return core.ndarray_empty(shape, str(DataType(dtype)), device.device_type, device.device_id)


def array(arr, device=None, mem_scope=None, dtype=None):
    """Copy numpy-convertible data (or another NDArray) into a new array on `device`."""
    device = device or cpu(0)
    if isinstance(arr, NDArray):
        return arr.copyto(device)
    if dtype is not None:
        # Checked by our own parser first: "float33" must be a ValueError, not numpy's TypeError.
        dtype = str(DataType(dtype))
        np_dtype, _ = _numpy_dtype(dtype)
        if dtype != "bfloat16":
            _dtype_from_numpy(np_dtype)
    if not isinstance(arr, np.ndarray):
        arr = np.array(arr, dtype=None if dtype is None else np_dtype)
    if dtype is None:
        dtype = _dtype_from_numpy(arr.dtype)
    return empty(arr.shape, dtype, device).copyfrom(arr)


def from_dlpack(dltensor):
    """Share memory with another framework's tensor, without copying.

    Accepts an object with ``__dlpack__`` (numpy, torch, ...) or a DLPack capsule. The tensor
    must be compact row-major; numpy refuses to export read-only arrays.
    """
    if hasattr(dltensor, "__dlpack__"):
        try:
            capsule = dltensor.__dlpack__()
        except BufferError as err:
            raise ValueError(
                f"from_dlpack: cannot share this {type(dltensor).__name__} zero-copy ({err}); "
                "DLPack has no read-only flag, so copy it with tvm.nd.array(x) instead"
            ) from err
    else:
        capsule = dltensor
    return core.ndarray_from_dlpack(capsule)


def save(path, arr):
    """Write an NDArray to a file in the binary NDArray format."""
    from . import _ffi_api  # pylint: disable=import-outside-toplevel

    _ffi_api.NDArraySaveToFile(arr, str(path))


def load(path):
    """Read an NDArray written by save()."""
    from . import _ffi_api  # pylint: disable=import-outside-toplevel

    return _ffi_api.NDArrayLoadFromFile(str(path))
