"""The ONNX random operators through from_onnx: RandomUniform / RandomNormal (and Like),
Bernoulli, Multinomial and Dropout in training mode, checked against their distributions
(numpy only), for determinism per seed, and for the attribute errors."""
import math
import os
import sys

import numpy as np
import pytest

import tvm
from tvm import relay

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "relay"))
from test_op_random import chi2_pvalue, ks_pvalue, normal_cdf  # noqa: E402


def _model(nodes, inputs, outputs, inits=(), opset=18):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


def _run(model, *inputs):
    mod, params = relay.frontend.from_onnx(model)
    run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                params=params).evaluate()
    out = run(*inputs)
    return [o.numpy() for o in out] if isinstance(out, (list, tuple)) else [out.numpy()]


def test_random_uniform():
    """RandomUniform with a double dtype: 1e6 values in [low, high), KS p > 1e-3."""
    node = helper.make_node("RandomUniform", [], ["y"], shape=[1000, 1000], low=-1.0, high=4.0,
                            dtype=TensorProto.DOUBLE, seed=3.0)
    y = _run(_model([node], [], [_vi("y", [1000, 1000], TensorProto.DOUBLE)]))[0]
    assert y.dtype == "float64" and y.min() >= -1.0 and y.max() < 4.0
    assert ks_pvalue(y, lambda v: (v + 1.0) / 5.0)[1] > 1e-3


def test_random_normal_like():
    """RandomNormalLike takes the input's shape and dtype: N(mean, scale^2), KS p > 1e-3."""
    node = helper.make_node("RandomNormalLike", ["x"], ["y"], mean=-3.0, scale=0.5, seed=1.0)
    x = np.zeros((1000, 1000), "float32")
    y = _run(_model([node], [_vi("x", x.shape)], [_vi("y", x.shape)]), x)[0]
    assert y.dtype == "float32" and y.shape == x.shape
    assert ks_pvalue(y, normal_cdf(-3.0, 0.5))[1] > 1e-3


def test_random_normal_and_uniform_like_dtypes():
    """RandomNormal's default dtype is float32; RandomUniformLike's dtype attribute wins over
    the input's."""
    n = helper.make_node("RandomNormal", [], ["a"], shape=[2, 3])
    u = helper.make_node("RandomUniformLike", ["x"], ["b"], dtype=TensorProto.FLOAT16)
    a, b = _run(_model([n, u], [_vi("x", [4], TensorProto.INT32)],
                       [_vi("a", [2, 3]), _vi("b", [4], TensorProto.FLOAT16)]),
                np.zeros(4, "int32"))
    assert (a.dtype, a.shape, b.dtype, b.shape) == ("float32", (2, 3), "float16", (4,))


def test_bernoulli_frequencies():
    """Bernoulli(p) per element: 0/1 values of the requested dtype whose frequency matches p
    within 5 binomial standard deviations, for p = 0, 0.1, 0.5, 0.9, 1."""
    ps = np.array([0.0, 0.1, 0.5, 0.9, 1.0])
    x = np.repeat(ps[:, None], 200_000, axis=1).astype("float64")
    node = helper.make_node("Bernoulli", ["x"], ["y"], dtype=TensorProto.INT32, seed=2.0)
    y = _run(_model([node], [_vi("x", x.shape, TensorProto.DOUBLE)],
                    [_vi("y", x.shape, TensorProto.INT32)]), x)[0]
    assert y.dtype == "int32" and set(np.unique(y)) <= {0, 1}
    for p, row in zip(ps, y):
        sd = math.sqrt(p * (1 - p) / row.size)
        assert abs(row.mean() - p) <= 5 * sd + 1e-12, (p, row.mean())


def test_multinomial_frequencies():
    """Multinomial samples int64 class indices with probabilities softmax(input): chi-square
    p > 1e-3 per row."""
    probs = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
    x = np.log(probs).astype("float32") + 7.0
    node = helper.make_node("Multinomial", ["x"], ["y"], sample_size=100_000,
                            dtype=TensorProto.INT64, seed=5.0)
    y = _run(_model([node], [_vi("x", x.shape)], [_vi("y", [2, 100_000], TensorProto.INT64)]),
             x)[0]
    assert y.dtype == "int64" and y.shape == (2, 100_000)
    for row, p in zip(y, probs):
        assert chi2_pvalue(np.bincount(row, minlength=3), p)[1] > 1e-3


def _dropout_model(ratio, with_mask=True, seed=None):
    extra = {} if seed is None else {"seed": seed}
    node = helper.make_node("Dropout", ["x", "r", "t"], ["y", "m"] if with_mask else ["y"],
                            name="drop", **extra)
    inits = [helper.make_tensor("r", TensorProto.FLOAT, [], [ratio]),
             helper.make_tensor("t", TensorProto.BOOL, [], [True])]
    outs = [_vi("y", None)] + ([_vi("m", None, TensorProto.BOOL)] if with_mask else [])
    return _model([node], [_vi("x", [1000, 1000])], outs, inits)


def test_training_dropout():
    """Training-mode Dropout drops a `ratio` fraction (within 5 standard deviations), scales
    what it keeps by 1 / (1 - ratio), and its mask is true exactly where it kept."""
    ratio = 0.3
    x = np.random.default_rng(0).uniform(1, 2, (1000, 1000)).astype("float32")
    y, m = _run(_dropout_model(ratio), x)
    assert m.dtype == "bool"
    np.testing.assert_allclose(y[m], x[m] / (1 - ratio), rtol=1e-6)
    assert np.all(y[~m] == 0)
    assert abs((~m).mean() - ratio) < 5 * math.sqrt(ratio * (1 - ratio) / m.size)


def test_training_dropout_zero_ratio_is_identity():
    x = np.arange(1e6, dtype="float32").reshape(1000, 1000)
    y, m = _run(_dropout_model(0.0), x)
    np.testing.assert_array_equal(y, x)
    assert m.all()


def test_seeds_are_deterministic_and_unseeded_nodes_differ():
    """The same seed gives the same mask in two separate imports and compiles; unseeded nodes
    draw their keys from numpy's global state (numpy.random.seed reproduces an import), and
    two unseeded nodes of one model get different streams."""
    x = np.ones((1000, 1000), "float32")
    a = _run(_dropout_model(0.5, False, seed=7.0), x)[0]
    b = _run(_dropout_model(0.5, False, seed=7.0), x)[0]
    c = _run(_dropout_model(0.5, False, seed=8.0), x)[0]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    nodes = [helper.make_node("RandomUniform", [], [n], shape=[100]) for n in ("u", "v")]
    model = _model(nodes, [], [_vi("u", [100]), _vi("v", [100])])
    np.random.seed(1)
    u, v = _run(model)
    np.random.seed(1)
    u2, _ = _run(model)
    assert not np.array_equal(u, v)
    np.testing.assert_array_equal(u, u2)


@pytest.mark.parametrize("node,attr", [
    (helper.make_node("RandomUniform", [], ["y"], name="n", shape=[2], dtype=TensorProto.INT32),
     "dtype"),
    (helper.make_node("RandomUniform", [], ["y"], name="n", shape=[2], low=1.0, high=0.0),
     "high"),
    (helper.make_node("RandomNormal", [], ["y"], name="n", shape=[2], dtype=TensorProto.BOOL),
     "dtype"),
    (helper.make_node("RandomNormal", [], ["y"], name="n"), "shape"),
    (helper.make_node("RandomUniformLike", ["i"], ["y"], name="n"), "dtype"),
    (helper.make_node("Multinomial", ["x"], ["y"], name="n", sample_size=0), "sample_size"),
    (helper.make_node("Multinomial", ["x"], ["y"], name="n", dtype=TensorProto.FLOAT),
     "dtype"),
    (helper.make_node("Bernoulli", ["x"], ["y"], name="n", dtype=TensorProto.STRING), "dtype"),
])
def test_invalid_attributes(node, attr):
    """A bad attribute is OpAttributeInvalid naming the node and the attribute."""
    inputs = [_vi("x", [2, 3]), _vi("i", [2], TensorProto.INT32)]
    model = _model([node], [i for i in inputs if i.name in node.input], [_vi("y", None)])
    with pytest.raises(tvm.error.OpAttributeInvalid, match=rf"{node.op_type} node 'n'.*{attr}"):
        relay.frontend.from_onnx(model)


@pytest.mark.parametrize("ratio", [1.0, -0.1])
def test_dropout_ratio_outside_unit_interval(ratio):
    with pytest.raises(tvm.error.OpAttributeInvalid, match="Dropout node 'drop'.*ratio"):
        relay.frontend.from_onnx(_dropout_model(ratio))
