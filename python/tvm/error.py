"""Error classes raised by the stack.

Every error raised in C++ carries a kind; it arrives in Python as the class registered for
that kind here. Kinds named after Python's built-in errors map to classes that derive from
both TVMError and that built-in, so ``except ValueError`` and ``except tvm.error.TVMError``
both catch a bad value.
"""
from ._ffi.base import core


def register_error(func_name=None, cls=None):
    """Register an error class for the C++ error kind `func_name` (default: class name)."""
    if callable(func_name):
        cls, func_name = func_name, func_name.__name__

    def register(mycls):
        core.register_error_class(func_name or mycls.__name__, mycls)
        return mycls

    if cls is not None:
        return register(cls)
    return register


@register_error
class TVMError(RuntimeError):
    """Base class of all errors raised by the stack."""


@register_error
class InternalError(TVMError):
    """An internal invariant of the stack was broken: a bug, please report it."""


@register_error
class RPCError(TVMError):
    """An error in a remote procedure call."""


@register_error
class RPCSessionTimeoutError(RPCError, TimeoutError):
    """An RPC session timed out."""


@register_error
class OpError(TVMError):
    """Base class of errors about operators of an imported model."""


@register_error
class OpNotImplemented(OpError, NotImplementedError):
    """An operator is not supported."""


@register_error
class OpAttributeRequired(OpError, AttributeError):
    """A required attribute of an operator is missing."""


@register_error
class OpAttributeInvalid(OpError, AttributeError):
    """An attribute of an operator has an invalid value."""


@register_error
class OpAttributeUnImplemented(OpError, NotImplementedError):
    """An attribute value of an operator is not supported."""


@register_error
class DiagnosticError(TVMError):
    """Errors were reported by the diagnostic context (see the printed program)."""


class TVMValueError(TVMError, ValueError):
    """A value was not what was expected."""


class TVMTypeError(TVMError, TypeError):
    """A value had the wrong type."""


class TVMAttributeError(TVMError, AttributeError):
    """An attribute or function does not exist."""


class TVMIndexError(TVMError, IndexError):
    """An index is out of range."""


class TVMKeyError(TVMError, KeyError):
    """A key is missing."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


for _kind, _cls in [
    ("ValueError", TVMValueError),
    ("TypeError", TVMTypeError),
    ("AttributeError", TVMAttributeError),
    ("IndexError", TVMIndexError),
    ("KeyError", TVMKeyError),
    ("RuntimeError", TVMError),
]:
    register_error(_kind, _cls)
