"""CanonicalizeOps: nn.bias_add becomes an add of a bias broadcastable along its axis, checked
on the IR it produces and on values (before vs after, and against numpy)."""
import numpy as np
import pytest

import tvm
from tvm import relay
from tvm.relay import transform

RNG = np.random.default_rng(3)


def _mod(params, body):
    return transform.InferType()(tvm.IRModule.from_expr(relay.Function(params, body)))


def _run(mod, *args):
    return relay.create_executor("debug", mod=mod, device=tvm.cpu(), target="llvm") \
        .evaluate()(*args).numpy()


@pytest.mark.parametrize("axis", [1, -3, 3, -1])
def test_bias_add_of_a_variable_becomes_add_of_expand_dims(axis):
    """bias_add(x, b, axis) -> add(x, expand_dims(b, 1, rank - axis - 1)), or add(x, b) on the
    last axis; values equal numpy's broadcast add."""
    shape = (2, 3, 4, 5)
    c = shape[axis]
    x, b = relay.var("x", shape=shape), relay.var("b", shape=(c,))
    mod = _mod([x, b], relay.nn.bias_add(x, b, axis=axis))
    out = transform.InferType()(transform.CanonicalizeOps()(mod))

    trailing = 3 - (axis % 4)
    xe, be = relay.var("x", shape=shape), relay.var("b", shape=(c,))
    bias = relay.expand_dims(be, 1, trailing) if trailing else be
    expected = _mod([xe, be], relay.add(xe, bias))
    assert tvm.ir.structural_equal(out["main"], expected["main"]), out["main"]
    assert "bias_add" not in out["main"].astext()

    xa = RNG.standard_normal(shape).astype("float32")
    ba = RNG.standard_normal(c).astype("float32")
    ref = xa + ba.reshape([c if i == axis % 4 else 1 for i in range(4)])
    np.testing.assert_allclose(_run(out, xa, ba), _run(mod, xa, ba), rtol=1e-6)
    np.testing.assert_allclose(_run(out, xa, ba), ref, rtol=1e-6)


def test_constant_bias_is_reshaped_on_the_host():
    """A constant bias becomes a (C, 1, 1) constant: no op is left to fold."""
    x = relay.var("x", shape=(1, 4, 3, 3))
    b = RNG.standard_normal(4).astype("float32")
    mod = _mod([x], relay.nn.relu(relay.nn.bias_add(x, relay.const(b))))
    out = transform.InferType()(transform.CanonicalizeOps()(mod))
    xe = relay.var("x", shape=(1, 4, 3, 3))
    expected = _mod([xe], relay.nn.relu(relay.add(xe, relay.const(b.reshape(4, 1, 1)))))
    assert tvm.ir.structural_equal(out["main"], expected["main"]), out["main"]
    xa = RNG.standard_normal((1, 4, 3, 3)).astype("float32")
    np.testing.assert_allclose(_run(out, xa), np.maximum(xa + b.reshape(1, 4, 1, 1), 0),
                               rtol=1e-6)


def test_other_ops_are_left_alone():
    """A program without bias_add comes back unchanged (negative case)."""
    x, y = relay.var("x", shape=(2, 3)), relay.var("y", shape=(3,))
    mod = _mod([x, y], relay.add(relay.nn.relu(x), y))
    out = transform.CanonicalizeOps()(mod)
    assert tvm.ir.structural_equal(out["main"], mod["main"])


def test_bias_of_the_wrong_length_is_a_diagnostic_error():
    """A bias whose length is not the axis extent is reported by type inference."""
    x, b = relay.var("x", shape=(1, 4, 3, 3)), relay.var("b", shape=(5,))
    with pytest.raises(tvm.error.DiagnosticError, match="bias_add"):
        transform.CanonicalizeOps()(tvm.IRModule.from_expr(
            relay.Function([x, b], relay.nn.bias_add(x, b))))
