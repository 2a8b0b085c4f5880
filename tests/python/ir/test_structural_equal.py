"""tvm.ir.structural_equal / structural_hash / assert_structural_equal: structure and values
compare, spans do not, bound variables compare by where they are bound, and a failure names the
first difference by its path."""
import math

import numpy as np
import pytest

import tvm
from tvm import ir


def _has_tir():
    try:
        from tvm import tir  # pylint: disable=import-outside-toplevel,unused-import

        return hasattr(tir, "Var") and hasattr(tir, "Let")
    except ImportError:
        return False


requires_tir = pytest.mark.skipif(not _has_tir(), reason="tvm.tir (Var, Let, ...) is not available")


def int_imm(value, dtype="int32", span=None):
    # tvm.tir.IntImm may not exist yet; the C++ constructor does.
    return ir._ffi_api.IntImm(dtype, value, span)


def float_imm(value, dtype="float32"):
    return ir._ffi_api.FloatImm(dtype, value, None)


def check_equal(lhs, rhs, map_free_vars=False):
    assert ir.structural_equal(lhs, rhs, map_free_vars)
    assert ir.structural_equal(rhs, lhs, map_free_vars)
    assert ir.structural_hash(lhs, map_free_vars) == ir.structural_hash(rhs, map_free_vars)
    assert ir.get_first_structural_mismatch(lhs, rhs, map_free_vars) is None
    ir.assert_structural_equal(lhs, rhs, map_free_vars)


def check_not_equal(lhs, rhs, map_free_vars=False):
    assert not ir.structural_equal(lhs, rhs, map_free_vars)
    assert not ir.structural_equal(rhs, lhs, map_free_vars)
    assert ir.get_first_structural_mismatch(lhs, rhs, map_free_vars) is not None
    with pytest.raises(ValueError):
        ir.assert_structural_equal(lhs, rhs, map_free_vars)


def test_api_is_where_tvm_has_it():
    # The v0.14 locations of the functions.
    for name in [
        "structural_equal",
        "structural_hash",
        "assert_structural_equal",
        "get_first_structural_mismatch",
        "save_json",
        "load_json",
    ]:
        assert callable(getattr(tvm.ir, name)), name
    assert tvm.ir.structural_equal is tvm.ir.base.structural_equal


def test_types_compare_by_structure():
    i32, f32 = ir.PrimType("int32"), ir.PrimType("float32")
    check_equal(ir.PrimType("int32"), i32)
    check_not_equal(i32, f32)
    check_equal(ir.TupleType([i32, f32]), ir.TupleType([ir.PrimType("int32"), ir.PrimType("float32")]))
    check_not_equal(ir.TupleType([i32, f32]), ir.TupleType([i32]))
    check_equal(ir.FuncType([i32], ir.TupleType([])), ir.FuncType([i32], ir.TupleType([])))
    check_not_equal(ir.FuncType([i32], f32), ir.FuncType([f32], f32))
    check_not_equal(ir.PointerType(i32, "global"), ir.PointerType(i32, "shared"))
    check_not_equal(i32, ir.PointerType(i32))


def test_global_vars_compare_by_name():
    check_equal(ir.GlobalVar("main"), ir.GlobalVar("main"))
    check_not_equal(ir.GlobalVar("main"), ir.GlobalVar("other"))


def test_spans_are_ignored():
    a = int_imm(3, span=ir.Span("model.onnx", 1, 2, 3, 4))
    b = int_imm(3, span=ir.Span("elsewhere", 9))
    check_equal(a, b)
    check_equal(ir.Range.from_min_extent(a, int_imm(4)), ir.Range.from_min_extent(b, int_imm(4)))


def test_constants_compare_by_dtype_and_value():
    check_equal(int_imm(1), int_imm(1))
    check_not_equal(int_imm(1), int_imm(2))
    check_not_equal(int_imm(1, "int32"), int_imm(1, "int64"))
    check_not_equal(int_imm(1), float_imm(1.0))


def test_nan_equals_nan():
    check_equal(float_imm(math.nan), float_imm(math.nan))
    check_equal(float_imm(0.0), float_imm(-0.0))
    check_not_equal(float_imm(math.nan), float_imm(1.0))


def test_python_values_are_converted():
    check_equal([1, 2.5, "a", None], [1, 2.5, "a", None])
    check_not_equal([1, 2], [1, 2, 3])
    check_equal({"a": 1, "b": [2]}, {"b": [2], "a": 1})
    check_not_equal({"a": 1}, {"a": 2})
    check_not_equal("abc", "abd")


def test_ndarrays_compare_by_shape_dtype_and_data():
    a = np.arange(6, dtype="float32").reshape(2, 3)
    check_equal(tvm.nd.array(a), tvm.nd.array(a.copy()))
    check_not_equal(tvm.nd.array(a), tvm.nd.array(a + 1))
    check_not_equal(tvm.nd.array(a), tvm.nd.array(a.reshape(3, 2)))
    check_not_equal(tvm.nd.array(a), tvm.nd.array(a.astype("float64")))
    check_equal([tvm.nd.array(a)], [tvm.nd.array(a)])


def test_hash_is_an_int_and_distinguishes_structures():
    values = [ir.PrimType("int32"), ir.PrimType("int64"), ir.TupleType([]), ir.GlobalVar("f"), [1], [2]]
    hashes = [ir.structural_hash(v) for v in values]
    assert all(isinstance(h, int) for h in hashes)
    assert len(set(hashes)) == len(hashes)


def test_mismatch_names_the_path_and_both_values():
    lhs = ir.FuncType([ir.PrimType("int32")], ir.TupleType([ir.PrimType("float32")]))
    rhs = ir.FuncType([ir.PrimType("int32")], ir.TupleType([ir.PrimType("float16")]))
    assert ir.get_first_structural_mismatch(lhs, rhs) == "root.ret_type.fields[0].dtype: float32 vs float16"
    with pytest.raises(ValueError) as info:
        ir.assert_structural_equal(lhs, rhs)
    message = str(info.value)
    assert "root.ret_type.fields[0].dtype: float32 vs float16" in message
    # Both sides are printed in full.
    assert "lhs:" in message and "rhs:" in message
    assert "float16" in message.split("rhs:")[1] and "float32" in message.split("rhs:")[0]
    assert ir.get_first_structural_mismatch({"a": 1}, {"a": 2}) == 'root["a"].value: 1 vs 2'
    assert ir.get_first_structural_mismatch([1], [1, 2]) == "root: array of size 1 vs 2"


@requires_tir
def test_alpha_equivalent_lets_are_equal():
    from tvm import tir  # pylint: disable=import-outside-toplevel

    x, y = tir.Var("x", "int32"), tir.Var("y", "int32")
    check_equal(tir.Let(x, int_imm(1), x + x), tir.Let(y, int_imm(1), y + y))
    check_not_equal(tir.Let(x, int_imm(1), x + x), tir.Let(y, int_imm(1), y + 1))
    # The dtype of a bound variable matters, its name does not.
    z = tir.Var("z", "int64")
    check_not_equal(tir.Let(x, int_imm(1), x), tir.Let(z, int_imm(1, "int64"), z))


@requires_tir
def test_free_variables_need_map_free_vars():
    from tvm import tir  # pylint: disable=import-outside-toplevel

    x, y, z = tir.Var("x", "int32"), tir.Var("y", "int32"), tir.Var("z", "int32")
    check_equal(x + 1, x + 1)
    check_not_equal(x + 1, y + 1)
    check_equal(x + 1, y + 1, map_free_vars=True)
    assert "free variables" in ir.get_first_structural_mismatch(x + 1, y + 1)
    # One-to-one: (x, y) cannot map onto (z, z).
    check_not_equal([x, y], [z, z], map_free_vars=True)
    check_not_equal(x + y, z + z, map_free_vars=True)
    check_equal(x + y, y + z, map_free_vars=True)


@requires_tir
def test_alpha_equivalent_prim_funcs_are_equal():
    from tvm import tir  # pylint: disable=import-outside-toplevel

    def make(prefix):
        n = tir.Var(prefix + "n", "int32")
        buf_a = tir.decl_buffer((n,), "float32", name="A")
        buf_b = tir.decl_buffer((n,), "float32", name="B")
        i = tir.Var(prefix + "i", "int32")
        load = tir.BufferLoad(buf_a, [i]) + tir.const(1.0, "float32")
        body = tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(buf_b, load, [i]))
        a, b = tir.Var(prefix + "a", "handle"), tir.Var(prefix + "b", "handle")
        return tir.PrimFunc([a, b], body, buffer_map={a: buf_a, b: buf_b})

    check_equal(make("x_"), make("y_"))
    check_equal(tvm.IRModule({"main": make("x_")}), tvm.IRModule({"main": make("y_")}))
    check_not_equal(tvm.IRModule({"main": make("x_")}), tvm.IRModule({"other": make("y_")}))
