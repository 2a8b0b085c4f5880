"""BF16ComputeLegalize: bfloat16 arithmetic is rewritten to float32 arithmetic with casts."""
import tvm
from tvm import tir


def _run(expr, dtype="bfloat16"):
    A = tir.decl_buffer((1,), dtype, "A")
    f = tir.PrimFunc([A], tir.BufferStore(A, expr, [0]))
    mod = tvm.tir.transform.BF16ComputeLegalize()(tvm.IRModule({"main": f}))
    return mod["main"].body.value


def test_add_is_computed_in_float32_and_rounded_back():
    """a + b on bfloat16 becomes bfloat16(float32(a) + float32(b))."""
    a, b = tir.Var("a", "bfloat16"), tir.Var("b", "bfloat16")
    expected = tir.Cast("bfloat16", tir.Cast("float32", a) + tir.Cast("float32", b))
    tvm.ir.assert_structural_equal(_run(a + b), expected)


def test_comparison_and_intrinsic_operands_are_widened():
    """A comparison of bfloat16 values compares float32; exp runs on float32 and rounds."""
    a, b = tir.Var("a", "bfloat16"), tir.Var("b", "bfloat16")
    tvm.ir.assert_structural_equal(_run(a < b, "bool"),
                                   tir.Cast("float32", a) < tir.Cast("float32", b))
    tvm.ir.assert_structural_equal(_run(tir.exp(a)),
                                   tir.Cast("bfloat16", tir.exp(tir.Cast("float32", a))))


def test_constant_becomes_a_cast_float32_constant():
    """A bfloat16 constant becomes the cast of a float32 constant (code generators have no
    bfloat16 constants)."""
    tvm.ir.assert_structural_equal(_run(tir.const(1.5, "bfloat16")),
                                   tir.Cast("bfloat16", tir.const(1.5, "float32")))


def test_other_types_are_untouched():
    """A float32 program is returned unchanged."""
    x = tir.Var("x", "float32")
    A = tir.decl_buffer((1,), "float32", "A")
    f = tir.PrimFunc([A], tir.BufferStore(A, x * 2.0 + 1.0, [0]))
    mod = tvm.IRModule({"main": f})
    assert tvm.tir.transform.BF16ComputeLegalize()(mod)["main"].same_as(mod["main"])
