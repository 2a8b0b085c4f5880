"""tvm.arith.Analyzer.rewrite_simplify: each rule family, with a negative case."""
import tvm
from tvm import tir


def _ana():
    ana = tvm.arith.Analyzer()
    x, y, z, w = (tir.Var(s, "int32") for s in "xyzw")
    ana.bind(y, tvm.ir.Range(0, 8))
    ana.bind(z, tvm.ir.Range(0, 9))
    return ana, x, y, z, w


def _eq(a, b):
    return tvm.ir.structural_equal(a, b)


def test_cancellation():
    """(x + 1) - x -> 1; an irreducible sum is kept."""
    ana, x, _, _, w = _ana()
    assert _eq(ana.rewrite_simplify((x + 1) - x), tir.const(1, "int32"))
    keep = x * 2 + w
    assert _eq(ana.rewrite_simplify(keep), keep)


def test_floordiv_floormod():
    """floordiv(x*8 + y, 8) -> x and floormod -> y only when 0 <= y < 8."""
    ana, x, y, z, _ = _ana()
    assert _eq(ana.rewrite_simplify((x * 8 + y) // 8), x)
    assert _eq(ana.rewrite_simplify((x * 8 + y) % 8), y)
    # z may be 8.
    assert not _eq(ana.rewrite_simplify((x * 8 + z) // 8), x)
    assert not _eq(ana.rewrite_simplify((x * 8 + z) % 8), z)


def test_min_max():
    """min(x, x + 1) -> x; min(x, w) unknown."""
    ana, x, y, z, w = _ana()
    assert _eq(ana.rewrite_simplify(tir.min(x, x + 1)), x)
    assert _eq(ana.rewrite_simplify(tir.max(y, 0)), y)
    keep = tir.min(x, w)
    assert _eq(ana.rewrite_simplify(keep), keep)
    keep = tir.min(z, 7)
    assert _eq(ana.rewrite_simplify(keep), keep)


def test_comparisons():
    """x < x + 1 -> true; y < 8 -> true for y in [0, 8); z < 8 undecided."""
    ana, x, y, z, w = _ana()
    assert _eq(ana.rewrite_simplify(x < x + 1), tir.const(True, "bool"))
    assert _eq(ana.rewrite_simplify(y < 8), tir.const(True, "bool"))
    assert _eq(ana.rewrite_simplify(x * 4 < w * 4), x < w)
    assert not isinstance(ana.rewrite_simplify(z < 8), tir.IntImm)


def test_tail_condition_with_constraint():
    """i*4 + j < n*4 with j < 4 under i < n is true; outside the scope it is not decided."""
    ana = tvm.arith.Analyzer()
    i, j, n = (tir.Var(s, "int32") for s in "ijn")
    ana.bind(j, tvm.ir.Range(0, 4))
    cond = i * 4 + j < n * 4
    with ana.constraint_scope(i < n):
        assert ana.can_prove(cond)
    assert not ana.can_prove(cond)


def test_logic():
    """c && !c -> false; c || !c -> true; c && d kept."""
    ana, x, _, _, w = _ana()
    c = x < w
    assert _eq(ana.rewrite_simplify(tir.And(c, tir.Not(c))), tir.const(False, "bool"))
    assert _eq(ana.rewrite_simplify(tir.Or(c, tir.Not(c))), tir.const(True, "bool"))
    keep = tir.And(c, w < 3)
    assert _eq(ana.rewrite_simplify(keep), keep)


def test_select_branches_use_condition():
    """select(x < 5, min(x, 5), 0) -> select(x < 5, x, 0); with x < 7 the min stays."""
    ana, x, _, _, _ = _ana()
    zero = tir.const(0, "int32")
    assert _eq(ana.rewrite_simplify(tir.Select(x < 5, tir.min(x, 5), zero)),
               tir.Select(x < 5, x, zero))
    keep = tir.Select(x < 7, tir.min(x, 5), zero)
    assert _eq(ana.rewrite_simplify(keep), keep)


def test_ramp_and_broadcast_arithmetic():
    """Lane-wise + - * of ramps and broadcasts fold into one ramp or broadcast; a ramp times a
    ramp (not affine in the lane) is kept."""
    ana, x, y, _, _ = _ana()
    R, Bc = tir.Ramp, tir.Broadcast
    assert _eq(ana.rewrite_simplify(Bc(x * 64, 16) + R(0, 1, 16)), R(x * 64, 1, 16))
    assert _eq(ana.rewrite_simplify(R(x, 2, 8) + R(y, 1, 8)), R(x + y, 3, 8))
    assert _eq(ana.rewrite_simplify(R(x, 1, 4) - Bc(x, 4)), R(tir.const(0, "int32"), 1, 4))
    assert _eq(ana.rewrite_simplify(Bc(x, 4) - R(0, 1, 4)), R(x, -1, 4))
    assert _eq(ana.rewrite_simplify(R(x, 1, 4) * Bc(3, 4)), R(x * 3, 3, 4))
    assert _eq(ana.rewrite_simplify(Bc(x, 4) * Bc(y, 4)), Bc(x * y, 4))
    keep = R(x, 1, 4) * R(y, 1, 4)
    assert _eq(ana.rewrite_simplify(keep), keep)


def test_floordiv_floormod_of_a_ramp_within_one_period():
    """ramp(32*x, 1, 32) // 32 is broadcast(x) and % 32 is ramp(0, 1, 32); a ramp crossing a
    period boundary (base 32*x + 8) is kept."""
    ana, x, _, _, _ = _ana()
    R, Bc = tir.Ramp, tir.Broadcast
    assert _eq(ana.rewrite_simplify(tir.floordiv(R(x * 32, 1, 32), Bc(32, 32))), Bc(x, 32))
    assert _eq(ana.rewrite_simplify(tir.floormod(R(x * 32, 1, 32), Bc(32, 32))),
               R(tir.const(0, "int32"), 1, 32))
    assert _eq(ana.rewrite_simplify(tir.floormod(R(x * 32 + 4, 2, 8), Bc(32, 8))),
               R(tir.const(4, "int32"), 2, 8))
    crossing = tir.floordiv(R(x * 32 + 8, 1, 32), Bc(32, 32))
    assert not isinstance(ana.rewrite_simplify(crossing), tir.Broadcast)
