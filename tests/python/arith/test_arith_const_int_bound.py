"""tvm.arith.Analyzer.const_int_bound: exact simple bounds and soundness by brute force."""
import itertools

import tvm
from tvm import tir


def _bound(ana, expr):
    b = ana.const_int_bound(expr)
    return b.min_value, b.max_value


def test_add_sub_mul():
    """Interval images of + - * over bound variables."""
    ana = tvm.arith.Analyzer()
    x, y = tir.Var("x", "int32"), tir.Var("y", "int32")
    ana.bind(x, tvm.ir.Range(0, 10))
    ana.bind(y, tvm.ir.Range(-3, 1))
    assert _bound(ana, x + y) == (-3, 9)
    assert _bound(ana, x - y) == (0, 12)
    assert _bound(ana, x * y) == (-27, 0)


def test_division_rounding():
    """floordiv rounds toward -inf, truncdiv toward zero."""
    ana = tvm.arith.Analyzer()
    x = tir.Var("x", "int32")
    ana.bind(x, tvm.ir.Range(-3, 7))
    assert _bound(ana, x // 2) == (-2, 3)
    assert _bound(ana, tir.truncdiv(x, 2)) == (-1, 3)
    assert _bound(ana, x % 4) == (0, 3)
    assert _bound(ana, tir.truncmod(x, 4)) == (-3, 3)


def test_infinity_and_update():
    """An unbound int64 variable is unbounded; update() sets a bound."""
    ana = tvm.arith.Analyzer()
    x = tir.Var("x", "int64")
    b = ana.const_int_bound(x)
    assert b.min_value == tvm.arith.ConstIntBound.NEG_INF
    assert b.max_value == tvm.arith.ConstIntBound.POS_INF
    ana.update(x, tvm.arith.ConstIntBound(1, 5))
    assert _bound(ana, x * 2) == (2, 10)


def test_constraint_scope():
    """Bounds tighten inside a constraint scope and come back after it."""
    ana = tvm.arith.Analyzer()
    x = tir.Var("x", "int32")
    ana.bind(x, tvm.ir.Range(0, 100))
    with ana.constraint_scope(tir.all(x >= 5, x < 12)):
        assert _bound(ana, x) == (5, 11)
    assert _bound(ana, x) == (0, 99)


def test_brute_force_soundness():
    """Every value taken over the small domain lies inside the reported bound."""
    x, y = tir.Var("x", "int32"), tir.Var("y", "int32")
    xs, ys = range(-5, 7), range(1, 5)
    cases = {
        "x*y - 3": (x * y - 3, lambda a, b: a * b - 3),
        "x//y": (x // y, lambda a, b: a // b),
        "x%y": (x % y, lambda a, b: a % b),
        "min*max": (tir.min(x, y) * tir.max(x, 0), lambda a, b: min(a, b) * max(a, 0)),
        "(3x+y)//4": ((x * 3 + y) // 4, lambda a, b: (3 * a + b) // 4),
        "select": (tir.Select(x < y, x - y, y * 2), lambda a, b: a - b if a < b else 2 * b),
    }
    ana = tvm.arith.Analyzer()
    ana.bind(x, tvm.ir.Range(xs.start, xs.stop))
    ana.bind(y, tvm.ir.Range(ys.start, ys.stop))
    for name, (expr, ref) in cases.items():
        values = [ref(a, b) for a, b in itertools.product(xs, ys)]
        lo, hi = _bound(ana, expr)
        assert lo <= min(values) and hi >= max(values), name
