"""relay.build for GPU targets: OpenCL models run on whatever OpenCL device is installed (PoCL
runs them on the CPU here) and CUDA models on a CUDA device where one is present; without one,
CUDA builds still compile every kernel with NVRTC. References are numpy or torch, never our
own CPU build."""
import numpy as np
import pytest

import tvm
import tvm.testing
from tvm import relay
from tvm.contrib import graph_executor
from tvm.relay import testing

import test_models as models

HAS_OPENCL = tvm.testing.device_enabled("opencl")
HAS_CUDA = tvm.cuda().exist

TARGETS = [
    pytest.param("opencl", marks=pytest.mark.skipif(not HAS_OPENCL, reason="no OpenCL device")),
    pytest.param("cuda", marks=pytest.mark.skipif(not HAS_CUDA, reason="no CUDA device here")),
]


def _nvrtc_available():
    try:
        x = relay.var("x", shape=(4,))
        relay.build(tvm.IRModule.from_expr(relay.Function([x], relay.exp(x))), target="cuda")
        return True
    except ValueError as err:
        return "NVRTC" not in str(err) and "nvrtc" not in str(err)


def _device(target):
    return tvm.opencl() if target == "opencl" else tvm.cuda()


def _build_run(mod, params, inputs, target, opt_level=3):
    with tvm.transform.PassContext(opt_level=opt_level):
        lib = relay.build(mod, target=target, params=params)
    m = graph_executor.GraphModule(lib["default"](_device(target)))
    for name, value in inputs.items():
        m.set_input(name, value)
    m.run()
    return [m.get_output(i).numpy() for i in range(m.get_num_outputs())]


def _func(out, *vars_):
    return tvm.IRModule.from_expr(relay.Function(list(vars_), out))


def _rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("m,n,k", [(128, 96, 64), (100, 70, 50), (1, 1000, 512), (3, 17, 9)])
def test_dense_bias_relu(target, m, n, k):
    """dense + bias + relu: the tiled GEMM (dividing shapes), the untiled form (odd rows) and
    the GEMV form (few rows), the epilogue in the same kernel or the next."""
    x = relay.var("x", shape=(m, k))
    w = relay.var("w", shape=(n, k))
    b = relay.var("b", shape=(n,))
    out = relay.nn.relu(relay.nn.bias_add(relay.nn.dense(x, w), b))
    xv, wv, bv = _rand(m, k), _rand(n, k, seed=1), _rand(n, seed=2)
    got = _build_run(_func(out, x, w, b), None, {"x": xv, "w": wv, "b": bv}, target)[0]
    np.testing.assert_allclose(got, np.maximum(xv @ wv.T + bv, 0), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("target", TARGETS)
def test_batch_matmul_softmax_layer_norm(target):
    """The attention core: batch_matmul (transposed B), softmax, then layer_norm."""
    q = relay.var("q", shape=(4, 32, 16))
    kk = relay.var("k", shape=(4, 32, 16))
    g = relay.var("g", shape=(32,))
    beta = relay.var("beta", shape=(32,))
    att = relay.nn.softmax(relay.nn.batch_matmul(q, kk), axis=-1)
    out = relay.nn.layer_norm(att, g, beta, axis=-1, epsilon=1e-5)
    qv, kv, gv, bv = _rand(4, 32, 16), _rand(4, 32, 16, seed=1), _rand(32, seed=2), \
        _rand(32, seed=3)
    got = _build_run(_func(out, q, kk, g, beta), None,
                     {"q": qv, "k": kv, "g": gv, "beta": bv}, target)[0]
    s = qv @ kv.transpose(0, 2, 1)
    e = np.exp(s - s.max(-1, keepdims=True))
    a = e / e.sum(-1, keepdims=True)
    ref = (a - a.mean(-1, keepdims=True)) / np.sqrt(a.var(-1, keepdims=True) + 1e-5) * gv + bv
    np.testing.assert_allclose(got, ref, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("target", TARGETS)
def test_reductions_and_pooling(target):
    """mean / max / argmax over several axes and max/avg pooling against numpy."""
    x = relay.var("x", shape=(2, 5, 9, 11))
    outs = relay.Tuple([relay.mean(x, axis=[2, 3]), relay.max(x, axis=1),
                        relay.argmax(x, axis=3),
                        relay.nn.max_pool2d(x, pool_size=(3, 3), strides=(2, 2), padding=(1, 1)),
                        relay.nn.avg_pool2d(x, pool_size=(2, 2), strides=(2, 2)),
                        relay.sum(x)])
    xv = _rand(2, 5, 9, 11)
    got = _build_run(_func(outs, x), None, {"x": xv}, target)
    from tvm.topi import testing as ref_ops  # pylint: disable=import-outside-toplevel

    np.testing.assert_allclose(got[0], xv.mean(axis=(2, 3)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1], xv.max(axis=1), rtol=1e-6)
    np.testing.assert_array_equal(got[2], xv.argmax(axis=3))
    np.testing.assert_allclose(got[3], ref_ops.poolnd_python(
        xv, (3, 3), (2, 2), (1, 1), (1, 1), (1, 1), "max"), rtol=1e-6)
    np.testing.assert_allclose(got[4], ref_ops.poolnd_python(
        xv, (2, 2), (2, 2), (1, 1), (0, 0), (0, 0), "avg"), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[5], xv.sum(), rtol=1e-4)


@pytest.mark.parametrize("target", TARGETS)
def test_mlp_matches_numpy(target):
    mod, params = testing.mlp.get_workload(batch_size=3)
    x = np.random.rand(3, 1, 28, 28).astype("float32")
    p = models._np_params(params)
    h = x.reshape(3, -1)
    h = np.maximum(h @ p["fc1_weight"].T + p["fc1_bias"], 0)
    h = np.maximum(h @ p["fc2_weight"].T + p["fc2_bias"], 0)
    ref = models._softmax(h @ p["fc3_weight"].T + p["fc3_bias"])
    got = _build_run(mod, params, {"data": x}, target)[0]
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("target", TARGETS)
def test_mobilenet_matches_numpy(target):
    """Depthwise-separable convolutions, batch_norm, global pool, dense and softmax."""
    mod, params = testing.mobilenet.get_workload(batch_size=1, num_classes=10,
                                                 image_shape=(3, 32, 32))
    x = np.random.rand(1, 3, 32, 32).astype("float32")
    got = _build_run(mod, params, {"data": x}, target)[0]
    ref = models._mobilenet_numpy(x, models._np_params(params))
    np.testing.assert_allclose(got, ref, rtol=1e-3, atol=1e-5)


@pytest.mark.parametrize("target", TARGETS)
def test_resnet18_matches_torch(target):
    torch = pytest.importorskip("torch")
    mod, params = testing.resnet.get_workload(num_layers=18, batch_size=1, num_classes=100,
                                              image_shape=(3, 64, 64))
    x = np.random.rand(1, 3, 64, 64).astype("float32")
    got = _build_run(mod, params, {"data": x}, target)[0]
    net = models._torch_resnet18(models._np_params(params), 100)
    with torch.no_grad():
        ref = net(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(got, ref, rtol=1e-3, atol=1e-6)


@pytest.mark.parametrize("target", TARGETS)
def test_export_and_reload(target, tmp_path):
    """export_library packs host code, device kernels, graph and params into one .so; the
    reloaded factory runs on the device."""
    x = relay.var("x", shape=(8, 16))
    w = relay.const(_rand(32, 16, seed=4))
    out = relay.nn.softmax(relay.nn.dense(x, w))
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(_func(out, x), target=target)
    path = str(tmp_path / "model.so")
    lib.export_library(path)
    loaded = tvm.runtime.load_module(path)
    m = graph_executor.GraphModule(loaded["default"](_device(target)))
    xv = _rand(8, 16)
    m.set_input("x", xv)
    m.run()
    s = xv @ _rand(32, 16, seed=4).T
    e = np.exp(s - s.max(-1, keepdims=True))
    np.testing.assert_allclose(m.get_output(0).numpy(), e / e.sum(-1, keepdims=True),
                               rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("target", ["opencl", "cuda"])
def test_sorting_on_a_gpu_target_is_a_clear_error(target):
    """argsort runs in the CPU runtime library: building it for a GPU target says so."""
    x = relay.var("x", shape=(10,))
    with pytest.raises(ValueError, match="CPU"):
        relay.build(_func(relay.argsort(x), x), target=target)


@pytest.mark.skipif(not _nvrtc_available(), reason="NVRTC not installed")
def test_resnet18_compiles_for_cuda_without_a_device():
    """Every kernel of ResNet-18 compiles with NVRTC (no device needed): the factory holds a
    CUDA module whose PTX has one entry per fused kernel."""
    mod, params = testing.resnet.get_workload(num_layers=18, batch_size=1, num_classes=10,
                                              image_shape=(3, 32, 32))
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(mod, target="cuda -arch=sm_80", params=params)
    dev_mods = [m for m in lib.get_lib().imported_modules if m.type_key == "cuda"]
    assert len(dev_mods) == 1
    ptx = dev_mods[0].get_source("ptx")
    assert ptx.count(".entry") >= 10
    assert "__syncthreads()" in dev_mods[0].get_source()  # the tiled dense / reductions


# ---- every operator of the CPU op suite, on the GPU targets ----------------------------------
import test_op_execution as ops  # noqa: E402  (same directory; the op tables and references)


def _gpu_run(build, arrays, target):
    vs = [ops._v(f"x{i}", a) for i, a in enumerate(arrays)]
    out = build(*vs)
    if isinstance(out, relay.expr.TupleWrapper):
        out = out.astuple()
    got = _build_run(_func(out, *vs), None, {f"x{i}": a for i, a in enumerate(arrays)}, target)
    return got if len(got) > 1 else got[0]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", sorted(ops.CASES))
def test_tensor_operator_on_gpu(name, target):
    """Each elementwise / broadcast / reduction / layout operator of the CPU suite, built for
    the GPU target, equals the same numpy reference."""
    build, arrays, ref, rtol = ops.CASES[name]
    ref = ops._scatter_ref if name == "scatter_elements" else ref
    got = _gpu_run(build, arrays, target)
    want = ref(*arrays)
    if isinstance(want, list):
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, rtol=max(rtol, 1e-5), atol=1e-5)
    else:
        np.testing.assert_allclose(got, want, rtol=max(rtol, 1e-5), atol=1e-5)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", sorted(ops.NN))
def test_nn_operator_on_gpu(name, target):
    """Each neural-network operator of the CPU suite on the GPU target vs numpy/torch."""
    build, arrays, ref = ops.NN[name]
    np.testing.assert_allclose(_gpu_run(build, arrays, target), ref(*arrays), rtol=1e-4,
                               atol=1e-5)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("strides,padding,dilation,groups",
                         [((1, 1), (1, 1), (1, 1), 1), ((2, 1), (0, 2), (1, 1), 1),
                          ((1, 1), (2, 2), (2, 2), 1), ((1, 2), (1, 0), (1, 1), 2),
                          ((2, 2), (1, 1), (1, 1), 4)])
def test_conv2d_on_gpu_against_torch(target, strides, padding, dilation, groups):
    """nn.conv2d with stride/padding/dilation/groups/depthwise (and a bias + relu epilogue)."""
    x = ops._r(2, 4, 11, 9)
    w = ops._r(8 if groups != 4 else 4, 4 // groups, 3, 3)
    b = ops._r(w.shape[0])
    got = _gpu_run(lambda a, k, c: relay.nn.relu(relay.nn.bias_add(relay.nn.conv2d(
        a, k, strides=strides, padding=padding, dilation=dilation, groups=groups), c)),
        [x, w, b], target)
    want = ops.F.relu(ops.F.conv2d(ops._t(x), ops._t(w), ops._t(b), stride=strides,
                                   padding=padding, dilation=dilation, groups=groups)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
