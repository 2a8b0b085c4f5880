"""The Relay virtual machine's runtime side: the Executable that relay.vm.compile returns and
the VirtualMachine that runs it (src/runtime/vm). Unlike the graph executor, the VM allocates
each tensor when its shape is known, so a model may take inputs of shapes known only at run
time and contain operators whose output shapes depend on their input values."""
import numpy as np

from . import ndarray as _nd
from .container import Array
from .._ffi.registry import get_global_func
from .module import Module


class Executable:
    """A compiled VM program: bytecode, constants and the kernel library."""

    def __init__(self, mod):
        if not isinstance(mod, Module) or mod.type_key != "VMExecutable":
            raise TypeError(f"Executable: expected a VMExecutable module, got {mod!r}")
        self.mod = mod

    def save(self):
        """(bytecode, lib): the serialized program and constants, and the kernel library to
        export with lib.export_library(path). Executable.load_exec(bytecode, lib) reverses it."""
        return bytes(self.mod["save"]()), self.lib

    @staticmethod
    def load_exec(bytecode, lib):
        """The executable of `bytecode` (from save()) calling kernels in `lib`; ValueError for
        bytes that are not one."""
        if isinstance(bytecode, bytearray):
            bytecode = bytes(bytecode)
        if not isinstance(bytecode, bytes):
            raise TypeError(f"load_exec: bytecode must be bytes, got {type(bytecode).__name__}")
        return Executable(get_global_func("runtime.Load_Executable")(bytecode, lib))

    @property
    def lib(self):
        return self.mod["get_lib"]()

    @property
    def bytecode(self):
        """A listing of every function's instructions."""
        return str(self.mod["get_bytecode"]())

    @property
    def function_names(self):
        return [str(n) for n in self.mod["get_function_names"]()]

    def get_function_params(self, func_name):
        return [str(n) for n in self.mod["get_function_params"](func_name)]


def _as_value(value):
    if isinstance(value, _nd.NDArray):
        return value
    if isinstance(value, (tuple, list)):
        return Array([_as_value(v) for v in value])
    return _nd.array(np.asarray(value, order="C"))


class VirtualMachine:
    """Runs an Executable on `device`."""

    def __init__(self, exe, device, memory_cfg=None):  # pylint: disable=unused-argument
        if not isinstance(exe, Executable):
            raise TypeError(f"VirtualMachine: expected an Executable, got {type(exe).__name__}")
        self.exe = exe
        self.module = get_global_func("runtime._VirtualMachine")(exe.mod)
        devices = device if isinstance(device, (list, tuple)) else [device]
        self.device = devices[0]
        self.module["init"](self.device.device_type, self.device.device_id, 2)

    def _args(self, func_name, args, kwargs):
        names = self.exe.get_function_params(func_name)
        values = list(args)
        if len(values) > len(names):
            raise TypeError(f"{func_name} takes {len(names)} arguments, got {len(values)}")
        for name in names[len(values):]:
            if name not in kwargs:
                raise TypeError(f"{func_name}: missing argument '{name}'")
            values.append(kwargs.pop(name))
        if kwargs:
            raise TypeError(f"{func_name}: unexpected arguments {sorted(kwargs)} (it takes "
                            f"{names})")
        return [_as_value(v) for v in values]

    def set_input(self, func_name, *args, **kwargs):
        """Keep the arguments of func_name for invoke_stateful / benchmark."""
        self.module["set_input"](func_name, *self._args(func_name, args, dict(kwargs)))

    def invoke(self, func_name, *args, **kwargs):
        """Run func_name on numpy arrays / NDArrays (positional or by parameter name): an
        NDArray, or an Array of results for a function returning a tuple."""
        if args or kwargs:
            return self.module["invoke"](func_name, *self._args(func_name, args, dict(kwargs)))
        return self.module["invoke"](func_name)

    def run(self, *args, **kwargs):
        """invoke("main", ...)."""
        return self.invoke("main", *args, **kwargs)

    def invoke_stateful(self, func_name):
        self.module["invoke_stateful"](func_name)

    def get_outputs(self):
        return [self.module["get_output"](i) for i in range(self.module["get_num_outputs"]())]

    def benchmark(self, device, *args, func_name="main", repeat=5, number=5, min_repeat_ms=None,
                  end_to_end=False, **kwargs):
        """Time func_name on the given inputs (or those set with set_input): a result with
        mean / median / std / min / max in seconds."""
        if end_to_end:
            raise ValueError("benchmark: end_to_end=True is not supported yet")
        if args or kwargs:
            self.set_input(func_name, *args, **kwargs)
        timer = self.module.time_evaluator("invoke_stateful", device, number=number,
                                           repeat=repeat, min_repeat_ms=min_repeat_ms or 0)
        return timer(func_name)


__all__ = ["Executable", "VirtualMachine"]
