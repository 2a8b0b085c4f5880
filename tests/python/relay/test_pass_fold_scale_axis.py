"""FoldScaleAxis: per-channel constant scales folded into conv2d/dense weights. Each rewrite is
checked on the IR (structural equality with the hand-built result), on values (before vs after
the pass, and against torch), and on the cases where the pass must leave the program alone."""
import numpy as np
import pytest
import torch

import tvm
from tvm import relay
from tvm.relay import transform

RNG = np.random.default_rng(7)


def _rand(*shape, lo=-1.0, hi=1.0):
    return RNG.uniform(lo, hi, size=shape).astype("float32")


def _mod(params, body):
    return transform.InferType()(tvm.IRModule.from_expr(relay.Function(params, body)))


def _run(mod, *args):
    out = relay.create_executor("debug", mod=mod, device=tvm.cpu(), target="llvm") \
        .evaluate()(*args)
    return out.numpy()


def _assert_same(mod, expected_body, params):
    expected = _mod(params, expected_body)
    assert tvm.ir.structural_equal(mod["main"], expected["main"]), \
        f"got\n{mod['main']}\nexpected\n{expected['main']}"


def _conv(x, w, pad=1):
    return torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w),
                                      padding=pad).numpy()


def test_backward_conv_bias_relu_multiply():
    """multiply(relu(bias_add(conv(x, W), b)), s) with s > 0 along C: W*s, b*s, no multiply."""
    x = relay.var("x", shape=(2, 3, 8, 8))
    w, b, s = _rand(4, 3, 3, 3), _rand(4), _rand(4, 1, 1, lo=0.5, hi=2.0)
    y = relay.nn.conv2d(x, relay.const(w), padding=(1, 1))
    y = relay.multiply(relay.nn.relu(relay.nn.bias_add(y, relay.const(b))), relay.const(s))
    mod = _mod([x], y)
    out = transform.InferType()(transform.BackwardFoldScaleAxis()(mod))

    xe = relay.var("x", shape=(2, 3, 8, 8))
    ye = relay.nn.conv2d(xe, relay.const(w * s.reshape(4, 1, 1, 1)), padding=(1, 1))
    ye = relay.nn.relu(relay.nn.bias_add(ye, relay.const(b * s.reshape(4))))
    _assert_same(out, ye, [xe])

    xa = _rand(2, 3, 8, 8)
    before, after = _run(mod, xa), _run(out, xa)
    np.testing.assert_allclose(after, before, rtol=1e-5, atol=1e-5)
    ref = np.maximum(_conv(xa, w) + b.reshape(1, 4, 1, 1), 0) * s.reshape(1, 4, 1, 1)
    np.testing.assert_allclose(after, ref, rtol=1e-5, atol=1e-5)


def test_batch_norm_folds_into_the_convolution():
    """conv -> batch_norm -> relu: after SimplifyInference, FoldConstant and FoldScaleAxis the
    scale lives in the weights (W * gamma / sqrt(var + eps)); values match torch's eval-mode
    batch norm."""
    x = relay.var("x", shape=(1, 3, 10, 10))
    w = _rand(6, 3, 3, 3)
    gamma, beta, mean = _rand(6, lo=0.5, hi=1.5), _rand(6), _rand(6)
    var = _rand(6, lo=0.5, hi=2.0)
    y = relay.nn.conv2d(x, relay.const(w), padding=(1, 1))
    y = relay.nn.batch_norm(y, *(relay.const(v) for v in (gamma, beta, mean, var)),
                            epsilon=1e-5)[0]
    mod = _mod([x], relay.nn.relu(y))
    seq = tvm.transform.Sequential([transform.SimplifyInference(), transform.FoldConstant(),
                                    transform.FoldScaleAxis(), transform.FoldConstant()])
    with tvm.transform.PassContext(opt_level=3):  # FoldScaleAxis is an opt_level 3 pass
        out = transform.InferType()(seq(mod))
    text = out["main"].astext()
    assert "multiply" not in text and "batch_norm" not in text, text
    conv = out["main"].body.args[0].args[0]
    assert conv.op.name == "nn.conv2d"
    scale = gamma / np.sqrt(var + 1e-5)
    np.testing.assert_allclose(conv.args[1].data.numpy(), w * scale.reshape(6, 1, 1, 1),
                               rtol=1e-6, atol=1e-7)

    xa = _rand(1, 3, 10, 10)
    ref = torch.nn.functional.batch_norm(
        torch.from_numpy(_conv(xa, w)), torch.from_numpy(mean), torch.from_numpy(var),
        torch.from_numpy(gamma), torch.from_numpy(beta), training=False, eps=1e-5)
    ref = torch.relu(ref).numpy()
    np.testing.assert_allclose(_run(out, xa), _run(mod, xa), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_run(out, xa), ref, rtol=1e-5, atol=1e-5)


def test_forward_multiply_relu_conv():
    """conv(relu(x * s), W) with s > 0 along C becomes conv(relu(x), W * s along I)."""
    x = relay.var("x", shape=(1, 4, 6, 6))
    w, s = _rand(5, 4, 3, 3), _rand(4, 1, 1, lo=0.1, hi=3.0)
    y = relay.nn.conv2d(relay.nn.relu(relay.multiply(x, relay.const(s))), relay.const(w),
                        padding=(1, 1))
    mod = _mod([x], y)
    out = transform.InferType()(transform.ForwardFoldScaleAxis()(mod))

    xe = relay.var("x", shape=(1, 4, 6, 6))
    ye = relay.nn.conv2d(relay.nn.relu(xe), relay.const(w * s.reshape(1, 4, 1, 1)),
                         padding=(1, 1))
    _assert_same(out, ye, [xe])

    xa = _rand(1, 4, 6, 6)
    np.testing.assert_allclose(_run(out, xa), _run(mod, xa), rtol=1e-5, atol=1e-5)
    ref = _conv(np.maximum(xa * s.reshape(1, 4, 1, 1), 0), w)
    np.testing.assert_allclose(_run(out, xa), ref, rtol=1e-5, atol=1e-5)


def test_dense_scales_on_both_sides():
    """dense(x * s1, W) * s2 -> dense(x, (W * s2 rows) * s1 columns): backward, then forward."""
    x = relay.var("x", shape=(3, 8))
    w, s1, s2 = _rand(5, 8), _rand(8, lo=0.5, hi=2), _rand(5, lo=-2, hi=2)
    y = relay.multiply(relay.nn.dense(relay.multiply(x, relay.const(s1)), relay.const(w)),
                       relay.const(s2))
    mod = _mod([x], y)
    out = transform.InferType()(transform.FoldScaleAxis()(mod))

    xe = relay.var("x", shape=(3, 8))
    folded = (w * s2.reshape(5, 1)) * s1.reshape(1, 8)
    _assert_same(out, relay.nn.dense(xe, relay.const(folded)), [xe])

    xa = _rand(3, 8)
    np.testing.assert_allclose(_run(out, xa), _run(mod, xa), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_run(out, xa), ((xa * s1) @ w.T) * s2, rtol=1e-5, atol=1e-5)


def test_nhwc_conv_with_add_and_a_variable_weight():
    """NHWC/HWIO, bias as an add of a (C,) constant, weight a parameter: the weight gets a
    multiply by the scale along O (the last HWIO axis), the bias is scaled on the host."""
    x = relay.var("x", shape=(1, 6, 6, 3))
    wv = relay.var("w", shape=(3, 3, 3, 4))
    b, s = _rand(4), _rand(4, lo=-2, hi=2)
    y = relay.nn.conv2d(x, wv, padding=(1, 1), data_layout="NHWC", kernel_layout="HWIO")
    y = relay.multiply(relay.add(y, relay.const(b)), relay.const(s))
    mod = _mod([x, wv], y)
    out = transform.InferType()(transform.FoldScaleAxis()(mod))

    xe, we = relay.var("x", shape=(1, 6, 6, 3)), relay.var("w", shape=(3, 3, 3, 4))
    ye = relay.nn.conv2d(xe, relay.multiply(we, relay.const(s.reshape(1, 1, 1, 4))),
                         padding=(1, 1), data_layout="NHWC", kernel_layout="HWIO")
    _assert_same(out, relay.add(ye, relay.const(b * s)), [xe, we])

    xa, wa = _rand(1, 6, 6, 3), _rand(3, 3, 3, 4)
    np.testing.assert_allclose(_run(out, xa, wa), _run(mod, xa, wa), rtol=1e-5, atol=1e-5)
    ref = _conv(xa.transpose(0, 3, 1, 2), wa.transpose(3, 2, 0, 1)).transpose(0, 2, 3, 1)
    np.testing.assert_allclose(_run(out, xa, wa), (ref + b) * s, rtol=1e-5, atol=1e-5)


def _conv_chain(scale, relu_first=True):
    x = relay.var("x", shape=(1, 3, 6, 6))
    y = relay.nn.conv2d(x, relay.const(_rand(4, 3, 3, 3)), padding=(1, 1))
    if relu_first:
        y = relay.nn.relu(y)
    return x, relay.multiply(y, scale)


def _negative_cases():
    cases = {}
    x, y = _conv_chain(relay.var("s", shape=(4, 1, 1)))
    cases["non-constant scale"] = ([x, y.args[1]], y)
    x, y = _conv_chain(relay.const(_rand(4, 1, 1, lo=-2, hi=-0.5)))
    cases["negative scale after relu"] = ([x], y)
    x, y = _conv_chain(relay.const(_rand(1, 1, 6, 1, lo=0.5, hi=2)))
    cases["scale along a spatial axis"] = ([x], y)
    x = relay.var("x", shape=(1, 3, 6, 6))
    c = relay.nn.conv2d(x, relay.const(_rand(4, 3, 3, 3)), padding=(1, 1))
    cases["conv output used twice"] = (
        [x], relay.Tuple([relay.multiply(c, relay.const(_rand(4, 1, 1))), c]))
    x = relay.var("x", shape=(1, 4, 6, 6))
    cases["negative scale before relu"] = ([x], relay.nn.conv2d(
        relay.nn.relu(relay.multiply(x, relay.const(_rand(4, 1, 1, lo=-2, hi=-0.5)))),
        relay.const(_rand(5, 4, 3, 3))))
    cases["grouped convolution (forward)"] = ([x], relay.nn.conv2d(
        relay.multiply(x, relay.const(_rand(4, 1, 1))), relay.const(_rand(4, 2, 3, 3)),
        groups=2))
    inf_scale = _rand(4, 1, 1, lo=0.5, hi=2)
    inf_scale[1] = np.inf
    x, y = _conv_chain(relay.const(inf_scale), relu_first=False)
    cases["a non-finite scale"] = ([x], y)
    cases["scale after a one-argument op"] = ([x], relay.multiply(
        relay.sum(x, axis=1, keepdims=True), relay.const(_rand(1, 1, 1, lo=0.5, hi=2))))
    return cases


NEGATIVE = _negative_cases()


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_not_folded(name):
    """Cases where folding would be wrong or impossible leave the program unchanged."""
    params, body = NEGATIVE[name]
    mod = _mod(params, body)
    out = transform.FoldScaleAxis()(mod)
    assert tvm.ir.structural_equal(out["main"], mod["main"]), out["main"]


def test_ill_typed_program_is_a_diagnostic_error():
    """A program that does not type-check is reported by type inference, not folded."""
    x = relay.var("x", shape=(1, 3, 6, 6))
    y = relay.multiply(relay.nn.conv2d(x, relay.const(_rand(4, 5, 3, 3))),
                       relay.const(_rand(4, 1, 1)))
    with pytest.raises(tvm.error.DiagnosticError, match="conv2d"):
        transform.FoldScaleAxis()(tvm.IRModule.from_expr(relay.Function([x], y)))
