"""The pass infrastructure (public as ``tvm.transform``).

A pass maps an IRModule to an IRModule. ``PassContext`` holds the settings passes run under
(``with tvm.transform.PassContext(opt_level=3): ...``); ``Sequential`` runs a list of passes,
each only when the context allows it; ``module_pass`` turns a Python function or class into a
pass. See docs/passes.md.
"""
import functools
import inspect

from .._ffi.registry import register_object
from ..runtime import Object
from . import _ffi_transform_api
from .instrument import PassInstrument

__all__ = [
    "PassInfo",
    "PassContext",
    "Pass",
    "ModulePass",
    "Sequential",
    "module_pass",
    "PrintIR",
    "register_config_option",
]


def _as_name_list(value, what):
    """A list of pass names from None or a list/tuple/set of str."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple, set)):
        raise TypeError(f"{what} is expected to be a list/tuple/set of pass names, not {value!r}")
    return list(value)


@register_object("transform.PassInfo")
class PassInfo(Object):
    """What the pass manager knows about a pass.

    Parameters
    ----------
    opt_level : int
        The lowest ``PassContext.opt_level`` at which ``Sequential`` runs the pass.
    name : str
        The pass name (used by ``required_pass``/``disabled_pass`` and by instruments).
    required : list of str, optional
        Passes ``Sequential`` runs right before this one.
    traceable : bool
        Whether the pass may be recorded by a tuning trace.
    """

    __slots__ = ()

    def __init__(self, opt_level, name, required=None, traceable=False):
        self.__init_handle_by_constructor__(
            _ffi_transform_api.PassInfo,
            opt_level,
            name,
            _as_name_list(required, "required"),
            traceable,
        )


@register_object("transform.PassContext")
class PassContext(Object):
    """The settings passes run under; enter it with ``with``.

    Parameters
    ----------
    opt_level : int
        ``Sequential`` runs a pass only when the pass's opt_level is at most this.
    required_pass : list/tuple/set of str, optional
        Passes ``Sequential`` runs whatever their opt_level; instruments cannot skip them.
    disabled_pass : list/tuple/set of str, optional
        Passes ``Sequential`` never runs.
    instruments : list of tvm.instrument.PassInstrument, optional
        Instruments called around every pass run in this context.
    config : dict of str to object, optional
        Options for passes. Each key must be registered (see ``list_configs``): an unknown key
        is a ValueError listing the valid ones, a value of the wrong type a TypeError.
    """

    __slots__ = ()

    def __init__(
        self,
        opt_level=2,
        required_pass=None,
        disabled_pass=None,
        instruments=None,
        config=None,
    ):
        required = _as_name_list(required_pass, "required_pass")
        disabled = _as_name_list(disabled_pass, "disabled_pass")
        if instruments is None:
            instruments = []
        if not isinstance(instruments, (list, tuple, set)):
            raise TypeError("instruments is expected to be a list/tuple/set of PassInstrument")
        instruments = list(instruments)
        for i, inst in enumerate(instruments):
            if not isinstance(inst, PassInstrument):
                raise TypeError(f"instruments[{i}] must be a PassInstrument, not {inst!r}")
        if config is not None and not isinstance(config, dict):
            raise TypeError(f"config is expected to be a dict, not {type(config).__name__}")
        self.__init_handle_by_constructor__(
            _ffi_transform_api.PassContext,
            opt_level,
            required,
            disabled,
            instruments,
            config,
        )

    def __enter__(self):
        _ffi_transform_api.EnterPassContext(self)
        return self

    def __exit__(self, ptype, value, trace):
        _ffi_transform_api.ExitPassContext(self)

    def override_instruments(self, instruments):
        """Replace this context's instruments: the old ones are exited, the new ones entered.

        Parameters
        ----------
        instruments : list of tvm.instrument.PassInstrument
        """
        _ffi_transform_api.OverrideInstruments(self, list(instruments))

    @staticmethod
    def current():
        """The innermost entered PassContext, or this thread's default one."""
        return _ffi_transform_api.GetCurrentPassContext()

    @staticmethod
    def list_configs():
        """Every registered config option, as ``{key: {"type": value type key}}``."""
        return _ffi_transform_api.ListConfigs()


def register_config_option(key, value_type):
    """Register a PassContext config option from Python (an extension of the v0.14 API; C++
    code uses ``TVM_REGISTER_PASS_CONFIG_OPTION``).

    Parameters
    ----------
    key : str
        The option name, conventionally ``"<layer>.<pass>.<option>"``.
    value_type : type or str
        ``bool`` or ``int`` (values are stored as IntImm), ``str``, ``list``, ``dict``, or the
        type key of an object type such as ``"IntImm"``. Registering a key again with the same
        type does nothing; with another type it is a ValueError.
    """
    builtin_keys = {
        bool: "IntImm",
        int: "IntImm",
        str: "runtime.String",
        list: "runtime.Array",
        dict: "runtime.Map",
    }
    if isinstance(value_type, type) and value_type in builtin_keys:
        value_type = builtin_keys[value_type]
    if not isinstance(value_type, str):
        raise TypeError(
            "value_type must be bool, int, str, list, dict or an object type key, "
            f"not {value_type!r}"
        )
    _ffi_transform_api.RegisterConfigOption(key, value_type)


@register_object("transform.Pass")
class Pass(Object):
    """A transformation of IRModules: ``new_mod = pass_(mod)`` runs it under the current
    PassContext (its instruments see it; a pass called directly runs whatever its opt_level).
    """

    __slots__ = ()

    @property
    def info(self):
        """The pass's PassInfo."""
        return _ffi_transform_api.Info(self)

    def __call__(self, mod):
        """Run the pass on ``mod`` and return the transformed module.

        Parameters
        ----------
        mod : tvm.IRModule

        Returns
        -------
        mod : tvm.IRModule
        """
        return _ffi_transform_api.RunPass(self, mod)


@register_object("transform.ModulePass")
class ModulePass(Pass):
    """A pass given by a function from module to module (see ``module_pass``)."""

    __slots__ = ()


@register_object("transform.Sequential")
class Sequential(Pass):
    """Runs passes in order. Within the current PassContext a pass runs when it is not in
    ``disabled_pass`` and either its opt_level is at most the context's or it is in
    ``required_pass``; the passes named in its ``required`` list run right before it.

    Parameters
    ----------
    passes : list of Pass
    opt_level : int
        The Sequential's own opt_level (when nested in another Sequential).
    name : str
    required : list of str, optional
    traceable : bool
    """

    __slots__ = ()

    def __init__(self, passes=None, opt_level=0, name="sequential", required=None, traceable=False):
        passes = passes if passes else []
        if not isinstance(passes, (list, tuple)):
            raise TypeError("passes must be a list of Pass objects.")
        for i, p in enumerate(passes):
            if not isinstance(p, Pass):
                raise TypeError(f"passes[{i}] must be a Pass, not {type(p).__name__}")
        self.__init_handle_by_constructor__(
            _ffi_transform_api.Sequential,
            list(passes),
            opt_level,
            name,
            _as_name_list(required, "required"),
            traceable,
        )


def _wrap_class_module_pass(pass_cls, pass_info):
    """A ModulePass subclass whose instances run ``pass_cls(...).transform_module``."""
    if not hasattr(pass_cls, "transform_module"):
        raise TypeError(f"{pass_cls.__name__} must define transform_module(self, mod, ctx)")

    class PyModulePass(ModulePass):
        """A module pass defined by a Python class."""

        def __init__(self, *args, **kwargs):
            self.handle = None  # so that attribute lookups fail cleanly if pass_cls() raises
            inst = pass_cls(*args, **kwargs)

            def _pass_func(mod, ctx):
                return inst.transform_module(mod, ctx)

            self.__init_handle_by_constructor__(
                _ffi_transform_api.MakeModulePass, _pass_func, pass_info
            )
            self._inst = inst

        def __getattr__(self, name):
            if name in ("_inst", "handle"):
                raise AttributeError(name)
            try:
                return getattr(self._inst, name)
            except AttributeError:
                return super().__getattr__(name)

    functools.update_wrapper(PyModulePass.__init__, pass_cls.__init__)
    PyModulePass.__name__ = pass_cls.__name__
    PyModulePass.__qualname__ = pass_cls.__qualname__
    PyModulePass.__doc__ = pass_cls.__doc__
    PyModulePass.__module__ = pass_cls.__module__
    return PyModulePass


def module_pass(pass_func=None, opt_level=None, name=None, required=None, traceable=False):
    """Make a module pass from a function ``f(mod, ctx) -> mod`` or from a class with a method
    ``transform_module(self, mod, ctx) -> mod``.

    Usable as ``module_pass(f, opt_level=1)``, ``@module_pass(opt_level=1)`` on a function (the
    result is a ModulePass) or on a class (the result is a class whose instances are
    ModulePasses; constructor arguments go to the decorated class).

    Parameters
    ----------
    pass_func : callable or class, optional
    opt_level : int
        Required.
    name : str, optional
        The pass name; the function or class name by default.
    required : list of str, optional
        Passes that must run before this one inside a Sequential.
    traceable : bool

    Returns
    -------
    create_module_pass : ModulePass, a ModulePass class, or a decorator
    """
    if opt_level is None:
        raise ValueError("Please provide opt_level for the module pass.")
    required = _as_name_list(required, "required")

    def create_module_pass(pass_arg):
        if not callable(pass_arg):
            raise TypeError("pass_func must be a callable for Module pass")
        fname = name if name else pass_arg.__name__
        info = PassInfo(opt_level, fname, required, traceable)
        if inspect.isclass(pass_arg):
            return _wrap_class_module_pass(pass_arg, info)
        return _ffi_transform_api.MakeModulePass(pass_arg, info)

    if pass_func:
        return create_module_pass(pass_func)
    return create_module_pass


def PrintIR(header="", show_meta_data=False):  # pylint: disable=invalid-name
    """A pass that prints ``PrintIR(header):`` and the module to stderr, and changes nothing.

    Parameters
    ----------
    header : str
    show_meta_data : bool
        Accepted for compatibility; the module is printed in full.

    Returns
    -------
    pass_ : Pass
    """
    return _ffi_transform_api.PrintIR(header, show_meta_data)
