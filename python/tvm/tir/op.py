"""TIR operators: constants, intrinsic calls, and arithmetic helpers."""
from ..ir import Op, PrimExpr
from ..runtime import convert as _convert
from . import _ffi_api
from .expr import Call, StringImm


def const(value, dtype=None, span=None):
    """A constant. Without a dtype: int32 (int64 if large), float32 or bool."""
    if isinstance(value, bool):
        dtype = dtype or "bool"
        return _ffi_api.const_int(int(value), str(dtype), span)
    if isinstance(value, int):
        if dtype is None:
            dtype = "int32" if -(2**31) <= value < 2**31 else "int64"
        return _ffi_api.const_int(value, str(dtype), span) if not str(dtype).startswith(("float", "bfloat")) \
            else _ffi_api.const_float(float(value), str(dtype), span)
    if isinstance(value, float):
        dtype = dtype or "float32"
        if str(dtype).startswith(("int", "uint")):
            return _ffi_api.const_int(int(value), str(dtype), span)
        return _ffi_api.const_float(value, str(dtype), span)
    if hasattr(value, "dtype") and hasattr(value, "item"):  # numpy scalar
        return const(value.item(), dtype or str(value.dtype), span)
    raise TypeError(f"const: expected a number, got {type(value).__name__}")


def _unary(name):
    def f(x, span=None):
        return _ffi_api.CallUnaryIntrin(name, x, span)

    f.__name__ = name
    f.__doc__ = f"The elementwise {name} intrinsic (float operands)."
    return f


exp = _unary("exp")
exp2 = _unary("exp2")
exp10 = _unary("exp10")
log = _unary("log")
log2 = _unary("log2")
log10 = _unary("log10")
log1p = _unary("log1p")
sqrt = _unary("sqrt")
rsqrt = _unary("rsqrt")
tanh = _unary("tanh")
sigmoid = _unary("sigmoid")
erf = _unary("erf")
floor = _unary("floor")
ceil = _unary("ceil")
round = _unary("round")  # pylint: disable=redefined-builtin
nearbyint = _unary("nearbyint")
trunc = _unary("trunc")
popcount = _unary("popcount")
clz = _unary("clz")
sin = _unary("sin")
cos = _unary("cos")
tan = _unary("tan")
sinh = _unary("sinh")
cosh = _unary("cosh")
asin = _unary("asin")
acos = _unary("acos")
atan = _unary("atan")
fabs = _unary("fabs")


def abs(x, span=None):  # pylint: disable=redefined-builtin
    """Absolute value (any numeric type)."""
    return _ffi_api.abs(x, span)


def power(x, y, span=None):
    """x ** y (float)."""
    return _ffi_api._OpPow(x, y, span)


pow = power  # pylint: disable=redefined-builtin


def fma(a, b, c, span=None):
    return _ffi_api.fma(a, b, c, span)


def isnan(x, span=None):
    return _ffi_api.isnan(x, span)


def isinf(x, span=None):
    return _ffi_api.isinf(x, span)


def isfinite(x, span=None):
    return _ffi_api.isfinite(x, span)


def if_then_else(cond, t, f, span=None):
    """cond ? t : f, evaluating only the side taken."""
    return _ffi_api._OpIfThenElse(cond, t, f, span)


def likely(cond, span=None):
    return _ffi_api.likely(cond, span)


def reinterpret(dtype, value, span=None):
    return _ffi_api.reinterpret(str(dtype), value, span)


def truncdiv(a, b, span=None):
    return _ffi_api._OpTruncDiv(a, b, span)


def truncmod(a, b, span=None):
    return _ffi_api._OpTruncMod(a, b, span)


def floordiv(a, b, span=None):
    return _ffi_api._OpFloorDiv(a, b, span)


def floormod(a, b, span=None):
    return _ffi_api._OpFloorMod(a, b, span)


def indexdiv(a, b, span=None):
    return _ffi_api._OpIndexDiv(a, b, span)


def indexmod(a, b, span=None):
    return _ffi_api._OpIndexMod(a, b, span)


def div(a, b, span=None):
    """Division: float division, or truncating division for ints."""
    return _ffi_api._OpDiv(a, b, span)


def min(a, b, span=None):  # pylint: disable=redefined-builtin
    return _ffi_api._OpMin(a, b, span)


def max(a, b, span=None):  # pylint: disable=redefined-builtin
    return _ffi_api._OpMax(a, b, span)


def min_value(dtype, span=None):
    return _ffi_api.min_value(str(dtype))


def max_value(dtype, span=None):
    return _ffi_api.max_value(str(dtype))


def all(*args, span=None):  # pylint: disable=redefined-builtin
    """The conjunction of boolean expressions."""
    if not args:
        raise ValueError("tvm.tir.all needs at least one argument")
    r = args[0]
    for a in args[1:]:
        r = _ffi_api._OpAnd(r, a, span)
    return r


def any(*args, span=None):  # pylint: disable=redefined-builtin
    """The disjunction of boolean expressions."""
    if not args:
        raise ValueError("tvm.tir.any needs at least one argument")
    r = args[0]
    for a in args[1:]:
        r = _ffi_api._OpOr(r, a, span)
    return r


def bitwise_and(x, y, span=None):
    return _ffi_api.bitwise_and(x, y, span)


def bitwise_or(x, y, span=None):
    return _ffi_api.bitwise_or(x, y, span)


def bitwise_xor(x, y, span=None):
    return _ffi_api.bitwise_xor(x, y, span)


def bitwise_not(x, span=None):
    return _ffi_api.bitwise_not(x, span)


def shift_left(x, y, span=None):
    return _ffi_api.left_shift(x, y, span)


def shift_right(x, y, span=None):
    return _ffi_api.right_shift(x, y, span)


def call_intrin(dtype, func_name, *args, span=None):
    """A call of the op `func_name` ("tir.exp" or "exp")."""
    name = func_name if func_name.startswith("tir.") else "tir." + func_name
    return Call(dtype, Op.get(name), list(args), span)


def call_pure_extern(dtype, func_name, *args, span=None):
    """A call of a side-effect-free external C function."""
    return Call(dtype, Op.get("tir.call_pure_extern"), [StringImm(func_name)] + list(args), span)


def call_extern(dtype, func_name, *args, span=None):
    """A call of an external C function."""
    return Call(dtype, Op.get("tir.call_extern"), [StringImm(func_name)] + list(args), span)


def call_llvm_pure_intrin(dtype, name, *args, span=None):
    """A call of an LLVM intrinsic by name (e.g. "llvm.fma")."""
    return Call(dtype, Op.get("tir.call_llvm_pure_intrin"), [StringImm(name)] + list(args), span)


def _pack_buffer(buf, span=None):
    """A DLTensor on the stack describing `buf`, for passing it to a packed function."""
    from .expr import Cast, IntImm  # pylint: disable=import-outside-toplevel

    def shape_of(dims):
        return Call("handle", Op.get("tir.tvm_stack_make_shape"), list(dims), span)

    strides = shape_of(buf.strides) if buf.strides else _convert(0)
    dtype_hint = Cast(buf.dtype, _convert(0)) if buf.dtype != "bool" else IntImm("bool", 0)
    args = [buf.data, shape_of(buf.shape), strides, _convert(len(buf.shape)), dtype_hint,
            buf.elem_offset]
    return Call("handle", Op.get("tir.tvm_stack_make_array"), args, span)


def call_packed(*args, span=None):
    """A call of a global packed function by name: call_packed("name", arg, ...).

    A tir.Buffer argument is passed as a DLTensor viewing the buffer's memory, so the callee
    (C++ or Python, registered with tvm.register_func) receives an array.
    """
    from .buffer import Buffer  # pylint: disable=import-outside-toplevel

    args = list(args)
    if not args or not isinstance(args[0], (str, StringImm)):
        raise TypeError("call_packed: the first argument must be the function name (a str)")
    if isinstance(args[0], str):
        args[0] = StringImm(args[0])
    args = [_pack_buffer(a, span) if isinstance(a, Buffer) else a for a in args]
    return Call("int32", Op.get("tir.tvm_call_packed"), args, span)


def type_annotation(dtype, span=None):
    """A placeholder expression whose only meaning is its dtype."""
    return Call(dtype, Op.get("tir.type_annotation"), [], span)


def ret(val, span=None):
    return Call(val.dtype, Op.get("tir.ret"), [val], span)
