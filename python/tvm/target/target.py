"""Target: a kind ("llvm", "c", "cuda", "opencl"), keys and options, parsed from a string."""
from .._ffi.registry import register_object
from ..runtime import Object
from . import _ffi_api


@register_object("Target")
class Target(Object):
    """A compilation target, e.g. ``Target("llvm -mcpu=skylake-avx512 -mattr=+avx512f")``.

    An unknown kind or option raises ValueError naming it and listing the valid ones.
    ``with target:`` makes it :py:meth:`Target.current`.
    """

    __slots__ = ()

    def __init__(self, target, host=None):
        if isinstance(target, Target):
            target = str(target)
        if isinstance(target, dict):
            target = _from_dict(target)
        if not isinstance(target, str):
            raise TypeError(f"Target: expected a str, got {type(target).__name__}")
        self.__init_handle_by_constructor__(_ffi_api.Target, target)
        if host is not None:
            Target(host)  # validate; host code generation is not split yet

    @property
    def kind(self):
        return _Kind(self.__getattr__("kind"))

    @property
    def mcpu(self):
        return self.attrs.get("mcpu", "")

    @property
    def mattr(self):
        return list(self.attrs.get("mattr", []))

    @property
    def model(self):
        return self.attrs.get("model", "unknown")

    def __enter__(self):
        _ffi_api.TargetEnterScope(self)
        return self

    def __exit__(self, ptype, value, trace):
        _ffi_api.TargetExitScope(self)

    @staticmethod
    def current(allow_none=True):
        """The target of the innermost ``with target:`` (None outside any)."""
        return _ffi_api.TargetCurrent(allow_none)

    @staticmethod
    def list_kinds():
        """The target kinds that can be parsed."""
        return list(_ffi_api.ListTargetKinds())

    def __str__(self):
        return _ffi_api.TargetStr(self)

    def __repr__(self):
        return str(self)

    def __eq__(self, other):
        return isinstance(other, Target) and str(self) == str(other)

    def __hash__(self):
        return hash(str(self))


class _Kind(str):
    """The kind of a target; ``target.kind.name`` as in TVM."""

    @property
    def name(self):
        return str(self)


def _from_dict(config):
    config = dict(config)
    parts = [config.pop("kind")]
    for key, value in config.items():
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = int(value)
        parts.append(f"-{key}={value}")
    return " ".join(parts)


def create(target):
    """Deprecated alias of Target(target)."""
    return Target(target)


def cuda(model="unknown", arch=None, options=None):
    opts = [f"-model={model}"] + ([f"-arch={arch}"] if arch else []) + list(options or [])
    return Target(" ".join(["cuda"] + opts))


def arm_cpu(model="unknown", options=None):
    return Target(" ".join(["llvm", "-keys=arm_cpu", f"-model={model}"] + list(options or [])))


def rasp(options=None):
    return arm_cpu("bcm2837", ["-mtriple=armv7l-linux-gnueabihf", "-mattr=+neon"] +
                   list(options or []))


def mali(model="unknown", options=None):
    return Target(" ".join(["opencl", "-keys=mali,opencl,gpu", "-device=mali",
                            f"-model={model}"] + list(options or [])))
