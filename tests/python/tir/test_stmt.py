"""TIR statements and functions: constructor checks, substitution, printing."""
import pytest

import tvm
from tvm import tir


def _vector_add(n=16):
    A = tir.decl_buffer((n,), "float32", "A")
    B = tir.decl_buffer((n,), "float32", "B")
    i = tir.Var("i", "int32")
    body = tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(B, A[i] + 1.0, [i]))
    return tir.PrimFunc([A, B], body).with_attr("global_symbol", "add_one")


def test_prim_func_binds_buffers_to_handle_params():
    """Passing Buffers as params makes handle Vars bound in buffer_map."""
    f = _vector_add()
    assert len(f.params) == 2
    for p in f.params:
        assert p.dtype == "handle"
        assert p in f.buffer_map
    assert f.attrs["global_symbol"] == "add_one"


def test_prim_func_prints_as_script():
    """A PrimFunc prints as readable TVMScript-like text."""
    text = _vector_add().script()
    assert "@T.prim_func" in text
    assert 'def add_one(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):' in text
    assert "for i in range(16):" in text
    assert "B[i] = A[i] + T.float32(1)" in text


def test_buffer_store_checks_index_count_and_value_type():
    """A BufferStore with the wrong number of indices or value type is a TypeError."""
    A = tir.decl_buffer((4, 4), "float32", "A")
    i = tir.Var("i", "int32")
    with pytest.raises(TypeError, match="2 dimensions but is indexed with 1"):
        tir.BufferStore(A, tir.const(1.0), [i])
    with pytest.raises(TypeError, match="stores float32"):
        tir.BufferStore(A, i, [i, i])


def test_for_needs_integer_bounds():
    """A loop over float bounds is a TypeError naming the loop variable."""
    i = tir.Var("i", "int32")
    with pytest.raises(TypeError, match="loop i needs integer bounds"):
        tir.For(i, 0, tir.const(1.5), tir.ForKind.SERIAL, tir.Evaluate(0))


def test_substitute_replaces_variables_everywhere():
    """substitute rewrites every use of a variable, leaving others untouched."""
    x = tir.Var("x", "int32")
    y = tir.Var("y", "int32")
    e = x * 2 + y
    r = tir.substitute(e, {x: tir.const(3)})
    assert str(r) == "3 * 2 + y" or str(r) == "6 + y"
    A = tir.decl_buffer((8,), "float32", "A")
    s = tir.BufferStore(A, tir.const(0.0), [x + 1])
    assert "A[5] = " in str(tir.substitute(s, {x: tir.const(4)})) or "A[4 + 1]" in str(
        tir.substitute(s, {x: tir.const(4)}))


def test_post_order_visit_sees_children_before_parents():
    """post_order_visit calls back children before their parents."""
    x = tir.Var("x", "int32")
    e = (x + 1) * 2
    seen = []
    tir.post_order_visit(e, lambda n: seen.append(type(n).__name__))
    assert seen.index("Add") < seen.index("Mul")
    assert seen[-1] == "Mul"


def test_ir_module_holds_prim_funcs_by_name():
    """An IRModule maps names to functions; a missing name is a ValueError listing names."""
    mod = tvm.IRModule({"add_one": _vector_add()})
    assert "add_one" in mod
    assert isinstance(mod["add_one"], tir.PrimFunc)
    with pytest.raises(ValueError, match="has no function named 'nope'.*add_one"):
        mod["nope"]
    assert "@I.ir_module" in str(mod)


def test_buffer_names_do_not_take_part_in_structural_equality():
    """Two functions that differ only in buffer names are structurally equal, with one hash."""
    def make(a_name, b_name):
        A = tir.decl_buffer((8,), "float32", a_name)
        B = tir.decl_buffer((8,), "float32", b_name)
        i = tir.Var("i", "int32")
        return tir.PrimFunc([A, B], tir.For(i, 0, 8, tir.ForKind.SERIAL,
                                            tir.BufferStore(B, A[i] * 2.0, [i])))
    f, g = make("A", "B"), make("X", "Y")
    tvm.ir.assert_structural_equal(f, g)
    assert tvm.ir.structural_hash(f) == tvm.ir.structural_hash(g)
    # The contents still count: another dtype or shape is not equal.
    A = tir.decl_buffer((9,), "float32", "A")
    assert not tvm.ir.structural_equal(f.buffer_map[f.params[0]], A)
