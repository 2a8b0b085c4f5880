"""relay.testing networks end to end: the graph executor's output equals the op-by-op debug
executor's, both equal an independent reference (torch for ResNet-18, numpy for the MLP and
MobileNet), and fused vs unfused builds agree."""
import numpy as np
import pytest

import tvm
from tvm import relay
from tvm.contrib import graph_executor
from tvm.relay import testing
from tvm.topi import testing as ref_ops


def _graph_run(mod, params, x, opt_level=3):
    with tvm.transform.PassContext(opt_level=opt_level):
        lib = relay.build(mod, target="llvm", params=params)
    m = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    m.set_input("data", x)
    m.run()
    return m.get_output(0).numpy()


def _debug_run(mod, params, x):
    run = relay.create_executor("debug", mod=mod, device=tvm.cpu(), target="llvm",
                                params=params).evaluate()
    return run(x).numpy()


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _np_params(params):
    return {k: v.numpy() for k, v in params.items()}


def test_mlp_matches_numpy_and_the_debug_executor():
    """The MLP (dense + relu + softmax) equals its numpy forward pass."""
    mod, params = testing.mlp.get_workload(batch_size=3)
    x = np.random.rand(3, 1, 28, 28).astype("float32")
    p = _np_params(params)
    h = x.reshape(3, -1)
    h = np.maximum(h @ p["fc1_weight"].T + p["fc1_bias"], 0)
    h = np.maximum(h @ p["fc2_weight"].T + p["fc2_bias"], 0)
    ref = _softmax(h @ p["fc3_weight"].T + p["fc3_bias"])
    graph = _graph_run(mod, params, x)
    np.testing.assert_allclose(graph, ref, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(_debug_run(mod, params, x), graph, rtol=1e-5, atol=1e-7)


def _bn(x, p, name, eps=2e-5):
    shape = (1, -1, 1, 1)
    scale = p[name + "_gamma"] / np.sqrt(p[name + "_moving_var"] + eps)
    return (x - p[name + "_moving_mean"].reshape(shape)) * scale.reshape(shape) + \
        p[name + "_beta"].reshape(shape)


def _mobilenet_numpy(x, p):
    """MobileNet v1 forward in numpy with TOPI's independent reference convolutions."""
    relu = lambda v: np.maximum(v, 0)  # noqa: E731
    h = relu(_bn(ref_ops.conv2d_nchw_python(x, p["conv0_conv_weight"], 2, 1), p, "conv0_bn"))
    plan = [(32, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1),
            (256, 512, 2)] + [(512, 512, 1)] * 5 + [(512, 1024, 2), (1024, 1024, 1)]
    for i, (_, _, s) in enumerate(plan):
        name = f"sep{i + 1}"
        h = relu(_bn(ref_ops.depthwise_conv2d_python_nchw(h, p[name + "_dw_weight"], s, 1),
                     p, name + "_dw_bn"))
        h = relu(_bn(ref_ops.conv2d_nchw_python(h, p[name + "_pw_conv_weight"], 1, 0), p,
                     name + "_pw_bn"))
    h = h.mean(axis=(2, 3))
    return _softmax(h @ p["fc_weight"].T + p["fc_bias"])


@pytest.mark.parametrize("size", [32])
def test_mobilenet_matches_numpy_reference(size):
    """MobileNet (depthwise-separable convs, batch_norm, global pool, dense) on a small
    input equals the numpy forward; debug and graph executors agree."""
    mod, params = testing.mobilenet.get_workload(batch_size=1, num_classes=10,
                                                 image_shape=(3, size, size))
    x = np.random.rand(1, 3, size, size).astype("float32")
    graph = _graph_run(mod, params, x)
    ref = _mobilenet_numpy(x, _np_params(params))
    np.testing.assert_allclose(graph, ref, rtol=1e-3, atol=1e-5)
    np.testing.assert_allclose(_debug_run(mod, params, x), graph, rtol=1e-4, atol=1e-6)


def _torch_resnet18(p, num_classes):
    """A torch ResNet-18 (v1, basic blocks) carrying the relay.testing weights."""
    torch = pytest.importorskip("torch")
    nn = torch.nn

    def bn(name, c):
        m = nn.BatchNorm2d(c, eps=2e-5)
        m.weight.data = torch.from_numpy(p[name + "_gamma"])
        m.bias.data = torch.from_numpy(p[name + "_beta"])
        m.running_mean = torch.from_numpy(p[name + "_moving_mean"])
        m.running_var = torch.from_numpy(p[name + "_moving_var"])
        return m

    def conv(name, cin, cout, k, s, pad):
        m = nn.Conv2d(cin, cout, k, s, pad, bias=False)
        m.weight.data = torch.from_numpy(p[name + "_weight"])
        return m

    class Block(nn.Module):
        def __init__(self, name, cin, cout, stride):
            super().__init__()
            self.c1, self.b1 = conv(name + "_conv1", cin, cout, 3, stride, 1), bn(name + "_bn1", cout)
            self.c2, self.b2 = conv(name + "_conv2", cout, cout, 3, 1, 1), bn(name + "_bn2", cout)
            self.sc = None
            if cin != cout or stride != 1:
                self.sc = nn.Sequential(conv(name + "_sc", cin, cout, 1, stride, 0),
                                        bn(name + "_sc_bn", cout))

        def forward(self, x):
            y = self.b2(self.c2(torch.relu(self.b1(self.c1(x)))))
            return torch.relu(y + (x if self.sc is None else self.sc(x)))

    layers = [conv("conv0", 3, 64, 7, 2, 3), bn("bn0", 64), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for stage, cout in enumerate([64, 128, 256, 512]):
        for unit in range(2):
            stride = 2 if stage > 0 and unit == 0 else 1
            layers.append(Block(f"stage{stage + 1}_unit{unit + 1}", cin, cout, stride))
            cin = cout
    fc = nn.Linear(512, num_classes)
    fc.weight.data = torch.from_numpy(p["fc1_weight"])
    fc.bias.data = torch.from_numpy(p["fc1_bias"])
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), fc, nn.Softmax(dim=1)]
    return nn.Sequential(*layers).eval()


def test_resnet18_matches_torch_fused_and_unfused():
    """ResNet-18 equals a torch ResNet-18 with the same weights; the fused build (opt 3),
    the unfused build (opt 0) and the debug executor agree."""
    torch = pytest.importorskip("torch")
    mod, params = testing.resnet.get_workload(num_layers=18, batch_size=1, num_classes=100,
                                              image_shape=(3, 64, 64))
    x = np.random.rand(1, 3, 64, 64).astype("float32")
    fused = _graph_run(mod, params, x, opt_level=3)
    net = _torch_resnet18(_np_params(params), 100)
    with torch.no_grad():
        ref = net(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(fused, ref, rtol=1e-3, atol=1e-6)
    unfused = _graph_run(mod, params, x, opt_level=0)
    np.testing.assert_allclose(unfused, fused, rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(_debug_run(mod, params, x), fused, rtol=1e-4, atol=1e-7)
