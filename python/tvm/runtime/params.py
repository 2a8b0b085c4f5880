"""Parameter dictionaries in the binary format graph executors load (save_param_dict)."""
from .._ffi.registry import get_global_func
from . import ndarray


def save_param_dict(params):
    """bytes holding {name: array} (numpy arrays are converted to NDArrays)."""
    from .. import nd  # pylint: disable=import-outside-toplevel

    converted = {str(k): (v if isinstance(v, ndarray.NDArray) else nd.array(v))
                 for k, v in params.items()}
    return bytes(get_global_func("runtime.SaveParams")(converted))


def load_param_dict(param_bytes):
    """{name: NDArray} from bytes made by save_param_dict; ValueError for a bad blob."""
    result = get_global_func("runtime.LoadParams")(bytearray(param_bytes))
    return {str(k): v for k, v in result.items()}
