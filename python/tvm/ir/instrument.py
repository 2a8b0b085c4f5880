"""Pass instruments (public as ``tvm.instrument``): observers attached to a PassContext that
see every pass run inside it.

Hooks, in call order: ``enter_pass_ctx()`` when the context is entered; for each pass,
``should_run(mod, info)`` (any False skips the pass; passes in ``required_pass`` are not
asked), then ``run_before_pass(mod, info)``, the pass, ``run_after_pass(mod, info)``;
``exit_pass_ctx()`` when the context exits. Instruments are called in list order.
"""
import functools
import inspect

from .._ffi.registry import register_object
from ..runtime import Object
from . import _ffi_instrument_api

__all__ = [
    "PassInstrument",
    "pass_instrument",
    "PassTimingInstrument",
    "PassPrintingInstrument",
    "PrintAfterAll",
    "PrintBeforeAll",
]

_HOOKS = ("enter_pass_ctx", "exit_pass_ctx", "should_run", "run_before_pass", "run_after_pass")


@register_object("instrument.PassInstrument")
class PassInstrument(Object):
    """Base class of pass instruments.

    Subclass it (calling ``super().__init__()``), or decorate any class with
    ``pass_instrument``, and define the hooks you need; the no-op defaults below are not
    called at all.
    """

    def __init__(self):
        self.handle = None  # so that attribute lookups fail cleanly if construction fails
        cls = type(self)

        def child_method(name):
            if getattr(cls, name) is getattr(PassInstrument, name):
                return None
            return getattr(self, name)

        self.__init_handle_by_constructor__(
            _ffi_instrument_api.PassInstrument, cls.__name__, *[child_method(h) for h in _HOOKS]
        )

    def enter_pass_ctx(self):
        """Called when a PassContext holding this instrument is entered."""

    def exit_pass_ctx(self):
        """Called when a PassContext holding this instrument exits (also after an error)."""

    def should_run(self, mod, info):
        """Return False to skip the pass described by ``info`` (a tvm.transform.PassInfo)."""

    def run_before_pass(self, mod, info):
        """Called before a pass runs, with its input module."""

    def run_after_pass(self, mod, info):
        """Called after a pass ran, with its output module."""


def _wrap_class_pass_instrument(pi_cls):
    """A PassInstrument subclass made from any class defining some of the hooks."""
    if issubclass(pi_cls, PassInstrument):
        return pi_cls

    class PyPassInstrument(pi_cls, PassInstrument):
        """A pass instrument defined by a Python class."""

        def __init__(self, *args, **kwargs):
            self.handle = None
            pi_cls.__init__(self, *args, **kwargs)
            PassInstrument.__init__(self)

    functools.update_wrapper(PyPassInstrument.__init__, pi_cls.__init__)
    PyPassInstrument.__name__ = pi_cls.__name__
    PyPassInstrument.__qualname__ = pi_cls.__qualname__
    PyPassInstrument.__doc__ = pi_cls.__doc__
    PyPassInstrument.__module__ = pi_cls.__module__
    return PyPassInstrument


def pass_instrument(pi_cls=None):
    """Class decorator: make a pass instrument class from a class defining some of
    ``enter_pass_ctx``, ``exit_pass_ctx``, ``should_run``, ``run_before_pass``,
    ``run_after_pass``.

    Parameters
    ----------
    pi_cls : class

    Returns
    -------
    create_pass_instrument : a PassInstrument subclass, or a decorator
    """

    def create_pass_instrument(pi_cls):
        if not inspect.isclass(pi_cls):
            raise TypeError("pi_cls must be a class")
        return _wrap_class_pass_instrument(pi_cls)

    if pi_cls:
        return create_pass_instrument(pi_cls)
    return create_pass_instrument


@register_object("instrument.PassTimingInstrument")
class PassTimingInstrument(PassInstrument):
    """Times every pass run in its PassContext (implemented in C++).

    Entering the context starts a fresh profile; ``render()`` returns it as a table, inside
    the context or after it exits::

        timing = tvm.instrument.PassTimingInstrument()
        with tvm.transform.PassContext(instruments=[timing]):
            mod = seq(mod)
        print(timing.render())
    """

    def __init__(self):  # pylint: disable=super-init-not-called
        self.__init_handle_by_constructor__(_ffi_instrument_api.MakePassTimingInstrument)

    def render(self):
        """The profile as a table: one row per pass run (nested passes indented under the pass
        that ran them) with its time, self time and share of the total; "" if no pass ran.
        """
        return _ffi_instrument_api.RenderTimePassProfiles(self)


@pass_instrument
class PassPrintingInstrument:
    """Print the module before the passes named in ``print_before_pass_names`` and after
    those named in ``print_after_pass_names``."""

    def __init__(self, print_before_pass_names, print_after_pass_names):
        self.print_before_pass_names = print_before_pass_names
        self.print_after_pass_names = print_after_pass_names

    def run_before_pass(self, mod, pass_info):
        if pass_info.name in self.print_before_pass_names:
            print(f"Print IR before: {pass_info.name}\n{mod}\n\n")

    def run_after_pass(self, mod, pass_info):
        if pass_info.name in self.print_after_pass_names:
            print(f"Print IR after: {pass_info.name}\n{mod}\n\n")


@pass_instrument
class PrintAfterAll:
    """Print the name of each pass and the module after it runs."""

    def run_after_pass(self, mod, info):
        print(f"After Running Pass: {info}")
        print(mod)


@pass_instrument
class PrintBeforeAll:
    """Print the name of each pass and the module before it runs."""

    def run_before_pass(self, mod, info):
        print(f"Before Running Pass: {info}")
        print(mod)
