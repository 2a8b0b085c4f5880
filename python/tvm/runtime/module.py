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

    def __repr__(self):
        return f"Module({self.type_key}, {self.handle.address():#x})"


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
