"""Every Relay operator runs through relay.create_executor (graph and debug) and equals an
independent reference: numpy, or torch where numpy has no such operator. Odd shapes, negative
axes, broadcasting, padding/stride/dilation/group combinations; float32 (rtol 1e-5, 1e-4 for
reductions and convolutions), float16 (rtol 1e-2) and int8/int32 (exact) where supported."""
import numpy as np
import pytest

import tvm
from tvm import relay

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _v(name, a):
    return relay.var(name, shape=a.shape, dtype=str(a.dtype))


def _run(build, arrays, kind="graph"):
    vs = [_v(f"x{i}", a) for i, a in enumerate(arrays)]
    out = build(*vs)
    mod = tvm.IRModule.from_expr(relay.Function(vs, out))
    res = relay.create_executor(kind, mod=mod, device=tvm.cpu(), target="llvm").evaluate()(*arrays)
    if isinstance(res, tuple):
        return [r.numpy() for r in res]
    return res.numpy()


def _r(*shape, dtype="float32", low=-2.0, high=2.0):
    if dtype.startswith("int") or dtype.startswith("uint"):
        return np.random.randint(int(low), int(high) + 1, size=shape).astype(dtype)
    return np.random.uniform(low, high, size=shape).astype(dtype)


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


POS = dict(low=0.1, high=3.0)
CASES = {
    # name: (relay builder, inputs, numpy reference, rtol)
    "exp": (relay.exp, [_r(3, 5)], np.exp, 1e-5),
    "log": (relay.log, [_r(3, 5, **POS)], np.log, 1e-5),
    "sqrt": (relay.sqrt, [_r(7, **POS)], np.sqrt, 1e-5),
    "rsqrt": (relay.rsqrt, [_r(7, **POS)], lambda a: 1 / np.sqrt(a), 1e-5),
    "tanh": (relay.tanh, [_r(2, 9)], np.tanh, 1e-5),
    "sigmoid": (relay.sigmoid, [_r(2, 9)], lambda a: 1 / (1 + np.exp(-a)), 1e-5),
    "erf": (relay.erf, [_r(33)], lambda a: torch.erf(_t(a)).numpy(), 1e-5),
    "negative": (relay.negative, [_r(4)], np.negative, 0),
    "abs": (relay.abs, [_r(4, 3)], np.abs, 0),
    "floor": (relay.floor, [_r(6)], np.floor, 0),
    "ceil": (relay.ceil, [_r(6)], np.ceil, 0),
    "round": (relay.round, [_r(6) + 0.013], np.round, 0),
    "sign": (relay.sign, [_r(6)], np.sign, 0),
    "clip": (lambda x: relay.clip(x, -0.5, 0.7), [_r(11)], lambda a: np.clip(a, -0.5, 0.7), 0),
    "cast": (lambda x: relay.cast(x, "int32"), [_r(5) * 10], lambda a: a.astype("int32"), 0),
    "copy": (relay.copy, [_r(3, 2)], np.copy, 0),
    "tan": (relay.tan, [_r(9, low=-1.2, high=1.2)], np.tan, 1e-5),
    "sinh": (relay.sinh, [_r(9)], np.sinh, 1e-5),
    "cosh": (relay.cosh, [_r(9)], np.cosh, 1e-5),
    "asin": (relay.asin, [_r(9, low=-0.99, high=0.99)], np.arcsin, 1e-5),
    "acos": (relay.acos, [_r(9, low=-0.99, high=0.99)], np.arccos, 1e-5),
    "atan": (relay.atan, [_r(9, low=-5, high=5)], np.arctan, 1e-5),
    "trunc": (relay.trunc, [_r(9) * 3], np.trunc, 0),
    "isnan": (relay.isnan, [np.array([0.0, np.nan, np.inf, -1.0], "float32")], np.isnan, 0),
    "isinf": (relay.isinf, [np.array([0.0, np.nan, np.inf, -np.inf], "float32")], np.isinf, 0),
    "isfinite": (relay.isfinite, [np.array([0.0, np.nan, np.inf, -2.5], "float32")],
                 np.isfinite, 0),
    "bitwise_not": (relay.bitwise_not, [_r(7, dtype="int32", low=-50, high=50)], np.invert, 0),
    "bitwise_and": (relay.bitwise_and, [_r(2, 5, dtype="int32", low=-99, high=99),
                                        _r(5, dtype="int32", low=-99, high=99)],
                    np.bitwise_and, 0),
    "bitwise_or": (relay.bitwise_or, [_r(5, dtype="uint8", low=0, high=255),
                                      _r(5, dtype="uint8", low=0, high=255)], np.bitwise_or, 0),
    "bitwise_xor": (relay.bitwise_xor, [_r(3, 4, dtype="int64", low=-99, high=99),
                                        _r(3, 4, dtype="int64", low=-99, high=99)],
                    np.bitwise_xor, 0),
    "left_shift": (relay.left_shift, [_r(6, dtype="uint32", low=0, high=1000),
                                      _r(6, dtype="uint32", low=0, high=8)], np.left_shift, 0),
    "right_shift": (relay.right_shift, [_r(6, dtype="int32", low=-1000, high=1000),
                                        _r(6, dtype="int32", low=0, high=5)], np.right_shift, 0),
    "trunc_divide": (relay.trunc_divide, [_r(8, dtype="int32", low=-20, high=20),
                                          np.array([3, -3, 4, -4, 5, 7, -2, 2], "int32")],
                     lambda a, b: (np.trunc(a / b)).astype("int32"), 0),
    "trunc_mod": (relay.trunc_mod, [_r(8, dtype="int32", low=-20, high=20),
                                    np.array([3, -3, 4, -4, 5, 7, -2, 2], "int32")],
                  np.fmod, 0),
    "add": (relay.add, [_r(3, 1, 5), _r(4, 1)], np.add, 1e-6),
    "subtract": (relay.subtract, [_r(5), _r(3, 5)], np.subtract, 1e-6),
    "multiply": (relay.multiply, [_r(2, 3), _r(2, 3)], np.multiply, 1e-6),
    "divide": (relay.divide, [_r(2, 3), _r(2, 3, **POS)], np.divide, 1e-6),
    "power": (relay.power, [_r(4, **POS), _r(4)], np.power, 1e-5),
    "maximum": (relay.maximum, [_r(4, 4), _r(4)], np.maximum, 0),
    "minimum": (relay.minimum, [_r(4, 4), _r(4)], np.minimum, 0),
    "floor_divide": (relay.floor_divide, [_r(9, dtype="int32", low=-20, high=20),
                                          _r(9, dtype="int32", low=1, high=5)], np.floor_divide, 0),
    "mod": (relay.mod, [_r(9, dtype="int32", low=-20, high=20),
                        _r(9, dtype="int32", low=1, high=5)], np.fmod, 0),
    "equal": (relay.equal, [_r(5).round(), _r(5).round()], np.equal, 0),
    "less": (relay.less, [_r(5), _r(5)], np.less, 0),
    "greater": (relay.greater, [_r(3, 5), _r(5)], np.greater, 0),
    "logical_and": (lambda a, b: relay.logical_and(relay.greater(a, b), relay.less(a, b)),
                    [_r(6), _r(6)], lambda a, b: (a > b) & (a < b), 0),
    "logical_or": (lambda a, b: relay.logical_or(relay.greater(a, b), relay.less(a, b)),
                   [_r(6), _r(6)], lambda a, b: (a > b) | (a < b), 0),
    "logical_not": (lambda a: relay.logical_not(relay.greater(a, relay.const(0.0))), [_r(6)],
                    lambda a: ~(a > 0), 0),
    "where": (lambda c, x, y: relay.where(relay.greater(c, relay.const(0.0)), x, y),
              [_r(3, 1), _r(3, 4), _r(4)], lambda c, x, y: np.where(c > 0, x, y), 0),
    "sum": (lambda x: relay.sum(x, axis=(0, -1)), [_r(3, 4, 5)], lambda a: a.sum((0, 2)), 1e-5),
    "mean": (lambda x: relay.mean(x, axis=1, keepdims=True), [_r(3, 7)],
             lambda a: a.mean(1, keepdims=True), 1e-5),
    "max": (lambda x: relay.max(x, axis=-1), [_r(3, 7)], lambda a: a.max(-1), 0),
    "min": (lambda x: relay.min(x), [_r(3, 7)], lambda a: a.min(), 0),
    "prod": (lambda x: relay.prod(x, axis=0), [_r(3, 5, **POS)], lambda a: a.prod(0), 1e-5),
    "argmax": (lambda x: relay.argmax(x, axis=1), [_r(4, 6)], lambda a: a.argmax(1), 0),
    "argmin": (lambda x: relay.argmin(x, axis=-1), [_r(4, 6)], lambda a: a.argmin(-1), 0),
    "variance": (lambda x: relay.variance(x, axis=1), [_r(3, 9)], lambda a: a.var(1), 1e-4),
    "reshape": (lambda x: relay.reshape(x, (0, -1)), [_r(3, 4, 5)], lambda a: a.reshape(3, 20), 0),
    "reshape_like": (lambda x, y: relay.reshape_like(x, y), [_r(6, 2), _r(3, 4)],
                     lambda a, b: a.reshape(3, 4), 0),
    "transpose": (lambda x: relay.transpose(x, (2, 0, 1)), [_r(2, 3, 4)],
                  lambda a: a.transpose(2, 0, 1), 0),
    "squeeze": (lambda x: relay.squeeze(x, [0, 2]), [_r(1, 3, 1, 4)],
                lambda a: a.squeeze((0, 2)), 0),
    "expand_dims": (lambda x: relay.expand_dims(x, -1, 2), [_r(3, 2)],
                    lambda a: a.reshape(3, 2, 1, 1), 0),
    "concatenate": (lambda x, y: relay.concatenate([x, y], axis=-1), [_r(2, 3), _r(2, 5)],
                    lambda a, b: np.concatenate([a, b], -1), 0),
    "stack": (lambda x, y: relay.stack([x, y], axis=1), [_r(2, 3), _r(2, 3)],
              lambda a, b: np.stack([a, b], 1), 0),
    "split": (lambda x: relay.split(x, [1, 4], axis=1).astuple(), [_r(2, 6)],
              lambda a: np.split(a, [1, 4], axis=1), 0),
    "strided_slice": (lambda x: relay.strided_slice(x, [1, 4], [3, 0], [1, -2]), [_r(4, 6)],
                      lambda a: a[1:3, 4:0:-2], 0),
    "take": (lambda x: relay.take(x, relay.const(np.array([[2, 0], [1, 1]], "int32")), axis=1),
             [_r(3, 4)], lambda a: np.take(a, [[2, 0], [1, 1]], axis=1), 0),
    "gather": (lambda x: relay.gather(x, 1, relay.const(np.array([[0, 2], [1, 0]], "int32"))),
               [_r(2, 3)], lambda a: np.take_along_axis(a, np.array([[0, 2], [1, 0]]), 1), 0),
    "scatter_elements": (lambda x, u: relay.scatter_elements(
        x, relay.const(np.array([[1, 0], [2, 2]], "int64")), u, axis=1),
        [_r(2, 3), _r(2, 2)], None, 0),
    "tile": (lambda x: relay.tile(x, (2, 1, 3)), [_r(2, 3)], lambda a: np.tile(a, (2, 1, 3)), 0),
    "repeat": (lambda x: relay.repeat(x, 2, axis=0), [_r(2, 3)], lambda a: np.repeat(a, 2, 0), 0),
    "broadcast_to": (lambda x: relay.broadcast_to(x, (2, 3, 4)), [_r(3, 1)],
                     lambda a: np.broadcast_to(a, (2, 3, 4)), 0),
    "zeros_ones_full": (lambda x: relay.Tuple([relay.zeros((2, 3), "float32"),
                                               relay.ones((2,), "int32"),
                                               relay.full(relay.const(2.5), (3,), "float32"),
                                               relay.add(x, relay.const(0.0))]),
                        [_r(1)], lambda a: [np.zeros((2, 3), "float32"), np.ones(2, "int32"),
                                            np.full(3, 2.5, "float32"), a], 0),
    "arange": (lambda x: relay.add(relay.arange(relay.const(1.0), relay.const(3.0),
                                                relay.const(0.25)), x),
               [_r(1)], lambda a: np.arange(1.0, 3.0, 0.25, dtype="float32") + a, 1e-6),
    "one_hot": (lambda x: relay.one_hot(relay.cast(x, "int32"), relay.const(1.0),
                                        relay.const(0.0), 4, -1, "float32"),
                [np.array([0, 3, 1], "float32")], lambda a: np.eye(4, dtype="float32")[
                    a.astype(int)], 0),
}


def _scatter_ref(a, u):
    out = a.copy()
    idx = np.array([[1, 0], [2, 2]])
    for i in range(2):
        for j in range(2):
            out[i, idx[i, j]] = u[i, j]
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_tensor_operator(name):
    """The operator on random data equals its numpy reference."""
    build, arrays, ref, rtol = CASES[name]
    ref = _scatter_ref if name == "scatter_elements" else ref
    got = _run(build, arrays)
    want = ref(*arrays)
    if isinstance(want, list):
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, rtol=rtol, atol=1e-6)
    else:
        np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-6)


@pytest.mark.parametrize("strides,padding,dilation,groups", [
    ((1, 1), (1, 1), (1, 1), 1), ((2, 2), (0, 1), (1, 1), 1), ((1, 2), (2, 2), (2, 1), 2),
    ((1, 1), (1, 1), (1, 1), 4)])
def test_conv2d_against_torch(strides, padding, dilation, groups):
    """nn.conv2d (NCHW) with stride/padding/dilation/groups/depthwise equals torch's conv2d."""
    x = _r(2, 4, 11, 9)
    w = _r(8 if groups != 4 else 4, 4 // groups, 3, 3)
    got = _run(lambda a, b: relay.nn.conv2d(a, b, strides=strides, padding=padding,
                                            dilation=dilation, groups=groups), [x, w])
    want = F.conv2d(_t(x), _t(w), stride=strides, padding=padding, dilation=dilation,
                    groups=groups).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_conv1d_conv3d_and_transpose_against_torch():
    """nn.conv1d, nn.conv3d and nn.conv2d_transpose equal torch."""
    x1, w1 = _r(2, 3, 17), _r(5, 3, 4)
    np.testing.assert_allclose(
        _run(lambda a, b: relay.nn.conv1d(a, b, strides=2, padding=1, dilation=2), [x1, w1]),
        F.conv1d(_t(x1), _t(w1), stride=2, padding=1, dilation=2).numpy(), rtol=1e-4, atol=1e-5)
    x3, w3 = _r(1, 2, 5, 6, 7), _r(3, 2, 3, 3, 3)
    np.testing.assert_allclose(
        _run(lambda a, b: relay.nn.conv3d(a, b, padding=(1, 0, 1)), [x3, w3]),
        F.conv3d(_t(x3), _t(w3), padding=(1, 0, 1)).numpy(), rtol=1e-4, atol=1e-5)
    xt, wt = _r(1, 4, 5, 5), _r(4, 3, 3, 3)
    np.testing.assert_allclose(
        _run(lambda a, b: relay.nn.conv2d_transpose(a, b, strides=(2, 2), padding=(1, 1),
                                                    output_padding=(1, 1)), [xt, wt]),
        F.conv_transpose2d(_t(xt), _t(wt), stride=2, padding=1, output_padding=1).numpy(),
        rtol=1e-4, atol=1e-5)


def test_int8_conv2d_and_dense_accumulate_exactly():
    """int8 inputs with int32 outputs give exact results."""
    x, w = _r(1, 3, 6, 6, dtype="int8", low=-8, high=8), _r(4, 3, 3, 3, dtype="int8", low=-8, high=8)
    got = _run(lambda a, b: relay.nn.conv2d(a, b, padding=(1, 1), out_dtype="int32"), [x, w])
    want = F.conv2d(_t(x.astype("float64")), _t(w.astype("float64")), padding=1).numpy()
    np.testing.assert_array_equal(got, want.astype("int32"))
    a, b = _r(3, 16, dtype="int8", low=-8, high=8), _r(5, 16, dtype="int8", low=-8, high=8)
    got = _run(lambda p, q: relay.nn.dense(p, q, out_dtype="int32"), [a, b])
    np.testing.assert_array_equal(got, a.astype("int32") @ b.astype("int32").T)


def test_float16_elementwise_and_dense():
    """float16 add and dense agree with numpy in float32 to float16 precision."""
    a, b = _r(4, 8, dtype="float16"), _r(8, dtype="float16")
    np.testing.assert_allclose(_run(relay.add, [a, b]), a + b, rtol=1e-2)
    w = _r(3, 8, dtype="float16")
    np.testing.assert_allclose(_run(relay.nn.dense, [a, w]),
                               (a.astype("float32") @ w.astype("float32").T), rtol=2e-2, atol=2e-2)


NN = {
    "dense": (lambda x, w: relay.nn.dense(x, w), [_r(3, 7), _r(5, 7)], lambda x, w: x @ w.T),
    "matmul": (lambda x, w: relay.nn.matmul(x, w), [_r(3, 7), _r(7, 5)], lambda x, w: x @ w),
    "batch_matmul": (lambda x, y: relay.nn.batch_matmul(x, y), [_r(2, 3, 7), _r(2, 5, 7)],
                     lambda x, y: x @ y.transpose(0, 2, 1)),
    "bias_add": (lambda x, b: relay.nn.bias_add(x, b, axis=1), [_r(2, 3, 4), _r(3)],
                 lambda x, b: x + b.reshape(1, 3, 1)),
    "relu": (relay.nn.relu, [_r(9)], lambda x: np.maximum(x, 0)),
    "leaky_relu": (lambda x: relay.nn.leaky_relu(x, 0.1), [_r(9)],
                   lambda x: np.where(x > 0, x, 0.1 * x)),
    "prelu": (lambda x, a: relay.nn.prelu(x, a), [_r(2, 3, 4), _r(3)],
              lambda x, a: np.where(x > 0, x, x * a.reshape(1, 3, 1))),
    "softmax": (lambda x: relay.nn.softmax(x, axis=1), [_r(3, 5, 2)],
                lambda x: F.softmax(_t(x), 1).numpy()),
    "log_softmax": (relay.nn.log_softmax, [_r(3, 5)], lambda x: F.log_softmax(_t(x), -1).numpy()),
    "max_pool2d": (lambda x: relay.nn.max_pool2d(x, (3, 3), (2, 2), padding=(1, 1)),
                   [_r(1, 2, 9, 8)], lambda x: F.max_pool2d(_t(x), 3, 2, 1).numpy()),
    "max_pool2d_ceil": (lambda x: relay.nn.max_pool2d(x, (2, 2), (2, 2), ceil_mode=True),
                        [_r(1, 2, 7, 7)],
                        lambda x: F.max_pool2d(_t(x), 2, 2, ceil_mode=True).numpy()),
    "avg_pool2d": (lambda x: relay.nn.avg_pool2d(x, (3, 3), (1, 1), padding=(1, 1),
                                                 count_include_pad=True),
                   [_r(1, 2, 6, 5)], lambda x: F.avg_pool2d(_t(x), 3, 1, 1).numpy()),
    "global_avg_pool2d": (relay.nn.global_avg_pool2d, [_r(2, 3, 5, 4)],
                          lambda x: x.mean((2, 3), keepdims=True)),
    "global_max_pool2d": (relay.nn.global_max_pool2d, [_r(2, 3, 5, 4)],
                          lambda x: x.max((2, 3), keepdims=True)),
    "adaptive_avg_pool2d": (lambda x: relay.nn.adaptive_avg_pool2d(x, (3, 2)),
                            [_r(1, 2, 7, 5)],
                            lambda x: F.adaptive_avg_pool2d(_t(x), (3, 2)).numpy()),
    "batch_norm": (lambda x, g, b, m, v: relay.nn.batch_norm(x, g, b, m, v, epsilon=1e-3)[0],
                   [_r(2, 3, 4), _r(3), _r(3), _r(3), _r(3, **POS)],
                   lambda x, g, b, m, v: F.batch_norm(_t(x), _t(m), _t(v), _t(g), _t(b),
                                                      eps=1e-3).numpy()),
    "layer_norm": (lambda x, g, b: relay.nn.layer_norm(x, g, b), [_r(2, 3, 8), _r(8), _r(8)],
                   lambda x, g, b: F.layer_norm(_t(x), (8,), _t(g), _t(b)).numpy()),
    "group_norm": (lambda x, g, b: relay.nn.group_norm(x, g, b, 2), [_r(2, 4, 3, 3), _r(4),
                                                                    _r(4)],
                   lambda x, g, b: F.group_norm(_t(x), 2, _t(g), _t(b)).numpy()),
    "instance_norm": (lambda x, g, b: relay.nn.instance_norm(x, g, b),
                      [_r(2, 3, 4, 4), _r(3), _r(3)],
                      lambda x, g, b: F.instance_norm(_t(x), weight=_t(g), bias=_t(b)).numpy()),
    "dropout": (lambda x: relay.nn.dropout(x, 0.5), [_r(6)], lambda x: x),
    "pad": (lambda x: relay.nn.pad(x, ((0, 0), (1, 2), (2, 0)), 0.5), [_r(2, 3, 2)],
            lambda x: np.pad(x, ((0, 0), (1, 2), (2, 0)), constant_values=0.5)),
    "batch_flatten": (relay.nn.batch_flatten, [_r(2, 3, 4)], lambda x: x.reshape(2, 12)),
    "upsampling": (lambda x: relay.nn.upsampling(x, 2, 3), [_r(1, 2, 3, 2)],
                   lambda x: x.repeat(2, 2).repeat(3, 3)),
    "depth_to_space": (lambda x: relay.nn.depth_to_space(x, 2), [_r(1, 8, 2, 3)],
                       lambda x: x.reshape(1, 2, 2, 2, 2, 3).transpose(0, 3, 4, 1, 5, 2)
                       .reshape(1, 2, 4, 6)),  # DCR, the ONNX default
    "depth_to_space_crd": (lambda x: relay.nn.depth_to_space(x, 2, mode="CRD"),
                           [_r(1, 8, 2, 3)], lambda x: F.pixel_shuffle(_t(x), 2).numpy()),
    "gather_nd": (lambda x: relay.gather_nd(x, relay.const(np.array([[1, 0], [2, 1]], "int32"))),
                  [_r(3, 4, 2)], lambda x: x[[1, 0], [2, 1]]),
    "space_to_depth": (lambda x: relay.nn.space_to_depth(x, 2), [_r(1, 2, 4, 6)],
                       lambda x: x.reshape(1, 2, 2, 2, 3, 2).transpose(0, 3, 5, 1, 2, 4)
                       .reshape(1, 8, 2, 3)),
    "resize2d": (lambda x: relay.image.resize2d(x, (6, 5), method="linear",
                                                coordinate_transformation_mode="half_pixel"),
                 [_r(1, 2, 3, 4)],
                 lambda x: F.interpolate(_t(x), size=(6, 5), mode="bilinear",
                                         align_corners=False).numpy()),
    "layout_transform": (lambda x: relay.layout_transform(x, "NCHW", "NCHW4c"),
                         [_r(1, 8, 2, 3)],
                         lambda x: x.reshape(1, 2, 4, 2, 3).transpose(0, 1, 3, 4, 2)),
}


@pytest.mark.parametrize("name", sorted(NN))
def test_nn_operator(name):
    """The neural-network operator equals its numpy/torch reference (rtol 1e-4)."""
    build, arrays, ref = NN[name]
    np.testing.assert_allclose(_run(build, arrays), ref(*arrays), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", ["conv", "softmax", "split"])
def test_debug_and_graph_executors_agree(name):
    """The same program gives the same numbers on both executors."""
    build, arrays = {
        "conv": (lambda a, b: relay.nn.relu(relay.nn.conv2d(a, b, padding=(1, 1))),
                 [_r(1, 3, 6, 6), _r(4, 3, 3, 3)]),
        "softmax": (lambda a: relay.nn.softmax(a), [_r(3, 7)]),
        "split": (lambda a: relay.split(a, 2, axis=1).astuple(), [_r(2, 6)]),
    }[name]
    g, d = _run(build, arrays, "graph"), _run(build, arrays, "debug")
    for x, y in zip(g if isinstance(g, list) else [g], d if isinstance(d, list) else [d]):
        np.testing.assert_allclose(x, y, rtol=1e-6, atol=1e-7)


def test_type_inference_of_the_added_operators():
    """conv1d/conv3d output shapes follow the window formula; depth_to_space, scatter_elements,
    arange, reshape_like, gather_nd and layout_transform infer the expected types, and bad
    inputs are typed errors naming the problem."""
    def ty(expr, *vars_):
        mod = relay.transform.InferType()(tvm.IRModule.from_expr(relay.Function(list(vars_),
                                                                                 expr)))
        return mod["main"].body.checked_type

    x1, w1 = relay.var("x", shape=(2, 3, 17)), relay.var("w", shape=(5, 3, 4))
    assert [int(d) for d in ty(relay.nn.conv1d(x1, w1, strides=2, padding=1, dilation=2),
                               x1, w1).shape] == [2, 5, (17 + 2 - 2 * 3 - 1) // 2 + 1]
    x3, w3 = relay.var("x", shape=(1, 2, 5, 6, 7)), relay.var("w", shape=(3, 2, 3, 3, 3))
    assert [int(d) for d in ty(relay.nn.conv3d(x3, w3, padding=(1, 0, 1)), x3, w3).shape] == \
        [1, 3, 5, 4, 7]
    d = relay.var("d", shape=(1, 8, 2, 3))
    assert [int(v) for v in ty(relay.nn.depth_to_space(d, 2), d).shape] == [1, 2, 4, 6]
    assert [int(v) for v in ty(relay.layout_transform(d, "NCHW", "NCHW4c"), d).shape] == \
        [1, 2, 2, 3, 4]
    a = relay.arange(relay.const(0.0), relay.const(3.0), relay.const(0.5))
    assert [int(v) for v in ty(a).shape] == [6]
    with pytest.raises(tvm.error.DiagnosticError, match="channels"):
        bad = relay.var("w", shape=(5, 2, 4))
        ty(relay.nn.conv1d(x1, bad), x1, bad)
    with pytest.raises(tvm.error.DiagnosticError, match="block_size"):
        e = relay.var("e", shape=(1, 6, 2, 2))
        ty(relay.nn.depth_to_space(e, 2), e)


@pytest.mark.parametrize("kind", ["graph", "debug"])
def test_argsort_and_topk_match_numpy(kind):
    """argsort (stable) and topk (largest / smallest, every ret_type, k < 1 for all) equal
    numpy on data with ties; the kernels come from the runtime, so they work in both paths."""
    x = np.random.randint(0, 5, size=(3, 7)).astype("float32")
    got = _run(lambda a: relay.argsort(a, axis=1, dtype="int32"), [x], kind)
    np.testing.assert_array_equal(got, np.argsort(x, axis=1, kind="stable"))
    vals, idx = _run(lambda a: relay.topk(a, k=3, axis=-1, dtype="int64").astuple(), [x], kind)
    order = np.argsort(-x, axis=1, kind="stable")[:, :3]
    np.testing.assert_array_equal(idx, order)
    np.testing.assert_array_equal(vals, np.take_along_axis(x, order, 1))
    small = _run(lambda a: relay.topk(a, k=2, axis=0, ret_type="values", is_ascend=True), [x],
                 kind)
    np.testing.assert_array_equal(small, np.sort(x, axis=0, kind="stable")[:2])
    every = _run(lambda a: relay.topk(a, k=0, ret_type="indices"), [x], kind)
    np.testing.assert_array_equal(every, np.argsort(-x, axis=1, kind="stable"))


def test_nhwc_layouts_against_torch():
    """conv2d (NHWC/HWIO, also depthwise HWOI), max/avg pooling and global pooling in NHWC
    equal torch computed in NCHW and transposed."""
    x = _r(2, 9, 8, 4)
    w = _r(3, 3, 4, 6)  # HWIO
    got = _run(lambda a, b: relay.nn.conv2d(a, b, strides=(2, 1), padding=(1, 1),
                                            data_layout="NHWC", kernel_layout="HWIO"), [x, w])
    ref = F.conv2d(_t(x.transpose(0, 3, 1, 2)), _t(w.transpose(3, 2, 0, 1)), stride=(2, 1),
                   padding=1).numpy().transpose(0, 2, 3, 1)
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-5)
    wd = _r(3, 3, 4, 1)  # HWOI, depthwise
    got = _run(lambda a, b: relay.nn.conv2d(a, b, padding=(1, 1), groups=4, data_layout="NHWC",
                                            kernel_layout="HWOI"), [x, wd])
    ref = F.conv2d(_t(x.transpose(0, 3, 1, 2)), _t(wd.transpose(2, 3, 0, 1)), padding=1,
                   groups=4).numpy().transpose(0, 2, 3, 1)
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-5)
    nchw = _t(x.transpose(0, 3, 1, 2))
    got = _run(lambda a: relay.nn.max_pool2d(a, (3, 3), (2, 2), padding=(1, 1), layout="NHWC"),
               [x])
    np.testing.assert_allclose(got, F.max_pool2d(nchw, 3, 2, 1).numpy().transpose(0, 2, 3, 1))
    got = _run(lambda a: relay.nn.avg_pool2d(a, (2, 2), (2, 2), layout="NHWC"), [x])
    np.testing.assert_allclose(got, F.avg_pool2d(nchw, 2, 2).numpy().transpose(0, 2, 3, 1),
                               rtol=1e-5)
    got = _run(lambda a: relay.nn.global_avg_pool2d(a, layout="NHWC"), [x])
    np.testing.assert_allclose(got, x.mean((1, 2), keepdims=True), rtol=1e-5)


@pytest.mark.parametrize("k,n", [(37, 13), (512, 1000), (5, 3), (768, 17)])
@pytest.mark.parametrize("kind", ["graph", "debug"])
def test_batch1_dense_runs_the_gemv_schedule(k, n, kind):
    """dense with one row (+ bias_add + relu, fused) picks dense_gemv on CPU and equals
    numpy (float64 reference) for K odd and N not a multiple of the row block."""
    a, w, b = _r(1, k), _r(n, k), _r(n)
    got = _run(lambda x, y, z: relay.nn.relu(relay.nn.bias_add(relay.nn.dense(x, y), z)),
               [a, w, b], kind)
    ref = np.maximum(a.astype("float64") @ w.astype("float64").T + b, 0)
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-4)
    x, y = _v("x", a), _v("w", w)
    lib = relay.build(tvm.IRModule.from_expr(relay.Function([x, y], relay.nn.dense(x, y))),
                      target="llvm")
    assert "T_dense_gemv_acc" in lib.get_lib().get_source("ll")
    if kind == "graph":  # batch 2 keeps the packed GEMM
        a2 = _r(2, k)
        x2 = _v("x", a2)
        lib2 = relay.build(tvm.IRModule.from_expr(relay.Function([x2, y], relay.nn.dense(x2, y))),
                           target="llvm")
        assert "T_dense_gemv_acc" not in lib2.get_lib().get_source("ll")


def test_batch1_dense_int8_and_float16():
    """The batch-1 (GEMV) path with int8 inputs accumulating in int32 (exact) and with
    float16 (vs float32 numpy)."""
    a, b = _r(1, 37, dtype="int8", low=-8, high=8), _r(9, 37, dtype="int8", low=-8, high=8)
    got = _run(lambda p, q: relay.nn.dense(p, q, out_dtype="int32"), [a, b])
    np.testing.assert_array_equal(got, a.astype("int32") @ b.astype("int32").T)
    a, w = _r(1, 40, dtype="float16"), _r(5, 40, dtype="float16")
    np.testing.assert_allclose(_run(relay.nn.dense, [a, w]),
                               a.astype("float32") @ w.astype("float32").T, rtol=2e-2, atol=5e-2)
