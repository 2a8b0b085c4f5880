"""The graph executor: run a compiled model graph (graph JSON + operator library).

    module = graph_executor.GraphModule(lib["default"](dev))
    module.set_input("data", x)
    module.run()
    y = module.get_output(0).numpy()
"""
import numpy as np

from .. import nd as _nd
from ..runtime import Device, Module, ndarray
from .._ffi.registry import get_global_func


def _device_args(device):
    devices = device if isinstance(device, (list, tuple)) else [device]
    for d in devices:
        if not isinstance(d, Device):
            raise TypeError(f"graph_executor: expected a tvm.runtime.Device, got {type(d).__name__}")
    return devices


def create(graph_json_str, libmod, device):
    """A GraphModule running graph_json_str with the functions of libmod on device."""
    if not isinstance(graph_json_str, str):
        try:
            graph_json_str = graph_json_str._tvm_graph_json()
        except AttributeError as err:
            raise TypeError("graph_executor.create: graph_json_str must be the graph JSON "
                            "string") from err
    fcreate = get_global_func("tvm.graph_executor.create")
    return GraphModule(fcreate(graph_json_str, libmod, *_device_args(device)))


class GraphModule:
    """Wraps the executor module: set_input, run, get_output, benchmark, ..."""

    def __init__(self, module):
        if not isinstance(module, Module):
            raise TypeError(f"GraphModule expects a runtime.Module, got {type(module).__name__}")
        self.module = module
        self._set_input = module["set_input"]
        self._run = module["run"]
        self._get_output = module["get_output"]
        self._get_input = module["get_input"]
        self._get_num_outputs = module["get_num_outputs"]
        self._get_num_inputs = module["get_num_inputs"]
        self._get_input_index = module["get_input_index"]
        self._get_input_info = module["get_input_info"]
        self._load_params = module["load_params"]

    def set_input(self, key=None, value=None, **params):
        """Set one input (by name or index) and/or several by keyword; numpy arrays or NDArrays."""
        if key is not None:
            self._set_input(key, _as_ndarray(value))
        if params:
            # Large parameters first, like Apache TVM, so small inputs stay hot in cache.
            for k in sorted(params, key=lambda k: -np.prod(np.shape(params[k]))):
                self._set_input(k, _as_ndarray(params[k]))

    def run(self, **input_dict):
        if input_dict:
            self.set_input(**input_dict)
        self._run()

    def get_num_outputs(self):
        return self._get_num_outputs()

    def get_num_inputs(self):
        return self._get_num_inputs()

    def get_input(self, index, out=None):
        arr = self._get_input(index)
        if out is not None:
            out.copyfrom(arr)
            return out
        return arr

    def get_input_index(self, name):
        return self._get_input_index(name)

    def get_input_info(self):
        """({name: shape}, {name: dtype}) of the graph's inputs."""
        info = self._get_input_info()
        shapes = {str(k): tuple(int(d) for d in v) for k, v in info["shape"].items()}
        dtypes = {str(k): str(v) for k, v in info["dtype"].items()}
        return shapes, dtypes

    def get_output(self, index, out=None):
        if out is not None:
            self._get_output(index, out)
            return out
        return self._get_output(index)

    def load_params(self, params_bytes):
        """Load a blob from relay.save_param_dict (or lib.get_params saved)."""
        self._load_params(bytearray(params_bytes))

    @property
    def storage_bytes(self):
        """Bytes of the statically planned storage of all tensors of the graph."""
        return self.module["storage_bytes"]()

    def benchmark(self, device, func_name="run", repeat=5, number=5, min_repeat_ms=None,
                  end_to_end=False, **kwargs):
        """Time `func_name` (run by default): a result with mean/median/std/min/max in seconds."""
        if kwargs:
            self.set_input(**kwargs)
        if end_to_end:
            raise ValueError("benchmark: end_to_end=True is not supported yet")
        timer = self.module.time_evaluator(func_name, device, number=number, repeat=repeat,
                                           min_repeat_ms=min_repeat_ms or 0)
        return timer()

    def __getitem__(self, key):
        return self.module[key]


def _as_ndarray(value):
    if isinstance(value, ndarray.NDArray):
        return value
    # np.ascontiguousarray would turn a 0-d array into shape (1,): keep the rank.
    return _nd.array(np.asarray(value, order="C"))
