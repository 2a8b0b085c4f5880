"""CombineParallelDense: sibling dense layers of one input merged into one batch_matmul (equal
shapes) or one dense + slices, checked on the IR, on values (before vs after and numpy), and on
the cases that must stay apart."""
import numpy as np
import pytest

import tvm
from tvm import relay
from tvm.relay import transform

RNG = np.random.default_rng(5)


def _rand(*shape):
    return RNG.uniform(-1, 1, size=shape).astype("float32")


def _mod(params, body):
    return transform.InferType()(tvm.IRModule.from_expr(relay.Function(params, body)))


def _run(mod, *args):
    out = relay.create_executor("debug", mod=mod, device=tvm.cpu(), target="llvm") \
        .evaluate()(*args)
    return [o.numpy() for o in out]


def _branches(x, weights, biases):
    return relay.Tuple([relay.nn.relu(relay.nn.bias_add(relay.nn.dense(x, relay.const(w)),
                                                        relay.const(b), axis=-1))
                        for w, b in zip(weights, biases)])


def _check_values(mod, out, weights, biases, shape):
    xa = _rand(*shape)
    for a, b, w, bias in zip(_run(out, xa), _run(mod, xa), weights, biases):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(a, np.maximum(xa @ w.T + bias, 0), rtol=1e-5, atol=1e-5)


def test_equal_shapes_become_one_batch_matmul():
    """Three dense (4, 8) + bias_add + relu: batch_matmul of the input stacked 3 times against
    the stacked weights, an add of the stacked (3, 1, 4) biases, relu, squeezed slices."""
    weights, biases = [_rand(4, 8) for _ in range(3)], [_rand(4) for _ in range(3)]
    x = relay.var("x", shape=(2, 8))
    mod = _mod([x], _branches(x, weights, biases))
    out = transform.InferType()(transform.CombineParallelDense(3)(mod))

    xe = relay.var("x", shape=(2, 8))
    e = relay.expand_dims(xe, 0)
    y = relay.nn.batch_matmul(relay.concatenate([e, e, e], 0),
                              relay.concatenate([relay.expand_dims(relay.const(w), 0)
                                                 for w in weights], 0))
    bias = relay.concatenate([relay.expand_dims(relay.const(b), 0, 2) for b in biases], 0)
    y = relay.nn.relu(relay.add(y, bias))
    parts = [relay.squeeze(relay.strided_slice(y, [i], [i + 1], [1], axes=[0]), axis=[0])
             for i in range(3)]
    expected = _mod([xe], relay.Tuple(parts))
    assert tvm.ir.structural_equal(out["main"], expected["main"]), out["main"]
    _check_values(mod, out, weights, biases, (2, 8))


def test_different_units_concatenate_into_one_dense():
    """to_batch_matmul=False: dense (3|4|5, 8) become one dense of 12 units, the biases one
    bias_add, and each branch a slice of the last axis."""
    weights, biases = [_rand(u, 8) for u in (3, 4, 5)], [_rand(u) for u in (3, 4, 5)]
    x = relay.var("x", shape=(2, 8))
    mod = _mod([x], _branches(x, weights, biases))
    out = transform.InferType()(transform.CombineParallelDense(3, to_batch_matmul=False)(mod))

    xe = relay.var("x", shape=(2, 8))
    y = relay.nn.dense(xe, relay.concatenate([relay.const(w) for w in weights], 0))
    y = relay.nn.bias_add(y, relay.concatenate([relay.const(b) for b in biases], 0), axis=-1)
    y = relay.nn.relu(y)
    parts = [relay.strided_slice(y, [b], [e], [1], axes=[1]) for b, e in [(0, 3), (3, 7),
                                                                          (7, 12)]]
    expected = _mod([xe], relay.Tuple(parts))
    assert tvm.ir.structural_equal(out["main"], expected["main"]), out["main"]
    _check_values(mod, out, weights, biases, (2, 8))


def test_batched_per_branch_multiplier():
    """A per-branch (4,) multiplier after each dense is stacked to (3, 1, 4) in batch mode."""
    weights, scales = [_rand(4, 8) for _ in range(3)], [_rand(4) for _ in range(3)]
    x = relay.var("x", shape=(2, 8))
    mod = _mod([x], relay.Tuple([relay.multiply(relay.nn.dense(x, relay.const(w)),
                                                relay.const(s))
                                 for w, s in zip(weights, scales)]))
    out = transform.InferType()(transform.CombineParallelDense(3)(mod))
    text = out["main"].astext()
    assert "nn.batch_matmul" in text and text.count("multiply(") == 1, text
    xa = _rand(2, 8)
    for a, w, s in zip(_run(out, xa), weights, scales):
        np.testing.assert_allclose(a, (xa @ w.T) * s, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("units, branches", [((3, 4, 5), 3), ((4, 4), 2)])
def test_not_combined(units, branches):
    """Batch mode needs equal weight shapes, and at least min_num_branches (3) branches."""
    x = relay.var("x", shape=(2, 8))
    mod = _mod([x], relay.Tuple([relay.nn.dense(x, relay.const(_rand(u, 8)))
                                 for u in units[:branches]]))
    out = transform.CombineParallelDense(3)(mod)
    assert tvm.ir.structural_equal(out["main"], mod["main"]), out["main"]


def test_min_num_branches_below_two_is_a_value_error():
    with pytest.raises(ValueError, match="min_num_branches must be at least 2, got 0"):
        transform.CombineParallelDense(0)
