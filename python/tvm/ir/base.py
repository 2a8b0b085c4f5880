"""Base classes of the IR (Node, Span), structural equality and hashing, and JSON
serialization of any IR."""
from .._ffi.registry import register_object
from ..runtime import Object
from . import _ffi_api


class Node(Object):
    """Base class of all IR nodes."""

    __slots__ = ()


@register_object("Span")
class Span(Object):
    """A source location: the model node or file an expression came from."""

    __slots__ = ()

    def __init__(self, source_name, line=0, column=0, end_line=0, end_column=0):
        self.__init_handle_by_constructor__(
            _ffi_api.Span, source_name, line, column, end_line, end_column
        )


def _convert(value):
    """Python lists, dicts and scalars as runtime objects; objects unchanged."""
    from ..runtime.container import convert  # pylint: disable=import-outside-toplevel

    return value if isinstance(value, Object) else convert(value)


def save_json(node):
    """Serialize `node` and everything it references to a JSON string.

    Shared nodes are written once and stay shared when loaded; NDArrays are embedded (base64).
    """
    return _ffi_api.SaveJSON(_convert(node))


def load_json(json_str):
    """Load an object saved by :py:func:`save_json`.

    Raises ValueError, saying what was expected and found, when `json_str` is not such a
    document (not JSON, another format version, an unknown type, a missing field, ...).
    """
    return _ffi_api.LoadJSON(json_str)


def structural_equal(lhs, rhs, map_free_vars=False):
    """Whether `lhs` and `rhs` are structurally equal.

    Nodes are equal when of the same type with equal fields (source spans ignored); variables
    bound at corresponding places are mapped onto each other, so ``let x = 1 in x + x`` equals
    ``let y = 1 in y + y``. Free variables are equal only to themselves unless
    `map_free_vars`, which maps each onto the variable it first meets (one-to-one).
    """
    return bool(_ffi_api.StructuralEqual(_convert(lhs), _convert(rhs), map_free_vars))


def get_first_structural_mismatch(lhs, rhs, map_free_vars=False):
    """Where `lhs` and `rhs` first differ, as ``"root.body.a: 1 vs 2"``; None when equal."""
    return _ffi_api.GetFirstStructuralMismatch(_convert(lhs), _convert(rhs), map_free_vars)


def assert_structural_equal(lhs, rhs, map_free_vars=False):
    """Raise ValueError, naming the first difference and printing both sides, unless `lhs` and
    `rhs` are structurally equal (see :py:func:`structural_equal`)."""
    lhs, rhs = _convert(lhs), _convert(rhs)
    mismatch = _ffi_api.GetFirstStructuralMismatch(lhs, rhs, map_free_vars)
    if mismatch is not None:
        raise ValueError(
            f"StructuralEqual check failed at {mismatch}\nlhs:\n{lhs!r}\nrhs:\n{rhs!r}"
        )


def structural_hash(node, map_free_vars=False):
    """A hash consistent with :py:func:`structural_equal`: equal nodes hash the same."""
    return _ffi_api.StructuralHash(_convert(node), map_free_vars)
