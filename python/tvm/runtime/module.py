"""Module: compiled code that hands out functions by name."""
from .._ffi.registry import get_global_func, register_object
from .object import Object


@register_object("runtime.Module")
class Module(Object):
    """A runtime module: a loaded library, the system library, device code, ..."""

    __slots__ = ("_entry",)

    @property
    def type_key(self):
        """The kind of module ("library", "system_lib", ...)."""
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.ModuleGetTypeKey(self)

    @property
    def entry_func(self):
        """The library's entry function (named by its __tvm_main__ symbol)."""
        return self.get_function("__tvm_main__")

    def get_function(self, name, query_imports=False):
        """The function `name`; AttributeError when the module has none."""
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        f = _ffi_api.ModuleGetFunction(self, name, query_imports)
        if f is None:
            raise AttributeError(f"Module has no function '{name}'")
        f.__name__ = name
        return f

    def implements_function(self, name, query_imports=False):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.ModuleGetFunction(self, name, query_imports) is not None

    def __getitem__(self, name):
        if not isinstance(name, str):
            raise TypeError(f"function names are str, got {type(name).__name__}")
        return self.get_function(name)

    def __call__(self, *args):
        return self.entry_func(*args)

    def import_module(self, module):
        """Add `module` to the imports of this one."""
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        _ffi_api.ModuleImport(self, module)

    @property
    def imported_modules(self):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return [_ffi_api.ModuleGetImport(self, i) for i in range(_ffi_api.ModuleImportsSize(self))]

    def get_source(self, fmt=""):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.ModuleGetSource(self, fmt)

    def save(self, file_name, fmt=""):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        _ffi_api.ModuleSaveToFile(self, str(file_name), fmt)

    @property
    def is_dso_exportable(self):
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        return _ffi_api.ModuleIsDSOExportable(self)

    def export_library(self, file_name, *, fcompile=None, fpack_imports=None, addons=None,
                       workspace_dir=None, **kwargs):
        """Write this module (and its DSO-exportable imports) as a shared library.

        Each module's object file is saved into a temporary folder and linked with
        `fcompile` (default: tvm.contrib.cc.create_shared, the system C compiler). The result
        loads with tvm.runtime.load_module in any process that has the runtime.
        """
        import os  # pylint: disable=import-outside-toplevel
        from ..contrib import cc as _cc, utils as _utils  # pylint: disable=import-outside-toplevel

        file_name = str(file_name)
        modules = [self] + [m for m in self.imported_modules if m.is_dso_exportable]
        if not self.is_dso_exportable:
            raise ValueError(f"export_library: a module of type '{self.type_key}' cannot be "
                             "exported to a shared library")
        tmp = _utils.tempdir(workspace_dir) if workspace_dir else _utils.tempdir()
        objects = []
        for i, m in enumerate(modules):
            path = os.path.join(tmp.temp_dir, f"lib{i}.o")
            m.save(path, "o")
            objects.append(path)
        device_modules = [m for m in self.imported_modules if not m.is_dso_exportable]
        if device_modules:
            objects.append(_pack_imports(self, tmp.temp_dir))
        if addons:
            objects += list(addons)
        fcompile = fcompile or _cc.create_shared
        options = kwargs.get("options")
        if options is not None:
            fcompile(file_name, objects, options=options)
        else:
            fcompile(file_name, objects)
        return file_name

    def time_evaluator(self, func_name, dev, number=10, repeat=1, min_repeat_ms=0,
                       limit_zero_time_iterations=100, cooldown_interval_ms=0,
                       repeats_to_cooldown=1, cache_flush_bytes=0, f_preproc=""):
        """A function that runs `func_name` with the given arguments and returns its timing.

        Each of `repeat` measurements runs it `number` times (more, until one measurement
        takes min_repeat_ms); the result has .mean, .median, .std, .min, .max and .results
        (seconds per run of each measurement).
        """
        from . import _ffi_api  # pylint: disable=import-outside-toplevel

        feval = _ffi_api.RPCTimeEvaluator(self, func_name, dev.device_type, dev.device_id,
                                          number, repeat, min_repeat_ms, f_preproc)

        def evaluator(*args):
            return BenchmarkResult([float(x) for x in feval(*args)])

        return evaluator

    def __repr__(self):
        return f"Module({self.type_key}, {self.handle.address():#x})"


def _pack_imports(module, temp_dir):
    """An object file defining `__tvm_dev_mblob`: the device modules imported by `module`
    (OpenCL source, CUDA PTX, ...) serialized, so that load_module re-imports them."""
    import os  # pylint: disable=import-outside-toplevel
    import struct  # pylint: disable=import-outside-toplevel
    import subprocess  # pylint: disable=import-outside-toplevel

    from . import _ffi_api  # pylint: disable=import-outside-toplevel

    blob = bytes(_ffi_api.ModulePackImportsToBytes(module))
    data = struct.pack("<Q", len(blob)) + blob
    src = os.path.join(temp_dir, "devc.c")
    with open(src, "w", encoding="ascii") as f:
        f.write("/* Device code imported by the host module (see export_library). */\n")
        f.write(f"const unsigned char __tvm_dev_mblob[{len(data)}] = {{\n")
        for i in range(0, len(data), 16):
            f.write(",".join(str(b) for b in data[i:i + 16]) + ",\n")
        f.write("};\n")
    obj = os.path.join(temp_dir, "devc.o")
    cc = os.environ.get("CC") or "cc"
    proc = subprocess.run([cc, "-c", "-fPIC", "-o", obj, src], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"export_library: compiling the device code blob failed:\n"
                           f"{proc.stdout}{proc.stderr}")
    return obj


class BenchmarkResult:
    """Timing results: seconds per run for each repeat."""

    def __init__(self, results):
        import statistics  # pylint: disable=import-outside-toplevel

        self.results = tuple(results)
        self.mean = statistics.fmean(self.results)
        self.median = statistics.median(self.results)
        self.min = min(self.results)
        self.max = max(self.results)
        self.std = statistics.pstdev(self.results)

    def __repr__(self):
        return (f"BenchmarkResult(mean={self.mean:.6g} s, median={self.median:.6g} s, "
                f"std={self.std:.3g} s, results={list(self.results)})")

    __str__ = __repr__


def load_module(path, fmt=""):
    """Load a module from a file: a shared library (.so), or a format a loader is registered for.

    A missing, truncated or non-library file raises ValueError naming the file and the reason.
    """
    from . import _ffi_api  # pylint: disable=import-outside-toplevel

    return _ffi_api.ModuleLoadFromFile(str(path), fmt)


def system_lib():
    """The module of code linked statically into this process."""
    return get_global_func("runtime.SystemLib")()


def enabled(target):
    """Whether the runtime of a target ("llvm", "cuda", "opencl", ...) is available."""
    from .device import device  # pylint: disable=import-outside-toplevel

    name = str(target).split()[0]
    if name in ("llvm", "c", "cpu"):
        return True
    try:
        dev = device(name)
    except ValueError:
        return False
    return get_global_func("device_api." + {2: "cuda", 4: "opencl"}.get(dev.device_type, name),
                           allow_missing=True) is not None
