"""The Relay text parser: the printer's output reads back to an equal program."""
import numpy as np
import pytest

import tvm
from tvm import relay


def roundtrip(func):
    """Print `func` in a module, parse it back, and check structural equality."""
    mod = tvm.IRModule.from_expr(func)
    parsed = relay.parser.parse(str(mod))
    tvm.ir.assert_structural_equal(mod["main"], parsed["main"])
    return parsed


def test_roundtrip_small_network():
    """conv2d, bias_add, relu, pooling, dense and softmax with attributes round-trip."""
    x = relay.var("data", shape=(1, 3, 16, 16))
    w = relay.var("w", shape=(8, 3, 3, 3))
    y = relay.nn.conv2d(x, w, strides=2, padding=(1, 1), channels=8, kernel_size=3)
    y = relay.nn.relu(relay.nn.bias_add(y, relay.var("b", shape=(8,))))
    y = relay.nn.max_pool2d(y, (2, 2), (2, 2), ceil_mode=True)
    y = relay.nn.batch_flatten(y)
    y = relay.nn.dense(y, relay.var("fc", shape=(10, 128)), units=10)
    roundtrip(relay.Function(relay.analysis.free_vars(y), relay.nn.softmax(y, axis=-1)))


def test_roundtrip_let_if_tuple_fn():
    """Lets, ifs, tuples, projections, nested functions and their calls round-trip."""
    x = relay.var("x", shape=(2, 3))
    c = relay.var("c", "bool")
    v = relay.var("v", shape=(2, 3))
    p = relay.var("p")
    inner = relay.Function([p], relay.exp(p))
    parts = relay.split(x, 3, axis=1)
    first = parts[0]  # used before the if, so printed (and shared) outside the branches
    body = relay.Let(v, relay.add(relay.Call(inner, [x]), first),
                     relay.If(c, relay.Tuple([v, parts[1]]), relay.Tuple([x, first])))
    roundtrip(relay.Function([x, c], relay.TupleGetItem(body, 0)))


def test_roundtrip_constants_and_attrs_of_every_kind():
    """Scalar literals of each printed dtype and attrs of int, float, bool, string, list and
    nested-list kinds round-trip."""
    x = relay.var("x", shape=(2, 3), dtype="float32")
    i = relay.var("i", shape=(4,), dtype="int64")
    y = relay.clip(relay.add(x, relay.const(-0.1)), 0.5, 6.0)
    y = relay.nn.pad(y, ((0, 1), (2, 0)), 0.0)
    y = relay.sum(y, axis=[0], keepdims=True, exclude=True)
    z = relay.multiply(i, relay.const(3, "int64"))
    z = relay.add(relay.cast(z, "int32"), relay.const(2))
    w = relay.where(relay.const(True), relay.const(1.0, "float64"), relay.const(2.0, "float64"))
    t = relay.Tuple([y, z, w, relay.take(x, relay.var("j", shape=(2,), dtype="int32"), axis=1)])
    roundtrip(relay.Function(relay.analysis.free_vars(t), t))


def test_roundtrip_types():
    """Annotations of every type kind round-trip: Any, symbolic, scalar, tuple, function."""
    a = relay.var("a", shape=(relay.Any(), 3))
    n = relay.var("n", relay.TensorType((tvm.tir.Var("n", "int32"), 2), "float16"))
    s = relay.var("s", "int8")
    t = relay.var("t", relay.TupleType([relay.TensorType((1,), "float32"), relay.scalar_type("bool")]))
    f = relay.var("f", relay.FuncType([relay.TensorType((2,), "float32")], relay.scalar_type("int32")))
    body = relay.Tuple([a, n, s, t, f])
    func = relay.Function([a, n, s, t, f], body, ret_type=relay.TupleType([]).__class__([]) if False else None)
    text = str(tvm.IRModule.from_expr(func))
    parsed = relay.parser.parse(text)
    assert str(parsed) == text
    tvm.ir.assert_structural_equal(func.params[0].type_annotation, parsed["main"].params[0].type_annotation)
    assert str(parsed["main"].params[1].type_annotation) == "Tensor[(n, 2), float16]"


def test_typed_text_is_a_fixpoint():
    """The text of an inferred module parses, re-infers and prints identically."""
    x = relay.var("x", shape=(1, 3, 8, 8))
    w = relay.var("w")
    y = relay.nn.conv2d(x, w, channels=4, kernel_size=3)
    v = relay.var("v")
    body = relay.Let(v, relay.nn.relu(y), relay.mean(v, axis=[2, 3]))
    mod = relay.transform.InferType()(tvm.IRModule.from_expr(relay.Function([x, w], body)))
    text = str(mod)
    again = relay.transform.InferType()(relay.fromtext(text))
    assert str(again) == text


def test_module_with_global_calls_and_function_attrs():
    """Several defs calling each other (in any order) and function attributes parse."""
    text = """
    #[version = "0.0.5"]
    def @main(%x: Tensor[(2, 2), float32]) {
      %0 = @helper(%x);
      add(%0, %x)
    }
    def @helper(%y: Tensor[(2, 2), float32], Primitive=1) -> Tensor[(2, 2), float32] {
      nn.relu(%y) /* a comment */
    }
    """
    mod = relay.transform.InferType()(relay.parser.parse(text))
    assert int(mod["helper"].attrs["Primitive"]) == 1
    assert str(mod["main"].checked_type) == "fn (Tensor[(2, 2), float32]) -> Tensor[(2, 2), float32]"


def test_meta_constants_and_parse_expr():
    """meta[relay.Constant][i] reads from init_meta_table; parse_expr reads one expression."""
    c = relay.const(np.arange(3, dtype="float32"))
    mod = relay.parser.parse(
        "def @main(%x: Tensor[(3), float32]) { add(%x, meta[relay.Constant][0]) }",
        init_meta_table={"relay.Constant": [c]},
    )
    assert mod["main"].body.args[1].same_as(c)
    e = relay.parser.parse_expr("%0 = (1f, 2i64); %0.1")
    assert isinstance(e, relay.TupleGetItem) and e.tuple_value.fields[1].data.dtype == "int64"


@pytest.mark.parametrize("text,message", [
    ("def @main(%x: Tensor[(2), float32]) { add(%x, %y) }", r"line 1, column .*%y is not defined"),
    ("def @main(%x) { add(%x %x) }", r"expected ','|expected '\)'"),
    ("def @main(%x) {\n  nn.relu(%x, bogus=1)\n}", r"line 2.*bogus"),
    ("def @main(%x) { nn.conv2d(%x, %x, not_a_field=1) }", "not_a_field is not one"),
    ("def @main(%x: Tensor[(2), float32]) { meta[relay.Constant][0] }", "meta table"),
    ("def @main() { 1f } def @main() { 2f }", "defined twice"),
    ("def @main(%x) { %x } $", "unexpected character"),
    ("def @main(%x: Tensor[(2, float32]) { %x }", "expected"),
])
def test_syntax_errors_name_place_and_expectation(text, message):
    """Malformed text raises ValueError naming the line, column and what was expected."""
    with pytest.raises(ValueError, match=message):
        relay.parser.parse(text)


def test_unknown_op_is_a_value_error():
    """A call of an op nobody registered is a ValueError naming the op."""
    with pytest.raises(ValueError, match="no_such_op"):
        relay.parser.parse("def @main(%x) { no_such_op(%x) }")


def test_parse_long_let_chain():
    """A 3000-deep let chain parses without Python recursion limits."""
    lines = ["def @main(%x: Tensor[(2), float32]) {", "  let %v0 = add(%x, %x);"]
    lines += [f"  let %v{i} = add(%v{i - 1}, %x);" for i in range(1, 3000)]
    lines += ["  %v2999", "}"]
    mod = relay.transform.InferType()(relay.parser.parse("\n".join(lines)))
    assert str(mod["main"].checked_type.ret_type) == "Tensor[(2), float32]"


def test_roundtrip_more_ops():
    """Ops with int64, string and dtype attributes (topk, one_hot, resize2d, norms) round-trip."""
    x = relay.var("x", shape=(1, 4, 8, 8))
    i = relay.var("i", shape=(3,), dtype="int32")
    parts = relay.topk(relay.nn.batch_flatten(x), k=3, axis=1, dtype="int64")
    y = relay.image.resize2d(relay.nn.group_norm(x, relay.var("g", shape=(4,)),
                                                 relay.var("b", shape=(4,)), 2), (4, 4),
                             method="cubic", coordinate_transformation_mode="align_corners")
    oh = relay.one_hot(i, 1.0, 0.0, 6, 0, "float32")
    t = relay.Tuple([parts[0], parts[1], y, oh, relay.argsort(i), relay.gather(x, 1, relay.var("j", shape=(1, 4, 8, 8), dtype="int64"))])
    roundtrip(relay.Function(relay.analysis.free_vars(t), t))
