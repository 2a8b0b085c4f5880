"""TIR expressions, with Python operators that build them.

Arithmetic follows the stack's type rules (see include/tvm/tir/op.h): a Python number takes
the other operand's type, int meets float as float, the narrower type is widened. `/` on two
integers is ambiguous (C truncates, Python floors) and is refused: use `//` (floor division),
`%` (floor modulo), or tvm.tir.truncdiv / truncmod.
"""
from .._ffi.registry import register_object
from ..ir import PrimExpr, Node
from ..runtime import Object, DataType
from . import _ffi_api


def _dtype_is_int(value):
    if isinstance(value, int):
        return True
    return isinstance(value, PrimExpr) and DataType(value.dtype).type_code in (0, 1)


class ExprOp:
    """Operators on PrimExpr."""

    __slots__ = ()

    def __add__(self, other):
        return _ffi_api._OpAdd(self, other, None)

    def __radd__(self, other):
        return _ffi_api._OpAdd(other, self, None)

    def __sub__(self, other):
        return _ffi_api._OpSub(self, other, None)

    def __rsub__(self, other):
        return _ffi_api._OpSub(other, self, None)

    def __mul__(self, other):
        return _ffi_api._OpMul(self, other, None)

    def __rmul__(self, other):
        return _ffi_api._OpMul(other, self, None)

    def __truediv__(self, other):
        if _dtype_is_int(self) and _dtype_is_int(other):
            raise TypeError(
                "'/' on integer expressions is ambiguous: use '//' (floor division), "
                "tvm.tir.truncdiv (C division), or cast to a float type first"
            )
        return _ffi_api._OpDiv(self, other, None)

    def __rtruediv__(self, other):
        if _dtype_is_int(self) and _dtype_is_int(other):
            raise TypeError(
                "'/' on integer expressions is ambiguous: use '//' (floor division), "
                "tvm.tir.truncdiv (C division), or cast to a float type first"
            )
        return _ffi_api._OpDiv(other, self, None)

    def __floordiv__(self, other):
        return _ffi_api._OpFloorDiv(self, other, None)

    def __rfloordiv__(self, other):
        return _ffi_api._OpFloorDiv(other, self, None)

    def __mod__(self, other):
        return _ffi_api._OpFloorMod(self, other, None)

    def __rmod__(self, other):
        return _ffi_api._OpFloorMod(other, self, None)

    def __neg__(self):
        return _ffi_api._OpSub(0, self, None) if _dtype_is_int(self) else _ffi_api._OpMul(self, -1.0, None)

    def __lshift__(self, other):
        return _ffi_api.left_shift(self, other, None)

    def __rlshift__(self, other):
        return _ffi_api.left_shift(other, self, None)

    def __rshift__(self, other):
        return _ffi_api.right_shift(self, other, None)

    def __rrshift__(self, other):
        return _ffi_api.right_shift(other, self, None)

    def __and__(self, other):
        return _ffi_api.bitwise_and(self, other, None)

    def __rand__(self, other):
        return _ffi_api.bitwise_and(other, self, None)

    def __or__(self, other):
        return _ffi_api.bitwise_or(self, other, None)

    def __ror__(self, other):
        return _ffi_api.bitwise_or(other, self, None)

    def __xor__(self, other):
        return _ffi_api.bitwise_xor(self, other, None)

    def __rxor__(self, other):
        return _ffi_api.bitwise_xor(other, self, None)

    def __invert__(self):
        return _ffi_api.bitwise_not(self, None)

    def __lt__(self, other):
        return _ffi_api._OpLT(self, other, None)

    def __le__(self, other):
        return _ffi_api._OpLE(self, other, None)

    def __gt__(self, other):
        return _ffi_api._OpGT(self, other, None)

    def __ge__(self, other):
        return _ffi_api._OpGE(self, other, None)

    def __eq__(self, other):
        return EqualOp(self, other)

    def __ne__(self, other):
        return NotEqualOp(self, other)

    def __nonzero__(self):
        raise ValueError(
            "cannot use and / or / not (or if) on a PrimExpr: it has no truth value until run "
            "time; use tvm.tir.all / tvm.tir.any / tvm.tir.Not"
        )

    __bool__ = __nonzero__

    def equal(self, other, span=None):
        """The expression self == other."""
        return _ffi_api._OpEQ(self, other, span)

    def astype(self, dtype, span=None):
        """Cast to dtype."""
        return _ffi_api.cast(self, str(dtype), span)

    __hash__ = Object.__hash__


class EqualOp:
    """The result of `a == b` on PrimExprs: an EQ expression that is truthy when a and b are
    the same object (so PrimExprs can be used as dict keys)."""

    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a = a
        self.b = b

    def __bool__(self):
        return isinstance(self.b, Object) and self.a.same_as(self.b)

    def asobject(self):
        return _ffi_api._OpEQ(self.a, self.b, None)

    def __repr__(self):
        return repr(self.asobject())


class NotEqualOp(EqualOp):
    """The result of `a != b` on PrimExprs."""

    __slots__ = ()

    def __bool__(self):
        return not (isinstance(self.b, Object) and self.a.same_as(self.b))

    def asobject(self):
        return _ffi_api._OpNE(self.a, self.b, None)


class PrimExprWithOp(ExprOp, PrimExpr):
    """A PrimExpr with Python operators."""

    __slots__ = ()

    @property
    def dtype(self):
        return self.__getattr__("dtype")

    def __str__(self):
        return _ffi_api.AsScript(self)

    def __repr__(self):
        return _ffi_api.AsScript(self)


def _reg(key):
    return register_object("tir." + key)


@register_object("tir.Var")
class Var(PrimExprWithOp):
    """A variable. Two Vars with one name are different variables."""

    __slots__ = ()

    def __init__(self, name, dtype, span=None):
        if not isinstance(dtype, Object):
            dtype = str(dtype)
        self.__init_handle_by_constructor__(_ffi_api.Var, name, dtype, span)


@register_object("tir.SizeVar")
class SizeVar(Var):
    """A variable known to be non-negative (a symbolic shape)."""

    __slots__ = ()

    def __init__(self, name, dtype, span=None):  # pylint: disable=super-init-not-called
        self.__init_handle_by_constructor__(_ffi_api.SizeVar, name, str(dtype), span)


@register_object("tir.IterVar")
class IterVar(ExprOp, Object):
    """A loop axis: its variable, domain, kind and thread tag."""

    __slots__ = ()
    DataPar = 0
    ThreadIndex = 1
    CommReduce = 2
    Ordered = 3
    DimInfo = 4
    Unrolled = 5
    Vectorized = 6
    Parallelized = 7
    Tensorized = 8

    def __init__(self, dom, var, iter_type, thread_tag="", span=None):
        from ..ir import Range  # pylint: disable=import-outside-toplevel

        if dom is not None and isinstance(dom, (list, tuple)):
            dom = Range(dom[0], dom[1])
        if isinstance(var, str):
            var = Var(var, "int32")
        self.__init_handle_by_constructor__(_ffi_api.IterVar, dom, var, iter_type, thread_tag, span)

    @property
    def dtype(self):
        return self.var.dtype

    def __str__(self):
        return _ffi_api.AsScript(self)

    __repr__ = __str__


@register_object("IntImm")
class IntImm(PrimExprWithOp):
    """An integer constant."""

    __slots__ = ()

    def __init__(self, dtype, value, span=None):
        from ..ir import _ffi_api as _ir  # pylint: disable=import-outside-toplevel

        self.__init_handle_by_constructor__(_ir.IntImm, str(dtype), int(value), span)

    def __int__(self):
        return self.value

    def __index__(self):
        return self.value

    def __bool__(self):
        return self.value != 0

    def __eq__(self, other):
        if isinstance(other, int) and not isinstance(other, bool):
            return self.value == other
        return EqualOp(self, other)

    def __ne__(self, other):
        if isinstance(other, int) and not isinstance(other, bool):
            return self.value != other
        return NotEqualOp(self, other)

    __hash__ = PrimExprWithOp.__hash__


@register_object("FloatImm")
class FloatImm(PrimExprWithOp):
    """A floating-point constant."""

    __slots__ = ()

    def __init__(self, dtype, value, span=None):
        from ..ir import _ffi_api as _ir  # pylint: disable=import-outside-toplevel

        self.__init_handle_by_constructor__(_ir.FloatImm, str(dtype), float(value), span)

    def __float__(self):
        return self.value


@_reg("StringImm")
class StringImm(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, value, span=None):
        self.__init_handle_by_constructor__(_ffi_api.StringImm, value, span)

    def __eq__(self, other):
        if isinstance(other, str):
            return self.value == other
        return EqualOp(self, other)

    def __ne__(self, other):
        if isinstance(other, str):
            return self.value != other
        return NotEqualOp(self, other)

    __hash__ = PrimExprWithOp.__hash__


@_reg("Cast")
class Cast(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, dtype, value, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Cast, str(dtype), value, span)


def _binary(name):
    def __init__(self, a, b, span=None):
        self.__init_handle_by_constructor__(getattr(_ffi_api, name), a, b, span)

    cls = type(name, (PrimExprWithOp,), {"__slots__": (), "__init__": __init__,
                                          "__doc__": f"The TIR node {name}(a, b)."})
    return register_object("tir." + name)(cls)


Add = _binary("Add")
Sub = _binary("Sub")
Mul = _binary("Mul")
Div = _binary("Div")
Mod = _binary("Mod")
FloorDiv = _binary("FloorDiv")
FloorMod = _binary("FloorMod")
Min = _binary("Min")
Max = _binary("Max")
EQ = _binary("EQ")
NE = _binary("NE")
LT = _binary("LT")
LE = _binary("LE")
GT = _binary("GT")
GE = _binary("GE")
And = _binary("And")
Or = _binary("Or")


@_reg("Not")
class Not(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, a, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Not, a, span)


@_reg("Select")
class Select(PrimExprWithOp):
    """condition ? true_value : false_value (both sides evaluated)."""

    __slots__ = ()

    def __init__(self, condition, true_value, false_value, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Select, condition, true_value, false_value, span)


@_reg("BufferLoad")
class BufferLoad(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, buffer, indices, span=None):
        self.__init_handle_by_constructor__(_ffi_api.BufferLoad, buffer, list(indices), span)


@_reg("ProducerLoad")
class ProducerLoad(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, producer, indices, span=None):
        self.__init_handle_by_constructor__(_ffi_api.ProducerLoad, producer, list(indices), span)


@_reg("Ramp")
class Ramp(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, base, stride, lanes, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Ramp, base, stride, lanes, span)


@_reg("Broadcast")
class Broadcast(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, value, lanes, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Broadcast, value, lanes, span)


@_reg("Shuffle")
class Shuffle(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, vectors, indices, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Shuffle, list(vectors), list(indices), span)


@_reg("Let")
class Let(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, var, value, body, span=None):
        self.__init_handle_by_constructor__(_ffi_api.Let, var, value, body, span)


@_reg("Call")
class Call(PrimExprWithOp):
    """A call of an Op (given by object or name, e.g. "tir.exp") or a GlobalVar."""

    __slots__ = ()

    def __init__(self, dtype, op, args, span=None):
        if isinstance(op, str):
            from ..ir import Op  # pylint: disable=import-outside-toplevel

            if not op.startswith("tir."):
                raise ValueError(f"tir.Call: op name {op!r} must start with 'tir.'")
            op = Op.get(op)
        self.__init_handle_by_constructor__(_ffi_api.Call, str(dtype), op, list(args), span)


@_reg("CommReducer")
class CommReducer(Node):
    """A commutative reducer (see te.comm_reducer)."""

    __slots__ = ()

    def __init__(self, lhs, rhs, result, identity_element, span=None):
        self.__init_handle_by_constructor__(
            _ffi_api.CommReducer, list(lhs), list(rhs), list(result), list(identity_element), span
        )

    def __call__(self, *args):
        n = len(self.lhs)
        return list(_ffi_api.CommReducerCombine(self, list(args[:n]), list(args[n:])))

    def __str__(self):
        return _ffi_api.AsScript(self)

    __repr__ = __str__


@_reg("Reduce")
class Reduce(PrimExprWithOp):
    __slots__ = ()

    def __init__(self, combiner, src, rdom, condition, value_index, init=None, span=None):
        self.__init_handle_by_constructor__(
            _ffi_api.Reduce, combiner, list(src), list(rdom), condition, value_index,
            list(init or []), span
        )
