"""CombineParallelConv2D: sibling convolutions of one input merged into one conv2d + slices,
checked on the IR (structural equality), on values (before vs after, and against torch), and
on the cases that must stay apart."""
import numpy as np
import pytest
import torch

import tvm
from tvm import relay
from tvm.relay import transform

RNG = np.random.default_rng(11)
SHAPE = (1, 3, 8, 8)


def _rand(*shape):
    return RNG.uniform(-1, 1, size=shape).astype("float32")


def _mod(params, body):
    return transform.InferType()(tvm.IRModule.from_expr(relay.Function(params, body)))


def _run(mod, *args):
    out = relay.create_executor("debug", mod=mod, device=tvm.cpu(), target="llvm") \
        .evaluate()(*args)
    return [o.numpy() for o in out] if isinstance(out, (list, tuple)) or hasattr(out, "fields") \
        else [out.numpy()]


def _conv(x, w, b, stride=1):
    y = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w),
                                   torch.from_numpy(b), stride=stride, padding=1)
    return y.numpy()


def _branches(x, weights, biases, tails):
    outs = []
    for w, b, tail in zip(weights, biases, tails):
        y = relay.nn.conv2d(x, relay.const(w), padding=(1, 1))
        y = relay.nn.bias_add(y, relay.const(b))
        outs.append(tail(y) if tail else y)
    return relay.Tuple(outs)


def test_three_branches_with_bias_and_relu():
    """conv_i -> bias_add_i -> relu (i = 1..3, 4/5/6 channels): one conv of the concatenated
    kernels (15 channels), one bias_add of the joined biases, one relu, three slices."""
    weights = [_rand(c, 3, 3, 3) for c in (4, 5, 6)]
    biases = [_rand(c) for c in (4, 5, 6)]
    x = relay.var("x", shape=SHAPE)
    mod = _mod([x], _branches(x, weights, biases, [relay.nn.relu] * 3))
    out = transform.InferType()(transform.CombineParallelConv2D(3)(mod))

    xe = relay.var("x", shape=SHAPE)
    y = relay.nn.conv2d(xe, relay.concatenate([relay.const(w) for w in weights], 0),
                        padding=(1, 1), channels=15)
    y = relay.nn.relu(relay.nn.bias_add(y, relay.concatenate([relay.const(b) for b in biases],
                                                             0)))
    parts = [relay.strided_slice(y, [b], [e], [1], axes=[1]) for b, e in [(0, 4), (4, 9),
                                                                          (9, 15)]]
    expected = _mod([xe], relay.Tuple(parts))
    assert tvm.ir.structural_equal(out["main"], expected["main"]), out["main"]

    xa = _rand(*SHAPE)
    before, after = _run(mod, xa), _run(out, xa)
    for b, a, w, bias in zip(before, after, weights, biases):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(a, np.maximum(_conv(xa, w, bias), 0), rtol=1e-5, atol=1e-5)


def test_followers_are_cut_where_branches_differ():
    """Two branches end in relu, one in tanh: the bias_add is combined, the last ops are not."""
    weights = [_rand(4, 3, 3, 3) for _ in range(3)]
    biases = [_rand(4) for _ in range(3)]
    x = relay.var("x", shape=SHAPE)
    mod = _mod([x], _branches(x, weights, biases, [relay.nn.relu, relay.nn.relu, relay.tanh]))
    out = transform.InferType()(transform.CombineParallelConv2D(3)(mod))
    text = out["main"].astext()
    assert text.count("nn.conv2d(") == 1 and text.count("nn.bias_add(") == 1
    assert text.count("nn.relu(") == 2 and text.count("tanh(") == 1
    xa = _rand(*SHAPE)
    refs = [_conv(xa, w, b) for w, b in zip(weights, biases)]
    refs = [np.maximum(refs[0], 0), np.maximum(refs[1], 0), np.tanh(refs[2])]
    for a, b, r in zip(_run(out, xa), _run(mod, xa), refs):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(a, r, rtol=1e-5, atol=1e-5)


def test_shared_scalar_follower_and_two_branches():
    """With min_num_branches=2, two convs followed by multiply with the same scalar combine;
    the scalar is used once, unjoined."""
    weights, biases = [_rand(4, 3, 3, 3), _rand(2, 3, 3, 3)], [_rand(4), _rand(2)]
    x = relay.var("x", shape=SHAPE)
    two = lambda y: relay.multiply(y, relay.const(2.0))  # noqa: E731
    mod = _mod([x], _branches(x, weights, biases, [two, two]))
    out = transform.InferType()(transform.CombineParallelConv2D(2)(mod))
    text = out["main"].astext()
    assert text.count("nn.conv2d(") == 1 and text.count("multiply(") == 1, text
    xa = _rand(*SHAPE)
    for a, w, b in zip(_run(out, xa), weights, biases):
        np.testing.assert_allclose(a, 2 * _conv(xa, w, b), rtol=1e-5, atol=1e-5)


def _negative_cases():
    x = relay.var("x", shape=SHAPE)
    ws = [relay.const(_rand(4, 3, 3, 3)) for _ in range(3)]
    cases = {
        "two branches (min 3)": relay.Tuple([relay.nn.conv2d(x, w, padding=(1, 1))
                                             for w in ws[:2]]),
        "different strides": relay.Tuple([relay.nn.conv2d(x, w, padding=(1, 1), strides=(s, s))
                                          for w, s in zip(ws, (1, 1, 2))]),
        "different kernel sizes": relay.Tuple([
            relay.nn.conv2d(x, ws[0], padding=(1, 1)), relay.nn.conv2d(x, ws[1], padding=(1, 1)),
            relay.nn.conv2d(x, relay.const(_rand(4, 3, 1, 1)), padding=(1, 1))]),
        "different inputs": relay.Tuple([relay.nn.conv2d(relay.nn.relu(x), ws[0], padding=(1, 1)),
                                         relay.nn.conv2d(x, ws[1], padding=(1, 1)),
                                         relay.nn.conv2d(x, ws[2], padding=(1, 1))]),
    }
    return x, cases


X, NEGATIVE = _negative_cases()


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_not_combined(name):
    """Convolutions that cannot share one kernel stay as they are."""
    mod = _mod([X], NEGATIVE[name])
    out = transform.CombineParallelConv2D(3)(mod)
    assert tvm.ir.structural_equal(out["main"], mod["main"]), out["main"]


def test_min_num_branches_below_two_is_a_value_error():
    with pytest.raises(ValueError, match="min_num_branches must be at least 2, got 1"):
        transform.CombineParallelConv2D(1)
