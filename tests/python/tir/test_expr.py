"""TIR expressions: constructors, type rules of the operators, constant folding, errors."""
import pytest

import tvm
from tvm import tir


def test_binary_operators_build_the_matching_nodes():
    """Python operators on PrimExprs build Add/Sub/Mul/FloorDiv/FloorMod/comparison nodes."""
    x = tir.Var("x", "int32")
    y = tir.Var("y", "int32")
    assert isinstance(x + y, tir.Add)
    assert isinstance(x - y, tir.Sub)
    assert isinstance(x * y, tir.Mul)
    assert isinstance(x // y, tir.FloorDiv)
    assert isinstance(x % y, tir.FloorMod)
    assert isinstance(x < y, tir.LT)
    assert isinstance(x >= y, tir.GE)
    assert isinstance((x == y).asobject(), tir.EQ)
    assert isinstance(tir.truncdiv(x, y), tir.Div)
    assert isinstance(tir.truncmod(x, y), tir.Mod)
    assert isinstance(tir.min(x, y), tir.Min)


def test_constants_take_the_type_of_the_other_operand():
    """A Python number meeting a typed expression takes that expression's type."""
    for dtype in ["int8", "int16", "int64", "uint8", "float16", "float64"]:
        v = tir.Var("v", dtype)
        assert (v + 1).dtype == dtype
        assert (2 * v).dtype == dtype


def test_int_and_float_promote_to_float_and_narrow_widens():
    """int + float is float (the int is cast); int8 + int32 widens to int32."""
    i = tir.Var("i", "int32")
    f = tir.Var("f", "float32")
    e = i + f
    assert e.dtype == "float32"
    assert isinstance(e.a, tir.Cast)
    a = tir.Var("a", "int8")
    assert (a + i).dtype == "int32"


def test_constant_folding():
    """Integer and float constants fold; x + 0, x * 1 simplify; floor semantics are Python's."""
    x = tir.Var("x", "int32")
    assert int(tir.const(2) + tir.const(3)) == 5
    assert (x + 0).same_as(x)
    assert (x * 1).same_as(x)
    assert int(tir.floordiv(tir.const(-7), tir.const(2))) == -7 // 2
    assert int(tir.floormod(tir.const(-7), tir.const(2))) == -7 % 2
    assert int(tir.truncdiv(tir.const(-7), tir.const(2))) == -3
    assert int(tir.truncmod(tir.const(-7), tir.const(2))) == -1
    assert float(tir.const(1.5) * tir.const(2.0)) == 3.0


def test_overflowing_fold_is_left_to_run_time():
    """A constant fold whose result does not fit the type is not performed."""
    a = tir.const(100, "int8")
    e = a + tir.const(100, "int8")
    assert isinstance(e, tir.Add)


def test_overflowing_64_bit_fold_is_left_to_run_time():
    """64-bit folds that overflow (int64 past 2^63 - 1, uint64 past what an IntImm holds,
    2^63 - 1) stay expressions instead of wrapping or failing; those that fit fold."""
    big = tir.const(2**62, "int64")
    assert isinstance(big * tir.const(4, "int64"), tir.Mul)
    assert isinstance(big + big, tir.Add)
    u = tir.const(0xFFFFFFFF, "uint64") * tir.const(0xD2511F53, "uint64")
    assert isinstance(u, tir.Mul)
    assert (tir.const(0xFFFFFFFF, "uint64") * tir.const(3, "uint64")).value == 3 * 0xFFFFFFFF
    assert (tir.const(-(2**62), "int64") - tir.const(2**62, "int64")).value == -(2**63)


def test_true_division_of_integers_is_refused():
    """'/' on two integer expressions is ambiguous and raises TypeError naming the options."""
    x = tir.Var("x", "int32")
    with pytest.raises(TypeError, match="floor division"):
        _ = x / 2
    f = tir.Var("f", "float32")
    assert isinstance(f / 2.0, tir.Div)


def test_prim_expr_has_no_truth_value():
    """Using a symbolic comparison in `if` raises a clear ValueError."""
    x = tir.Var("x", "int32")
    with pytest.raises(ValueError, match="tvm.tir.all"):
        bool(x < 3)


def test_constructor_type_errors_name_the_node_and_types():
    """Building a node with mismatched operand types is a TypeError naming both types."""
    x = tir.Var("x", "int32")
    f = tir.Var("f", "float32")
    with pytest.raises(TypeError, match=r"tir.Add.*int32 and float32"):
        tir.Add(x, f)
    with pytest.raises(TypeError, match="condition must be bool"):
        tir.Select(x, x, x)
    with pytest.raises(TypeError, match="needs a float operand"):
        tir.exp(x)


def test_intimm_range_is_checked():
    """An IntImm whose value does not fit its dtype is a ValueError."""
    with pytest.raises(ValueError, match="does not fit in int8"):
        tir.IntImm("int8", 300)
    with pytest.raises(ValueError, match="unsigned"):
        tir.IntImm("uint8", -1)
    assert tir.IntImm("int64", 2**40).value == 2**40


def test_vector_nodes():
    """Ramp and Broadcast produce vector types; scalars broadcast against vectors."""
    x = tir.Var("x", "int32")
    r = tir.Ramp(x, 1, 8)
    assert r.dtype == "int32x8"
    b = tir.Broadcast(tir.const(1.0), 16)
    assert b.dtype == "float32x16"
    assert (r + x).dtype == "int32x8"
    with pytest.raises(TypeError, match="more than one lane"):
        tir.Ramp(x, 1, 1)


def test_intrinsics_are_calls_of_registered_ops():
    """tir.exp and friends are Calls of the ops tir.exp, ... with the operand's dtype."""
    f = tir.Var("f", "float32")
    for name in ["exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "erf", "floor", "ceil",
                 "round", "trunc", "fabs", "exp2", "log2"]:
        call = getattr(tir, name)(f)
        assert isinstance(call, tir.Call)
        assert call.op.name == "tir." + name
        assert call.dtype == "float32"
    assert tir.popcount(tir.Var("i", "int32")).op.name == "tir.popcount"
    assert tvm.ir.Op.get("tir.exp").get_attr("TCallEffectKind") == 1  # pure


def test_if_then_else_folds_constant_conditions():
    """if_then_else with a constant condition picks a side; otherwise it is a call."""
    x = tir.Var("x", "int32")
    assert tir.if_then_else(tir.const(True), x, x + 1).same_as(x)
    e = tir.if_then_else(x > 0, x, 0)
    assert isinstance(e, tir.Call) and e.op.name == "tir.if_then_else"


def test_printer_parenthesises_by_precedence():
    """The printer adds parentheses only where precedence requires them."""
    x = tir.Var("x", "int32")
    y = tir.Var("y", "int32")
    assert str((x + y) * 2) == "(x + y) * 2"
    assert str(x + y * 2) == "x + y * 2"
    assert str(x - (y - 1)) == "x - (y - 1)"
    assert str((x * 2 + 1) // 4) == "(x * 2 + 1) // 4"
    assert str(tir.const(1.5)) == "T.float32(1.5)"


def test_printer_distinguishes_variables_with_one_name():
    """Two different variables named 'i' print as i and i_1."""
    a = tir.Var("i", "int32")
    b = tir.Var("i", "int32")
    assert str(a + b) == "i + i_1"
