"""ConvertLayout: convolutions to the layout asked for (NCHW <-> NHWC), pooling and elementwise
ops following, layout_transform only at the boundaries. Checked on the IR (structural equality),
on values (before vs after, against torch, and through relay.build), and on bad input."""
import numpy as np
import pytest
import torch

import tvm
import tvm.contrib.graph_executor  # noqa: F401
from tvm import relay
from tvm.relay import transform

RNG = np.random.default_rng(13)
NHWC = {"nn.conv2d": ["NHWC", "default"]}


def _rand(*shape, lo=-1.0, hi=1.0):
    return RNG.uniform(lo, hi, size=shape).astype("float32")


def _mod(params, body):
    return transform.InferType()(tvm.IRModule.from_expr(relay.Function(params, body)))


def _run(mod, *args):
    return relay.create_executor("debug", mod=mod, device=tvm.cpu(), target="llvm") \
        .evaluate()(*args).numpy()


def _tconv(x, w, b=None, pad=1):
    return torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w),
                                      None if b is None else torch.from_numpy(b), padding=pad)


def _nchw_net(x, w1, b1, s, w2):
    y = relay.nn.conv2d(x, relay.const(w1), padding=(1, 1))
    y = relay.nn.relu(relay.nn.bias_add(y, relay.const(b1)))
    y = relay.multiply(y, relay.const(s))
    y = relay.nn.max_pool2d(y, pool_size=(2, 2), strides=(2, 2))
    y = relay.nn.conv2d(y, relay.const(w2), padding=(1, 1))
    return relay.nn.global_avg_pool2d(y)


def test_nchw_network_to_nhwc():
    """conv -> bias_add -> relu -> multiply -> max_pool -> conv -> global pool, NCHW to NHWC:
    one transform in, one out, kernels OIHW -> HWIO, bias_add on axis 3, the per-channel
    multiplier reshaped to (1, 1, 1, C), pools with layout NHWC."""
    w1, b1, s, w2 = _rand(4, 3, 3, 3), _rand(4), _rand(4, 1, 1), _rand(5, 4, 3, 3)
    x = relay.var("x", shape=(1, 3, 8, 8))
    mod = _mod([x], _nchw_net(x, w1, b1, s, w2))
    out = transform.InferType()(transform.ConvertLayout(NHWC)(mod))

    xe = relay.var("x", shape=(1, 3, 8, 8))
    y = relay.layout_transform(xe, "NCHW", "NHWC")
    y = relay.nn.conv2d(y, relay.layout_transform(relay.const(w1), "OIHW", "HWIO"),
                        padding=(1, 1), data_layout="NHWC", kernel_layout="HWIO")
    y = relay.nn.relu(relay.nn.bias_add(y, relay.const(b1), axis=3))
    y = relay.multiply(y, relay.const(s.reshape(1, 1, 1, 4)))
    y = relay.nn.max_pool2d(y, pool_size=(2, 2), strides=(2, 2), layout="NHWC")
    y = relay.nn.conv2d(y, relay.layout_transform(relay.const(w2), "OIHW", "HWIO"),
                        padding=(1, 1), data_layout="NHWC", kernel_layout="HWIO")
    y = relay.nn.global_avg_pool2d(y, layout="NHWC")
    expected = _mod([xe], relay.layout_transform(y, "NHWC", "NCHW"))
    assert tvm.ir.structural_equal(out["main"], expected["main"]), out["main"]

    xa = _rand(1, 3, 8, 8)
    t = torch.relu(_tconv(xa, w1, b1)) * torch.from_numpy(s)
    t = torch.nn.functional.max_pool2d(t, 2, 2)
    ref = _tconv(t.numpy(), w2).mean(dim=(2, 3), keepdim=True).numpy()
    np.testing.assert_allclose(_run(out, xa), _run(mod, xa), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_run(out, xa), ref, rtol=1e-5, atol=1e-5)

    # relay.build folds the kernel transforms and runs the NHWC convolutions.
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(out, target="llvm")
    gmod = tvm.contrib.graph_executor.GraphModule(lib["default"](tvm.cpu()))
    gmod.set_input("x", xa)
    gmod.run()
    np.testing.assert_allclose(gmod.get_output(0).numpy(), ref, rtol=1e-5, atol=1e-5)


def test_nhwc_residual_block_to_nchw():
    """NHWC convs with a (C,) bias add, relu and a residual add, to NCHW: both convs, the adds
    and the relu run in NCHW; the only data transforms are at the input and the output."""
    w1, w2, b = _rand(3, 3, 4, 4), _rand(3, 3, 4, 4), _rand(4)
    x = relay.var("x", shape=(1, 6, 6, 4))

    def conv(d, w):
        return relay.nn.conv2d(d, relay.const(w), padding=(1, 1), data_layout="NHWC",
                               kernel_layout="HWIO")

    y = relay.nn.relu(relay.add(conv(x, w1), relay.const(b)))
    y = relay.add(conv(y, w2), x)
    mod = _mod([x], y)
    out = transform.InferType()(transform.ConvertLayout({"nn.conv2d": ["NCHW"]})(mod))
    body = out["main"].body
    assert body.op.name == "layout_transform" and body.attrs.src_layout == "NCHW"
    transforms = []
    relay.analysis.post_order_visit(body, lambda e: transforms.append(e.attrs.src_layout + ">" +
                                                                      e.attrs.dst_layout)
                                    if isinstance(e, relay.Call) and
                                    e.op.name == "layout_transform" else None)
    assert sorted(transforms) == ["HWIO>OIHW", "HWIO>OIHW", "NCHW>NHWC", "NHWC>NCHW"]

    xa = _rand(1, 6, 6, 4)
    xt = xa.transpose(0, 3, 1, 2)
    t = torch.relu(_tconv(xt, w1.transpose(3, 2, 0, 1), b))
    ref = (_tconv(t.numpy(), w2.transpose(3, 2, 0, 1)).numpy() + xt).transpose(0, 2, 3, 1)
    np.testing.assert_allclose(_run(out, xa), _run(mod, xa), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_run(out, xa), ref, rtol=1e-5, atol=1e-5)


def test_conv_already_in_the_desired_layout_is_unchanged():
    x = relay.var("x", shape=(1, 6, 6, 3))
    y = relay.nn.conv2d(x, relay.const(_rand(3, 3, 3, 4)), data_layout="NHWC",
                        kernel_layout="HWIO")
    mod = _mod([x], relay.nn.relu(y))
    out = transform.ConvertLayout(NHWC)(mod)
    assert tvm.ir.structural_equal(out["main"], mod["main"])


def test_layout_dependent_followers_see_the_original_layout():
    """prelu (an axis attribute) and softmax do not follow: the transform back comes before
    them, and the values are unchanged."""
    w, alpha = _rand(4, 3, 3, 3), _rand(4)
    x = relay.var("x", shape=(1, 3, 5, 5))
    y = relay.nn.prelu(relay.nn.conv2d(x, relay.const(w), padding=(1, 1)), relay.const(alpha))
    mod = _mod([x], relay.nn.softmax(y, axis=1))
    out = transform.InferType()(transform.ConvertLayout(NHWC)(mod))
    prelu = out["main"].body.args[0]
    assert prelu.op.name == "nn.prelu" and prelu.args[0].op.name == "layout_transform"
    xa = _rand(1, 3, 5, 5)
    t = _tconv(xa, w)
    ref = torch.softmax(torch.nn.functional.prelu(t, torch.from_numpy(alpha)), dim=1).numpy()
    np.testing.assert_allclose(_run(out, xa), _run(mod, xa), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(_run(out, xa), ref, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("desired, error, match", [
    ({"nn.dense": ["NC"]}, ValueError, "no layout can be asked for op 'nn.dense'"),
    ({"nn.conv2d": ["NCHW4c"]}, ValueError, "must be NCHW or NHWC, got \"NCHW4c\""),
    ({"nn.conv2d": ["NHWC", "OIHW"]}, ValueError, "kernel layout HWIO .* got \"OIHW\""),
    ({"nn.conv2d": []}, ValueError, "got 0 layouts"),
    ({"nn.conv2d": "NHWC"}, TypeError, "must be a list of str"),
    (["NHWC"], TypeError, "must be a dict"),
])
def test_bad_desired_layouts(desired, error, match):
    """Desired layouts the pass cannot honour are typed errors naming what was found."""
    with pytest.raises(error, match=match):
        transform.ConvertLayout(desired)
