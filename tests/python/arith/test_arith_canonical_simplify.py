"""tvm.arith.Analyzer.canonical_simplify: normal form and split/fuse index arithmetic."""
import tvm
from tvm import tir


def _eq(a, b):
    return tvm.ir.structural_equal(a, b)


def test_equal_sums_normalise_equal():
    """Two spellings of one affine expression have one canonical form."""
    ana = tvm.arith.Analyzer()
    x, y = tir.Var("x", "int32"), tir.Var("y", "int32")
    a = ana.canonical_simplify(x * 2 + y + x + 2)
    b = ana.canonical_simplify(y + (x + 2) * 3 - 4)
    assert _eq(a, b)
    assert _eq(ana.canonical_simplify((x + y) - (y + x)), tir.const(0, "int32"))


def test_split_merges_back():
    """floordiv(i, 8)*8 + floormod(i, 8) -> i, for two and three levels."""
    ana = tvm.arith.Analyzer()
    i = tir.Var("i", "int32")
    assert _eq(ana.canonical_simplify(i // 8 * 8 + i % 8), i)
    assert _eq(ana.canonical_simplify(i // 32 * 32 + i // 8 % 4 * 8 + i % 8), i)


def test_split_does_not_merge_when_mismatched():
    """A wrong scale or another index does not merge."""
    ana = tvm.arith.Analyzer()
    i, j = tir.Var("i", "int32"), tir.Var("j", "int32")
    assert not _eq(ana.canonical_simplify(i // 8 * 4 + i % 8), i)
    assert not _eq(ana.canonical_simplify(i // 8 * 8 + j % 8), i)


def test_fuse_then_split():
    """io*8 + ii with ii in [0, 8) splits back to io and ii; not when ii may be 8."""
    ana = tvm.arith.Analyzer()
    io, ii = tir.Var("io", "int32"), tir.Var("ii", "int32")
    ana.bind(io, tvm.ir.Range(0, 16))
    ana.bind(ii, tvm.ir.Range(0, 8))
    fused = io * 8 + ii
    assert _eq(ana.canonical_simplify(fused // 8), io)
    assert _eq(ana.canonical_simplify(fused % 8), ii)
    assert _eq(ana.simplify(fused // 8 * 8 + fused % 8), fused)
    ana2 = tvm.arith.Analyzer()
    ana2.bind(io, tvm.ir.Range(0, 16))
    ana2.bind(ii, tvm.ir.Range(0, 9))
    assert not _eq(ana2.canonical_simplify(fused // 8), io)


def test_simplify_and_prove():
    """Analyzer.simplify and can_prove on split indices."""
    ana = tvm.arith.Analyzer()
    i = tir.Var("i", "int32")
    ana.bind(i, tvm.ir.Range(0, 64))
    assert _eq(ana.simplify(i // 8 * 8 + i % 8), i)
    assert ana.can_prove(i // 8 < 8)
    assert not ana.can_prove(i // 8 < 7)
