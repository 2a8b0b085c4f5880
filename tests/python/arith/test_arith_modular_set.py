"""tvm.arith.Analyzer.modular_set: coeff * k + base facts."""
import tvm
from tvm import tir


def _mod(ana, expr):
    m = ana.modular_set(expr)
    return m.coeff, m.base


def test_linear():
    """Sums and scaled variables keep the gcd of their coefficients."""
    ana = tvm.arith.Analyzer()
    x, y = tir.Var("x", "int32"), tir.Var("y", "int32")
    assert _mod(ana, x * 8 + 3) == (8, 3)
    assert _mod(ana, x * 6 + y * 4) == (2, 0)
    assert _mod(ana, (x * 4 + 2) * 3) == (12, 6)


def test_floordiv_floormod():
    """floordiv by a divisor of the coefficient divides it; otherwise nothing is known."""
    ana = tvm.arith.Analyzer()
    x = tir.Var("x", "int32")
    assert _mod(ana, (x * 8 + 5) // 4) == (2, 1)
    assert _mod(ana, (x * 8 + 5) % 4) == (0, 1)
    assert _mod(ana, (x * 6 + 1) // 4) == (1, 0)


def test_bound_variable():
    """A variable bound to an expression has that expression's modular set."""
    ana = tvm.arith.Analyzer()
    x, y = tir.Var("x", "int32"), tir.Var("y", "int32")
    ana.bind(y, x * 16 + 4)
    assert _mod(ana, y) == (16, 4)
