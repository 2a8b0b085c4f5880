"""The relay backend: the TE compiler (strategies, fusion-group lowering, caching) and
relay.create_executor("debug"), checked against numpy."""
import numpy as np
import pytest

import tvm
from tvm import relay
from tvm.relay.backend import te_compiler


def _run(func, *args):
    mod = tvm.IRModule.from_expr(func)
    return relay.create_executor("debug", mod=mod, device=tvm.cpu(), target="llvm").evaluate()(*args)


def test_elementwise_reduce_and_layout_ops():
    """A program mixing broadcast, unary, reductions, argmax and reshape matches numpy."""
    x = relay.var("x", shape=(3, 4))
    y = relay.var("y", shape=(4,))
    z = relay.nn.relu(relay.add(x, y) * relay.const(2.0))
    out = relay.Tuple([relay.exp(z), relay.mean(relay.sum(z, axis=1, keepdims=True), axis=0),
                       relay.argmax(z, axis=1), relay.reshape(z, (-1,)),
                       relay.transpose(z, (1, 0)), relay.max(z, axis=0, exclude=True)])
    a = np.random.randn(3, 4).astype("float32")
    b = np.random.randn(4).astype("float32")
    res = _run(relay.Function([x, y], out), a, b)
    zz = np.maximum((a + b) * 2, 0)
    np.testing.assert_allclose(res[0].numpy(), np.exp(zz), rtol=1e-5)
    np.testing.assert_allclose(res[1].numpy(), zz.sum(1, keepdims=True).mean(0), rtol=1e-5)
    np.testing.assert_array_equal(res[2].numpy(), zz.argmax(1))
    np.testing.assert_array_equal(res[3].numpy(), zz.reshape(-1))
    np.testing.assert_array_equal(res[4].numpy(), zz.T)
    np.testing.assert_allclose(res[5].numpy(), zz.max(axis=1), rtol=1e-6)


def test_control_flow_and_let_run_in_the_debug_executor():
    """If and Let evaluate like Python: the branch taken depends on the runtime value."""
    x = relay.var("x", shape=(2,))
    c = relay.var("c", shape=(), dtype="bool")
    v = relay.var("v")
    body = relay.Let(v, relay.multiply(x, relay.const(3.0)),
                     relay.If(c, relay.add(v, relay.const(1.0)), relay.negative(v)))
    f = relay.Function([x, c], body)
    a = np.array([1.0, -2.0], "float32")
    np.testing.assert_allclose(_run(f, a, np.array(True)).numpy(), a * 3 + 1)
    np.testing.assert_allclose(_run(f, a, np.array(False)).numpy(), -(a * 3))


def test_split_concatenate_take_where():
    """Multi-output split and tuple inputs of concatenate route through the executor."""
    x = relay.var("x", shape=(6, 4))
    parts = relay.split(x, 3, axis=0)
    cat = relay.concatenate([parts[2], parts[0]], axis=0)
    idx = relay.const(np.array([3, 0, 1], "int32"))
    taken = relay.take(cat, idx, axis=0)
    out = relay.where(relay.greater(taken, relay.const(0.0)), taken, relay.zeros_like(taken))
    a = np.random.randn(6, 4).astype("float32")
    got = _run(relay.Function([x], out), a).numpy()
    ref_cat = np.concatenate([a[4:6], a[0:2]])[[3, 0, 1]]
    np.testing.assert_allclose(got, np.where(ref_cat > 0, ref_cat, 0), rtol=1e-6)


def test_te_compiler_fuses_and_caches():
    """A primitive function of three ops lowers to one PrimFunc; lowering an identical
    function again reuses the cached lowering under the name asked for."""
    te_compiler.clear_cache()

    def prim():
        p = relay.var("p", shape=(8, 8))
        body = relay.exp(relay.add(relay.multiply(p, relay.const(2.0)), relay.const(1.0)))
        f = relay.Function([p], body).with_attr("Primitive", 1)
        return relay.transform.InferType()(tvm.IRModule.from_expr(f))["main"]

    first = te_compiler.lower_primitive(prim(), "llvm", "fused_a")
    second = te_compiler.lower_primitive(prim(), "llvm", "fused_b")
    # A cache hit reuses the lowered body (no second lowering) under the requested name.
    assert str(first.func_name) == "fused_a" and str(second.func_name) == "fused_b"
    body_a = first.funcs["fused_a"].body
    body_b = second.funcs["fused_b"].body
    assert body_a.same_as(body_b)
    assert str(second.funcs["fused_b"].attrs["global_symbol"]) == "fused_b"
    assert te_compiler.lower_primitive(prim(), "llvm", "fused_a").same_as(first)
    assert len(first.funcs.functions) == 1 and len(first.outputs) == 1
    text = str(first.funcs)
    assert "exp" in text and text.count("for ") <= 2, text


@pytest.mark.parametrize("kind", ["debug", "graph"])
def test_both_executor_kinds_agree_with_numpy(kind):
    """The graph executor kind builds the module once and runs it like the debug one."""
    x = relay.var("x", shape=(5, 3))
    y = relay.var("y", shape=(3,))
    out = relay.Tuple([relay.sum(relay.tanh(x + y), axis=0), relay.transpose(x)])
    mod = tvm.IRModule.from_expr(relay.Function([x, y], out))
    run = relay.create_executor(kind, mod=mod, device=tvm.cpu(), target="llvm").evaluate()
    for _ in range(2):
        a = np.random.randn(5, 3).astype("float32")
        b = np.random.randn(3).astype("float32")
        r0, r1 = run(a, b)
        np.testing.assert_allclose(r0.numpy(), np.tanh(a + b).sum(0), rtol=1e-5, atol=1e-6)
        np.testing.assert_array_equal(r1.numpy(), a.T)
