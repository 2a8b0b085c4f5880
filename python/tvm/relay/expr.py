"""Relay expressions: Var, Constant, Call, Tuple, TupleGetItem, Let, If, and the helpers that
build them (var, const). Expressions support the arithmetic and comparison operators, which
build calls of the broadcasting ops (``x + y`` is ``relay.add(x, y)``)."""
import numpy as _np

from .._ffi.registry import register_object
from ..ir import RelayExpr, Node
from ..ir.attrs import Attrs
from ..runtime import NDArray
from .. import nd as _nd
from . import _ffi_api
from .ty import TensorType


class ExprWithOp(RelayExpr):
    """A Relay expression with Python operators and text printing."""

    __slots__ = ()

    def astext(self, show_meta_data=True, annotate=None):  # pylint: disable=unused-argument
        """The Relay text of this expression (with the inferred types as comments)."""
        return _ffi_api.AsText(self, True)

    def __str__(self):
        return _ffi_api.AsText(self, True)

    __repr__ = __str__

    def astype(self, dtype):
        """This expression cast to `dtype`."""
        from .op import transform  # pylint: disable=import-outside-toplevel

        return transform.cast(self, dtype)

    def _binary(self, other, name, reverse=False):
        from .op import _make  # pylint: disable=import-outside-toplevel

        if not isinstance(other, RelayExpr):
            raise TypeError(
                f"relay: cannot combine an expression with {type(other).__name__} {other!r}; "
                "convert it with relay.const first"
            )
        lhs, rhs = (other, self) if reverse else (self, other)
        return getattr(_make, name)(lhs, rhs)

    def __add__(self, other):
        return self._binary(other, "add")

    def __radd__(self, other):
        return self._binary(other, "add", True)

    def __sub__(self, other):
        return self._binary(other, "subtract")

    def __rsub__(self, other):
        return self._binary(other, "subtract", True)

    def __mul__(self, other):
        return self._binary(other, "multiply")

    def __rmul__(self, other):
        return self._binary(other, "multiply", True)

    def __truediv__(self, other):
        return self._binary(other, "divide")

    def __rtruediv__(self, other):
        return self._binary(other, "divide", True)

    def __neg__(self):
        from .op import _make  # pylint: disable=import-outside-toplevel

        return _make.negative(self)

    def __lt__(self, other):
        return self._binary(other, "less")

    def __gt__(self, other):
        return self._binary(other, "greater")

    def __le__(self, other):
        return self._binary(other, "less_equal")

    def __ge__(self, other):
        return self._binary(other, "greater_equal")

    def __call__(self, *args):
        return Call(self, args)

    # Comparison operators build expressions, so identity is what hashes and == test.
    def __hash__(self):
        return RelayExpr.__hash__(self)

    def __eq__(self, other):
        return RelayExpr.__eq__(self, other)

    def __ne__(self, other):
        return not RelayExpr.__eq__(self, other)


@register_object("relay.Var")
class Var(ExprWithOp):
    """A local variable (a function parameter or a let-bound name)."""

    __slots__ = ()

    def __init__(self, name_hint, type_annotation=None, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Var, name_hint, type_annotation, span)


@register_object("relay.Constant")
class Constant(ExprWithOp):
    """A constant tensor."""

    __slots__ = ()

    def __init__(self, data, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Constant, data, span)


@register_object("relay.Tuple")
class Tuple(ExprWithOp):
    """A tuple of expressions."""

    __slots__ = ()

    def __init__(self, fields, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Tuple, list(fields), span)

    def __getitem__(self, index):
        if index >= len(self.fields):
            raise IndexError("relay.Tuple index out of range")
        return self.fields[index]

    def __len__(self):
        return len(self.fields)


@register_object("relay.Call")
class Call(ExprWithOp):
    """A call of an operator (with its attributes) or of a function."""

    __slots__ = ()

    def __init__(self, op, args, attrs=None, type_args=None, span=None):
        self.__init_handle_by_constructor__(
            _ffi_api.Call, op, list(args), attrs, list(type_args or []), span
        )


@register_object("relay.TupleGetItem")
class TupleGetItem(ExprWithOp):
    """Field `index` of a tuple."""

    __slots__ = ()

    def __init__(self, tuple_value, index, span=None):
        self.__init_handle_by_constructor__(_ffi_api.TupleGetItem, tuple_value, index, span)


@register_object("relay.Let")
class Let(ExprWithOp):
    """``let var = value; body``."""

    __slots__ = ()

    def __init__(self, variable, value, body, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Let, variable, value, body, span)


@register_object("relay.If")
class If(ExprWithOp):
    """``if (cond) { true_branch } else { false_branch }``."""

    __slots__ = ()

    def __init__(self, cond, true_branch, false_branch, span=None):
        self.__init_handle_by_constructor__(_ffi_api.If, cond, true_branch, false_branch, span)


class TupleWrapper:
    """A tuple-typed expression (the result of split, batch_norm, ...) indexed like a
    Python tuple of its `size` fields."""

    def __init__(self, tuple_value, size):
        self.tuple_value = tuple_value
        self.size = size

    def astuple(self):
        return self.tuple_value

    def astext(self):
        return self.tuple_value.astext()

    def __getitem__(self, index):
        if index >= len(self):
            raise IndexError("relay.TupleWrapper index out of range")
        return TupleGetItem(self.tuple_value, index)

    def __len__(self):
        return self.size

    def __iter__(self):
        return (self[i] for i in range(self.size))

    def __repr__(self):
        return f"TupleWrapper({self.tuple_value!r}, {self.size})"


def var(name_hint, type_annotation=None, shape=None, dtype="float32", span=None):
    """A variable; its type is `type_annotation`, or a TensorType of `shape` and `dtype` when
    `shape` is given (a str type_annotation is taken as the dtype of a scalar)."""
    if type_annotation is not None and shape is not None:
        raise ValueError("relay.var: give type_annotation or shape, not both")
    if shape is not None:
        type_annotation = TensorType(shape, dtype)
    elif isinstance(type_annotation, str):
        type_annotation = TensorType((), type_annotation)
    return Var(name_hint, type_annotation, span)


def const(value, dtype=None, span=None):
    """A constant from a Python scalar, list, numpy array or NDArray. Without `dtype`, Python
    floats become float32 and ints int32 (as in TVM)."""
    if isinstance(value, (bool, int, float, list, tuple, _np.generic)):
        value = _np.array(value, dtype=dtype)
    if isinstance(value, _np.ndarray):
        if dtype is None:
            if value.dtype == "float64":
                value = value.astype("float32")
            elif value.dtype == "int64":
                value = value.astype("int32")
        elif str(value.dtype) != str(dtype):
            value = value.astype(dtype)
        value = _nd.array(value)
    if not isinstance(value, NDArray):
        raise ValueError(f"relay.const: cannot make a constant from {type(value).__name__}")
    return Constant(value, span)


def bind(expr, binds):
    """`expr` with free variables replaced ({Var: Expr})."""
    from .expr_functor import ExprMutator  # pylint: disable=import-outside-toplevel

    class _Binder(ExprMutator):
        def visit_var(self, v):
            return binds.get(v, v)

    return _Binder().visit(expr)


__all__ = ["Var", "Constant", "Tuple", "Call", "TupleGetItem", "Let", "If", "TupleWrapper",
           "var", "const", "bind", "ExprWithOp", "Attrs", "Node"]
