"""Elementwise ops: broadcasting binary arithmetic, comparisons, logical ops and unary math."""
from . import _make

__all__ = []


def _binary(name, doc):
    def f(lhs, rhs):
        return getattr(_make, name)(lhs, rhs)

    f.__name__ = name
    f.__doc__ = f"{doc} (numpy broadcasting)."
    __all__.append(name)
    return f


def _unary(name, doc):
    def f(data):
        return getattr(_make, name)(data)

    f.__name__ = name
    f.__doc__ = f"{doc}, elementwise."
    __all__.append(name)
    return f


add = _binary("add", "lhs + rhs")
subtract = _binary("subtract", "lhs - rhs")
multiply = _binary("multiply", "lhs * rhs")
divide = _binary("divide", "lhs / rhs")
power = _binary("power", "lhs ** rhs")
maximum = _binary("maximum", "max(lhs, rhs)")
minimum = _binary("minimum", "min(lhs, rhs)")
floor_divide = _binary("floor_divide", "floor(lhs / rhs)")
mod = _binary("mod", "lhs mod rhs, with the sign of lhs")
floor_mod = _binary("floor_mod", "lhs mod rhs, with the sign of rhs")
equal = _binary("equal", "lhs == rhs (bool)")
not_equal = _binary("not_equal", "lhs != rhs (bool)")
less = _binary("less", "lhs < rhs (bool)")
less_equal = _binary("less_equal", "lhs <= rhs (bool)")
greater = _binary("greater", "lhs > rhs (bool)")
greater_equal = _binary("greater_equal", "lhs >= rhs (bool)")
logical_and = _binary("logical_and", "lhs and rhs")
logical_or = _binary("logical_or", "lhs or rhs")
logical_xor = _binary("logical_xor", "lhs xor rhs")
trunc_divide = _binary("trunc_divide", "trunc(lhs / rhs)")
trunc_mod = _binary("trunc_mod", "lhs - trunc(lhs / rhs) * rhs")
bitwise_and = _binary("bitwise_and", "lhs & rhs")
bitwise_or = _binary("bitwise_or", "lhs | rhs")
bitwise_xor = _binary("bitwise_xor", "lhs ^ rhs")
left_shift = _binary("left_shift", "lhs << rhs")
right_shift = _binary("right_shift", "lhs >> rhs")

negative = _unary("negative", "-x")
abs = _unary("abs", "|x|")  # pylint: disable=redefined-builtin
exp = _unary("exp", "e ** x")
log = _unary("log", "ln(x)")
sqrt = _unary("sqrt", "x ** 0.5")
rsqrt = _unary("rsqrt", "1 / x ** 0.5")
tanh = _unary("tanh", "tanh(x)")
sigmoid = _unary("sigmoid", "1 / (1 + e ** -x)")
erf = _unary("erf", "erf(x)")
floor = _unary("floor", "floor(x)")
ceil = _unary("ceil", "ceil(x)")
round = _unary("round", "round(x)")  # pylint: disable=redefined-builtin
sign = _unary("sign", "sign(x)")
sin = _unary("sin", "sin(x)")
cos = _unary("cos", "cos(x)")
logical_not = _unary("logical_not", "not x")
tan = _unary("tan", "tan(x)")
sinh = _unary("sinh", "sinh(x)")
cosh = _unary("cosh", "cosh(x)")
asin = _unary("asin", "arcsin(x)")
acos = _unary("acos", "arccos(x)")
atan = _unary("atan", "arctan(x)")
trunc = _unary("trunc", "trunc(x)")
bitwise_not = _unary("bitwise_not", "~x")
isnan = _unary("isnan", "x is NaN (bool)")
isinf = _unary("isinf", "x is infinite (bool)")
isfinite = _unary("isfinite", "x is finite (bool)")
copy = _unary("copy", "x")
zeros_like = _unary("zeros_like", "0 of x's type")
ones_like = _unary("ones_like", "1 of x's type")


def clip(a, a_min, a_max):
    """min(max(a, a_min), a_max), elementwise."""
    return _make.clip(a, float(a_min), float(a_max))


__all__.append("clip")
