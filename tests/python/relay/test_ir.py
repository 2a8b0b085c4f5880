"""Relay IR construction, printing, structural equality, analyses and visitors."""
import numpy as np
import pytest

import tvm
from tvm import relay


def test_construct_nodes():
    """Every node kind is built from Python and exposes its fields."""
    x = relay.var("x", shape=(1, 3), dtype="float32")
    assert x.name_hint == "x"
    assert isinstance(x.type_annotation, relay.TensorType)
    assert [int(d) for d in x.type_annotation.shape] == [1, 3]
    c = relay.const(np.ones((2,), "float32"))
    assert c.data.numpy().tolist() == [1.0, 1.0]
    call = relay.add(x, x)
    assert call.op.same_as(relay.op.get("add")) and len(call.args) == 2
    t = relay.Tuple([x, c])
    assert len(t) == 2 and t[1].same_as(c)
    g = relay.TupleGetItem(t, 1)
    assert g.index == 1 and g.tuple_value.same_as(t)
    v = relay.var("v")
    let = relay.Let(v, x, relay.multiply(v, v))
    assert let.var.same_as(v) and let.value.same_as(x)
    cond = relay.var("c", "bool")
    ite = relay.If(cond, x, relay.negative(x))
    assert ite.cond.same_as(cond)
    f = relay.Function([x], call).with_attr("Primitive", 1)
    assert int(f.attrs["Primitive"]) == 1 and f.params[0].same_as(x)


def test_const_default_dtypes():
    """relay.const makes Python floats float32 and ints int32, as TVM does."""
    assert relay.const(1.5).data.dtype == "float32"
    assert relay.const(2).data.dtype == "int32"
    assert relay.const(2, "int64").data.dtype == "int64"
    assert relay.const([1.0, 2.0], "float16").data.dtype == "float16"


def test_python_operators_build_calls():
    """x + y, x * y, -x and comparisons build the broadcasting ops; numbers are refused."""
    x, y = relay.var("x", shape=(2,)), relay.var("y", shape=(2,))
    assert (x + y).op.name == "add"
    assert (x - y).op.name == "subtract"
    assert (x * y).op.name == "multiply"
    assert (x / y).op.name == "divide"
    assert (-x).op.name == "negative"
    assert (x < y).op.name == "less"
    with pytest.raises(TypeError, match="relay.const"):
        _ = x + 1


def test_print_function_text():
    """A function prints in Relay text, bindings numbered, attrs shown when not default."""
    x = relay.var("x", shape=(1, 3))
    w = relay.var("w", shape=(3, 3))
    y = relay.nn.dense(x, w, units=3)
    z = relay.nn.relu(relay.add(y, y))
    f = relay.Function([x, w], z)
    text = str(f)
    assert "fn (%x: Tensor[(1, 3), float32], %w: Tensor[(3, 3), float32])" in text
    assert "%0 = nn.dense(%x, %w, units=3);" in text
    assert "%1 = add(%0, %0);" in text
    assert text.rstrip().endswith("nn.relu(%1)\n}") or "  nn.relu(%1)\n}" in text


def test_print_module_with_types():
    """print(mod) after InferType shows def @main, the return type and ty= comments."""
    x = relay.var("x", shape=(1, 3))
    mod = tvm.IRModule.from_expr(relay.Function([x], relay.exp(x)))
    mod = relay.transform.InferType()(mod)
    text = str(mod)
    expected = (
        '#[version = "0.0.5"]\n'
        "def @main(%x: Tensor[(1, 3), float32]) -> Tensor[(1, 3), float32] {\n"
        "  exp(%x) /* ty=Tensor[(1, 3), float32] */\n"
        "}\n"
    )
    assert text == expected
    assert mod.astext() == expected


def test_print_let_if_tuple_constants():
    """Lets, ifs, tuples, projections, scalar and tensor constants print readably."""
    x = relay.var("x", shape=(2,))
    c = relay.var("c", "bool")
    v = relay.var("v")
    body = relay.Let(v, relay.add(x, relay.const(1.0)), relay.Tuple([v, x]))
    ite = relay.If(c, relay.TupleGetItem(body, 0), relay.const(np.zeros(2, "float32")))
    text = str(relay.Function([x, c], ite))
    assert "let %v = add(%x, 1f);" in text
    assert "if (%c) {" in text and "} else {" in text
    assert "meta[relay.Constant][0]" in text
    assert ".0" in text


def test_print_shared_node_once():
    """A node used twice is bound once and referred to by its temporary."""
    x = relay.var("x", shape=(2,))
    e = relay.exp(x)
    text = str(relay.Function([x], relay.add(e, e)))
    assert text.count("exp(") == 1 and "add(%0, %0)" in text


def test_print_any_and_scalar_types():
    """Any prints as ?, a rank-0 tensor type as its dtype, a 1-D shape as (n)."""
    assert str(relay.TensorType((relay.Any(), 3), "float32")) == "Tensor[(?, 3), float32]"
    assert str(relay.TensorType((), "int64")) == "int64"
    assert str(relay.TensorType((5,), "float32")) == "Tensor[(5), float32]"


def test_structural_equal_alpha():
    """Functions equal up to renaming of their parameters and let variables."""

    def build(n1, n2):
        x = relay.var(n1, shape=(2, 2))
        v = relay.var(n2)
        return relay.Function([x], relay.Let(v, relay.exp(x), relay.add(v, x)))

    assert tvm.ir.structural_equal(build("x", "v"), build("a", "b"))
    x = relay.var("x", shape=(2, 2))
    f1 = relay.Function([x], relay.exp(x))
    f2 = relay.Function([x], relay.log(x))
    assert not tvm.ir.structural_equal(f1, f2)
    assert tvm.ir.structural_hash(build("x", "v")) == tvm.ir.structural_hash(build("p", "q"))


def test_structural_equal_attrs_and_constants():
    """Op attributes and constant values take part in equality."""
    x = relay.var("x", shape=(1, 3, 8, 8))
    w = relay.var("w", shape=(4, 3, 3, 3))
    a = relay.Function([x, w], relay.nn.conv2d(x, w, padding=(1, 1)))
    b = relay.Function([x, w], relay.nn.conv2d(x, w, padding=(1, 1)))
    c = relay.Function([x, w], relay.nn.conv2d(x, w, padding=(0, 0)))
    assert tvm.ir.structural_equal(a, b)
    assert not tvm.ir.structural_equal(a, c)
    assert tvm.ir.structural_equal(relay.const(np.ones(3, "float32")), relay.const(np.ones(3, "float32")))
    assert not tvm.ir.structural_equal(relay.const(np.ones(3, "float32")), relay.const(np.zeros(3, "float32")))


def test_json_roundtrip():
    """A function survives save_json/load_json structurally equal."""
    x = relay.var("x", shape=(1, 3))
    f = relay.Function([x], relay.nn.softmax(relay.add(x, relay.const(2.0)), axis=1))
    g = tvm.ir.load_json(tvm.ir.save_json(f))
    tvm.ir.assert_structural_equal(f, g)


def test_free_vars():
    """free_vars lists the unbound variables in first-use order, not parameters or lets."""
    x, y, z = relay.var("x"), relay.var("y"), relay.var("z")
    v = relay.var("v")
    e = relay.Let(v, relay.add(x, y), relay.Function([z], relay.add(z, v)))
    assert [w.name_hint for w in relay.analysis.free_vars(e)] == ["x", "y"]
    assert set(relay.analysis.bound_vars(e)) == {v, z}


def test_from_expr_wraps_free_vars():
    """IRModule.from_expr makes main a function of the expression's free variables."""
    x, y = relay.var("x", shape=(2,)), relay.var("y", shape=(2,))
    mod = tvm.IRModule.from_expr(relay.add(x, y))
    assert [p.name_hint for p in mod["main"].params] == ["x", "y"]
    assert "main" in mod


def test_python_visitor_and_mutator():
    """The Python ExprVisitor sees each shared node once; ExprMutator rewrites ops."""
    x = relay.var("x", shape=(2,))
    e = relay.exp(x)
    f = relay.Function([x], relay.add(e, e))

    class Count(relay.ExprVisitor):
        def __init__(self):
            super().__init__()
            self.calls = 0

        def visit_call(self, call):
            self.calls += 1
            super().visit_call(call)

    counter = Count()
    counter.visit(f)
    assert counter.calls == 2

    class ExpToLog(relay.ExprMutator):
        def visit_call(self, call):
            new = super().visit_call(call)
            if new.op.name == "exp":
                return relay.log(new.args[0])
            return new

    g = ExpToLog().visit(f)
    x2 = relay.var("x", shape=(2,))
    lg = relay.log(x2)
    tvm.ir.assert_structural_equal(g, relay.Function([x2], relay.add(lg, lg)))
    unchanged = relay.ExprMutator().visit(f)
    assert unchanged.same_as(f)


def test_post_order_visit_order():
    """post_order_visit calls children before parents, each node once."""
    x = relay.var("x", shape=(2,))
    e = relay.exp(x)
    out = relay.add(e, e)
    seen = []
    relay.analysis.post_order_visit(out, seen.append)
    kinds = [type(n).__name__ for n in seen]
    assert kinds.index("Var") < kinds.index("Call")
    assert seen[-1].same_as(out)
    assert sum(1 for n in seen if n.same_as(e)) == 1


def test_deep_chain_print_and_equal():
    """A chain of 10000 nested adds prints, hashes and compares without crashing."""
    x = relay.var("x", shape=(2,))
    e = x
    for _ in range(10000):
        e = relay.add(e, x)
    f = relay.Function([x], e)
    text = str(f)
    assert "%9998 = add(%9997, %x);" in text
    assert tvm.ir.structural_equal(f, f)
    tvm.ir.structural_hash(f)


def test_op_registry_attrs():
    """Relay ops carry their pattern kind, type relation name and argument docs."""
    add = relay.op.get("add")
    assert add.get_attr("TOpPattern") == relay.op.OpPattern.BROADCAST
    assert add.get_attr("TTypeRelationName") == "Broadcast"
    assert relay.op.get("nn.conv2d").get_attr("TOpPattern") == relay.op.OpPattern.OUT_ELEMWISE_FUSABLE
    assert relay.op.get("sum").get_attr("TOpPattern") == relay.op.OpPattern.COMM_REDUCE
    assert relay.op.get("reshape").get_attr("TOpPattern") == relay.op.OpPattern.INJECTIVE
    assert relay.op.get("nn.conv2d").attrs_type_key == "relay.attrs.Conv2DAttrs"
    assert relay.op.get("nn.conv2d").num_inputs == 2


def test_call_attrs_readable():
    """A call's attributes read as Python attributes."""
    x = relay.var("x", shape=(1, 3, 8, 8))
    w = relay.var("w", shape=(4, 3, 3, 3))
    call = relay.nn.conv2d(x, w, strides=2, padding=1, channels=4, kernel_size=3)
    assert [int(s) for s in call.attrs.strides] == [2, 2]
    assert [int(p) for p in call.attrs.padding] == [1, 1, 1, 1]
    assert call.attrs.data_layout == "NCHW"
    assert int(call.attrs.channels) == 4
