"""TIR statements."""
import enum

from .._ffi.registry import register_object
from ..ir import Node
from . import _ffi_api


class Stmt(Node):
    """Base class of statements."""

    __slots__ = ()

    def __str__(self):
        return _ffi_api.AsScript(self)

    __repr__ = __str__


register_object("tir.Stmt")(Stmt)


class ForKind(enum.IntEnum):
    """How a loop runs."""

    SERIAL = 0
    PARALLEL = 1
    VECTORIZED = 2
    UNROLLED = 3
    THREAD_BINDING = 4


def _stmt(key, ctor_args):
    def __init__(self, *args, **kwargs):
        names = ctor_args
        values = list(args) + [None] * (len(names) - len(args))
        for k, v in kwargs.items():
            if k not in names:
                raise TypeError(f"tir.{key}() got an unexpected keyword argument {k!r}")
            values[names.index(k)] = v
        self.__init_handle_by_constructor__(getattr(_ffi_api, key), *values)

    cls = type(key, (Stmt,), {"__slots__": (), "__init__": __init__,
                              "__doc__": f"tir.{key}({', '.join(ctor_args)})"})
    return register_object("tir." + key)(cls)


LetStmt = _stmt("LetStmt", ["var", "value", "body", "span"])
AttrStmt = _stmt("AttrStmt", ["node", "attr_key", "value", "body", "span"])
AssertStmt = _stmt("AssertStmt", ["condition", "message", "body", "span"])
BufferStore = _stmt("BufferStore", ["buffer", "value", "indices", "span"])
BufferRealize = _stmt("BufferRealize", ["buffer", "bounds", "condition", "body", "span"])
Allocate = _stmt("Allocate", ["buffer_var", "dtype", "extents", "condition", "body",
                              "annotations", "span"])
SeqStmt = _stmt("SeqStmt", ["seq", "span"])
IfThenElse = _stmt("IfThenElse", ["condition", "then_case", "else_case", "span"])
Evaluate = _stmt("Evaluate", ["value", "span"])
While = _stmt("While", ["condition", "body", "span"])
ProducerStore = register_object("tir.ProducerStore")(
    type("ProducerStore", (Stmt,), {"__slots__": ()}))
ProducerRealize = register_object("tir.ProducerRealize")(
    type("ProducerRealize", (Stmt,), {"__slots__": ()}))


@register_object("tir.For")
class For(Stmt):
    """for loop_var in range(min, min + extent) with a ForKind."""

    __slots__ = ()

    def __init__(self, loop_var, min, extent, kind, body, thread_binding=None,
                 annotations=None, span=None):  # pylint: disable=redefined-builtin
        self.__init_handle_by_constructor__(
            _ffi_api.For, loop_var, min, extent, int(kind), body, thread_binding, annotations, span
        )


def stmt_seq(*args):
    """A SeqStmt of the given statements (expressions become Evaluate)."""
    from ..ir import PrimExpr  # pylint: disable=import-outside-toplevel

    seq = [Evaluate(a) if isinstance(a, PrimExpr) else a for a in args]
    return seq[0] if len(seq) == 1 else SeqStmt(seq)
