"""tvm.arith.IntSet and Analyzer.int_set: the interval an expression covers."""
import tvm
from tvm import tir
from tvm.arith import IntSet


def _ends(s):
    return s.min_value.value, s.max_value.value


def test_split_index_region():
    """io*8 + ii over io in [0, 3], ii in [0, 7] covers [0, 31]."""
    ana = tvm.arith.Analyzer()
    io, ii = tir.Var("io", "int32"), tir.Var("ii", "int32")
    s = ana.int_set(io * 8 + ii, {io: IntSet.interval(0, 3), ii: IntSet.interval(0, 7)})
    assert _ends(s) == (0, 31)


def test_symbolic_interval():
    """i + k over i in [0, n - 1] is [k, n + k - 1]."""
    ana = tvm.arith.Analyzer()
    i, n, k = (tir.Var(s, "int32") for s in "ink")
    s = ana.int_set(i + k, {i: IntSet.from_range(tvm.ir.Range(0, n))})
    assert ana.can_prove_equal(s.min_value, k)
    assert ana.can_prove_equal(s.max_value, n + k - 1)


def test_div_mod_and_negative_scale():
    """Negative scales swap ends; floormod inside one period keeps the interval."""
    ana = tvm.arith.Analyzer()
    i = tir.Var("i", "int32")
    dom = {i: IntSet.interval(2, 9)}
    assert _ends(ana.int_set(i * -2, dom)) == (-18, -4)
    assert _ends(ana.int_set(i // 4, dom)) == (0, 2)
    assert _ends(ana.int_set(i % 4, dom)) == (0, 3)
    assert _ends(ana.int_set(i % 16, dom)) == (2, 9)


def test_set_constructors_and_operations():
    """single_point / everything / nothing / union / intersect."""
    assert IntSet.single_point(3).is_single_point()
    assert IntSet.everything().is_everything()
    assert IntSet.nothing().is_nothing()
    u = IntSet.union([IntSet.interval(0, 4), IntSet.interval(2, 9)])
    assert _ends(u) == (0, 9)
    n = IntSet.intersect([IntSet.interval(0, 4), IntSet.interval(2, 9)])
    assert _ends(n) == (2, 4)
    assert IntSet.intersect([IntSet.interval(0, 4), IntSet.interval(6, 7)]).is_nothing()
    everything = tvm.arith.Analyzer().int_set(tir.Var("j", "int32"), {})
    assert everything.is_single_point()
