"""relay.transform.InferType: types of every node kind, Any dims, and the error path."""
import numpy as np
import pytest

import tvm
from tvm import relay


def infer_mod(expr):
    return relay.transform.InferType()(tvm.IRModule.from_expr(expr))


def infer(expr):
    return infer_mod(expr)["main"].body.checked_type


def shape_of(ty):
    return tuple("?" if isinstance(d, tvm.ir.Any) else int(d.value) for d in ty.shape)


def test_every_node_gets_a_type():
    """After InferType, params, calls, tuples, lets and the function all have checked types."""
    x = relay.var("x", shape=(2, 3))
    v = relay.var("v")
    e = relay.exp(x)
    body = relay.Let(v, e, relay.Tuple([v, relay.sum(v, axis=0)]))
    mod = infer_mod(relay.Function([x], body))
    f = mod["main"]
    assert shape_of(f.params[0].checked_type) == (2, 3)
    assert shape_of(e.checked_type) == (2, 3)
    assert shape_of(v.checked_type) == (2, 3)
    ft = f.checked_type
    assert isinstance(ft, relay.FuncType)
    assert [shape_of(t) for t in ft.ret_type.fields] == [(2, 3), (3,)]


def test_checked_type_before_inference_raises():
    """Reading checked_type before InferType is a ValueError, not a crash."""
    with pytest.raises(ValueError, match="InferType"):
        _ = relay.var("x", shape=(1,)).checked_type


def test_unannotated_var_inferred_through_let():
    """A let variable without annotation gets the type of its value."""
    x = relay.var("x", shape=(4,), dtype="int32")
    v = relay.var("v")
    ty = infer(relay.Let(v, relay.add(x, x), relay.multiply(v, x)))
    assert shape_of(ty) == (4,) and ty.dtype == "int32"


def test_param_type_from_ret_annotation_mismatch():
    """A declared return type that disagrees with the body is a DiagnosticError."""
    x = relay.var("x", shape=(2,))
    f = relay.Function([x], relay.exp(x), ret_type=relay.TensorType((3,), "float32"))
    with pytest.raises(tvm.error.DiagnosticError, match="declared return type"):
        infer_mod(f)


def test_tuple_get_item_and_if():
    """TupleGetItem picks the field type; If unifies both branches and needs a bool cond."""
    x = relay.var("x", shape=(2,))
    y = relay.var("y", shape=(2,), dtype="int32")
    c = relay.var("c", "bool")
    t = relay.Tuple([x, y])
    assert infer(relay.TupleGetItem(t, 1)).dtype == "int32"
    assert shape_of(infer(relay.If(c, x, relay.exp(x)))) == (2,)
    with pytest.raises(tvm.error.DiagnosticError, match="branches"):
        infer(relay.If(c, x, y))
    with pytest.raises(tvm.error.DiagnosticError, match="condition"):
        infer(relay.If(relay.var("d", shape=(2,)), x, x))
    with pytest.raises(tvm.error.DiagnosticError, match="field 2 of a tuple of 2 fields"):
        infer(relay.TupleGetItem(t, 2))


def test_call_global_function():
    """A call of another module function takes that function's return type."""
    a = relay.var("a", shape=(3, 4))
    sub = relay.Function([a], relay.sum(a, axis=1))
    mod = tvm.IRModule()
    gv = relay.GlobalVar("sub")
    mod[gv] = sub
    x = relay.var("x", shape=(3, 4))
    mod["main"] = relay.Function([x], relay.Call(gv, [x]))
    mod = relay.transform.InferType()(mod)
    assert shape_of(mod["main"].body.checked_type) == (3,)
    y = relay.var("y", shape=(5, 4))
    mod["main"] = relay.Function([y], relay.Call(gv, [y]))
    with pytest.raises(tvm.error.DiagnosticError, match="arguments do not match"):
        relay.transform.InferType()(mod)


def test_call_local_function():
    """Calling a function expression unifies its parameter types with the arguments."""
    p = relay.var("p")
    fn = relay.Function([p], relay.nn.relu(p))
    x = relay.var("x", shape=(2, 2))
    assert shape_of(infer(relay.Call(fn, [x]))) == (2, 2)


def test_any_dims_propagate():
    """Any dims flow through broadcasting, reductions and dense."""
    x = relay.var("x", shape=(relay.Any(), 3))
    assert shape_of(infer(relay.add(x, relay.var("y", shape=(1, 3))))) == ("?", 3)
    assert shape_of(infer(relay.add(x, relay.var("y", shape=(5, 3))))) == (5, 3)
    assert shape_of(infer(relay.sum(x, axis=1))) == ("?",)
    w = relay.var("w", shape=(7, 3))
    assert shape_of(infer(relay.nn.dense(x, w))) == ("?", 7)
    assert shape_of(infer(relay.reshape(x, (-1,)))) == ("?",)


def test_broadcast_error_names_op_args_and_types():
    """Mismatched shapes raise DiagnosticError naming the op, both arguments and their types,
    with the program printed and the call marked."""
    a = relay.var("a", shape=(1, 3))
    b = relay.var("b", shape=(2, 4))
    with pytest.raises(tvm.error.DiagnosticError) as info:
        infer(relay.nn.relu(relay.add(a, b)))
    msg = str(info.value)
    assert "add:" in msg
    assert "argument 0 (lhs)" in msg and "argument 1 (rhs)" in msg
    assert "Tensor[(1, 3), float32]" in msg and "Tensor[(2, 4), float32]" in msg
    assert "%0 = add(%a, %b); /* <-- type error here */" in msg or "add(%a, %b)" in msg
    marked = [line for line in msg.splitlines() if "type error here" in line]
    assert len(marked) == 1 and "add(%a, %b)" in marked[0]


def test_dtype_error_names_both_types():
    """Mixing float32 and int32 in add is a typed error naming both types."""
    a = relay.var("a", shape=(2,), dtype="float32")
    b = relay.var("b", shape=(2,), dtype="int32")
    with pytest.raises(tvm.error.DiagnosticError, match=r"same dtype.*float32.*int32"):
        infer(relay.add(a, b))


def test_error_is_a_tvm_error():
    """The diagnostic is catchable as TVMError too."""
    with pytest.raises(tvm.error.TVMError):
        infer(relay.add(relay.var("a", shape=(3,)), relay.var("b", shape=(4,))))


def test_deep_chain_infers():
    """Type inference of 10000 nested adds neither overflows the stack nor slows to a crawl."""
    x = relay.var("x", shape=(2, 2))
    e = x
    for _ in range(10000):
        e = relay.add(e, x)
    assert shape_of(infer(relay.Function([x], e))) == (2, 2)


def test_deep_let_chain_infers():
    """A chain of 5000 lets infers and prints."""
    x = relay.var("x", shape=(2,))
    vs = [relay.var(f"v{i}") for i in range(5000)]
    body = vs[-1]
    for i in reversed(range(5000)):
        prev = x if i == 0 else vs[i - 1]
        body = relay.Let(vs[i], relay.add(prev, x), body)
    mod = infer_mod(relay.Function([x], body))
    assert shape_of(mod["main"].checked_type.ret_type) == (2,)
    assert "let %v4999" in str(mod)


def test_infer_type_is_idempotent_and_rerunnable():
    """Running InferType twice gives the same types; the module text is stable."""
    x = relay.var("x", shape=(1, 3))
    mod = infer_mod(relay.Function([x], relay.nn.softmax(x)))
    again = relay.transform.InferType()(mod)
    assert str(mod) == str(again)


def test_infer_type_local():
    """InferTypeLocal types a standalone expression."""
    x = relay.var("x", shape=(2, 5))
    ty = relay.transform.InferTypeLocal(relay.mean(x, axis=-1, keepdims=True))
    assert shape_of(ty) == (2, 1)


def test_constant_type():
    """A constant's type is its array's shape and dtype."""
    c = relay.const(np.zeros((2, 3), "float16"))
    ty = infer(relay.add(c, c))
    assert shape_of(ty) == (2, 3) and ty.dtype == "float16"


def test_unknown_input_type_reported():
    """A call whose input type can never be known is reported, not silently left open."""
    p = relay.var("p")
    f = relay.Function([p], relay.exp(p))
    with pytest.raises(tvm.error.DiagnosticError, match="cannot infer"):
        infer_mod(f)


def test_call_without_required_attrs_is_an_error():
    """A raw Call of an op that needs attrs, built without them, is reported, not a crash."""
    x = relay.var("x", shape=(1, 3, 8, 8))
    w = relay.var("w", shape=(4, 3, 3, 3))
    with pytest.raises(tvm.error.DiagnosticError, match="relay.attrs.Conv2DAttrs"):
        infer(relay.Call(relay.op.get("nn.conv2d"), [x, w]))
    with pytest.raises(tvm.error.DiagnosticError, match="takes 2 arguments"):
        infer(relay.Call(relay.op.get("add"), [x]))


def test_numpy_int_shapes():
    """Shapes given as numpy integers (as frontends produce) are accepted."""
    x = relay.var("x", shape=np.array([2, 3]))
    assert [int(d) for d in infer(relay.exp(x)).shape] == [2, 3]
