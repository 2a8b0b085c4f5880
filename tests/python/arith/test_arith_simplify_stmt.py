"""tir.analysis.SimplifyStmt: simplification of a statement with loop and branch facts."""
import tvm
from tvm import tir

simplify_stmt = tvm.get_global_func("tir.analysis.SimplifyStmt")


def _store(buf, index):
    return tir.BufferStore(buf, tir.const(1.0, "float32"), [index])


def test_split_loop_guard_removed():
    """The tail guard of an exact split disappears and the index is simplified."""
    a = tir.decl_buffer((64,), "float32", "A")
    io, ii = tir.Var("io", "int32"), tir.Var("ii", "int32")
    idx = io * 8 + ii
    before = tir.For(io, 0, 8, tir.ForKind.SERIAL,
                     tir.For(ii, 0, 8, tir.ForKind.SERIAL,
                             tir.IfThenElse(idx < 64, _store(a, idx // 8 * 8 + idx % 8), None)))
    expected = tir.For(io, 0, 8, tir.ForKind.SERIAL,
                       tir.For(ii, 0, 8, tir.ForKind.SERIAL, _store(a, idx)))
    assert tvm.ir.structural_equal(simplify_stmt(before), expected)


def test_unproven_guard_kept():
    """A guard that may fail stays, and its fact is used inside the branch."""
    a = tir.decl_buffer((64,), "float32", "A")
    i, n = tir.Var("i", "int32"), tir.Var("n", "int32")
    before = tir.For(i, 0, 64, tir.ForKind.SERIAL,
                     tir.IfThenElse(i < n, tir.IfThenElse(i < n + 1, _store(a, i), None), None))
    expected = tir.For(i, 0, 64, tir.ForKind.SERIAL, tir.IfThenElse(i < n, _store(a, i), None))
    assert tvm.ir.structural_equal(simplify_stmt(before), expected)
