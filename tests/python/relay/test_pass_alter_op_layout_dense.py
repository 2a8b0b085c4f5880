"""AlterOpLayout on nn.dense (x86): a dense with a constant weight and at least 16 rows becomes
nn.contrib_dense_pack on the weight packed into [N/bn, K, bn] panels at compile time; the
op's type relation and its values against numpy."""
import numpy as np
import pytest

import tvm.contrib.graph_executor  # noqa: F401

import tvm
from tvm import relay
from tvm.relay.transform import graph_passes as passes


def _infer(f):
    return relay.transform.InferType()(tvm.IRModule.from_expr(f))


def _altered(mod, lanes=16):
    mod = passes.AlterOpLayout(lanes)(relay.transform.InferType()(mod))
    return relay.transform.InferType()(passes.FoldConstant()(relay.transform.InferType()(mod)))


def _packed_weight(mod):
    """(weight_layout, the shape of the constant weight) of the body's contrib_dense_pack."""
    calls = []
    relay.analysis.post_order_visit(mod["main"].body, lambda e: calls.append(e) if isinstance(
        e, relay.Call) and getattr(e.op, "name", "") == "nn.contrib_dense_pack" else None)
    assert len(calls) == 1, mod
    weight = calls[0].args[1]
    assert isinstance(weight, relay.Constant), mod
    return str(calls[0].attrs.weight_layout), weight.data.shape


def _dense_net(m, k, n, epilogue=False, seed=0):
    """x [m, k] -> dense(x, w) (+ bias, relu); the function and w, b for the references."""
    rng = np.random.RandomState(seed)
    x = relay.var("x", shape=(m, k))
    w = rng.randn(n, k).astype("float32")
    b = rng.randn(n).astype("float32")
    y = relay.nn.dense(x, relay.const(w))
    if epilogue:
        y = relay.nn.relu(relay.nn.bias_add(y, relay.const(b)))
    return _infer(relay.Function([x], y)), w, b


def _build_run(mod, x, opt_level=3):
    with tvm.transform.PassContext(opt_level=opt_level):
        lib = relay.build(mod, target="llvm")
    m = tvm.contrib.graph_executor.GraphModule(lib["default"](tvm.cpu()))
    m.run(x=x)
    return m.get_output(0).numpy(), lib


def _lowered_text(mod):
    """The TIR of the kernels relay.build compiles for mod (opt level 3, llvm)."""
    target = tvm.target.Target("llvm")
    with tvm.transform.PassContext(opt_level=3):
        opt, _ = relay.build_module.optimize(mod, target)
        out = tvm._ffi.get_global_func("relay.build_module._GraphCodegen")(opt, target)
    return "\n".join(str(f) for f in out["lowered"].functions.values())


def test_rewrite_packs_a_constant_weight_at_compile_time():
    """32 rows, N = 48: the dense becomes contrib_dense_pack with a folded [3, 64, 16] weight
    (layout NC16n), and no kernel packs the weight any more."""
    mod, w, _ = _dense_net(32, 64, 48)
    text = str(_altered(mod)["main"])
    assert "nn.contrib_dense_pack" in text and "nn.dense(" not in text, text
    assert "layout_transform" not in text, text
    assert _packed_weight(_altered(mod)) == ("NC16n", (3, 64, 16))
    assert "packed_weight" not in _lowered_text(mod)
    x = np.random.RandomState(1).rand(32, 64).astype("float32")
    out, lib = _build_run(mod, x)
    assert "contrib_dense_pack" in lib.get_graph_json()
    np.testing.assert_allclose(out, x @ w.T, rtol=1e-5, atol=1e-5)


def test_panel_width_halves_until_it_divides_n():
    """N = 40 is not a multiple of 16: panels of 8 (dense_pack_default_bn's rule); with 8
    lanes (AVX2) N = 48 takes panels of 8 too."""
    mod, w, _ = _dense_net(32, 64, 40)
    assert _packed_weight(_altered(mod)) == ("NC8n", (5, 64, 8))
    mod48, _, _ = _dense_net(32, 64, 48)
    assert _packed_weight(_altered(mod48, lanes=8)) == ("NC8n", (6, 64, 8))
    x = np.random.RandomState(2).rand(32, 64).astype("float32")
    out, _ = _build_run(mod, x)
    np.testing.assert_allclose(out, x @ w.T, rtol=1e-5, atol=1e-5)


def test_bias_relu_epilogue_fuses_and_matches_numpy():
    """bias_add + relu after the packed dense: one fused kernel, values equal numpy."""
    mod, w, b = _dense_net(32, 64, 48, epilogue=True)
    x = np.random.RandomState(3).randn(32, 64).astype("float32")
    out, lib = _build_run(mod, x)
    np.testing.assert_allclose(out, np.maximum(x @ w.T + b, 0), rtol=1e-5, atol=1e-5)
    graph = lib.get_graph_json()
    assert "contrib_dense_pack" in graph and graph.count('"tvm_op"') == 1, graph


def test_large_k_matches_numpy():
    """K = 1024 (the padded-copy path of the schedule), N = 24 (bn 8), 48 rows."""
    mod, w, b = _dense_net(48, 1024, 24, epilogue=True, seed=4)
    x = np.random.RandomState(5).randn(48, 1024).astype("float32")
    out, lib = _build_run(mod, x)
    assert "contrib_dense_pack" in lib.get_graph_json()
    np.testing.assert_allclose(out, np.maximum(x @ w.T + b, 0), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("rows", [1, 8, 15])
def test_few_rows_are_not_rewritten(rows):
    """Batch 1 (GEMV) and fewer than 16 rows (no-pack) read the weight as it is: no rewrite,
    and the build still equals numpy."""
    mod, w, _ = _dense_net(rows, 64, 48)
    text = str(_altered(mod)["main"])
    assert "nn.dense(" in text and "contrib_dense_pack" not in text, text
    x = np.random.RandomState(6).rand(rows, 64).astype("float32")
    out, _ = _build_run(mod, x)
    np.testing.assert_allclose(out, x @ w.T, rtol=1e-5, atol=1e-5)


def test_non_constant_weight_and_n_d_data_are_not_rewritten():
    """A weight that is a parameter (packing it would still run every time) and 3-D data (the
    dense kernels take 2-D data) are left alone."""
    x = relay.var("x", shape=(32, 64))
    w = relay.var("w", shape=(48, 64))
    mod = _infer(relay.Function([x, w], relay.nn.dense(x, w)))
    assert "contrib_dense_pack" not in str(_altered(mod)["main"])
    x3 = relay.var("x", shape=(2, 17, 64))
    w3 = relay.const(np.zeros((48, 64), "float32"))
    mod3 = _infer(relay.Function([x3], relay.nn.dense(x3, w3)))
    assert "contrib_dense_pack" not in str(_altered(mod3)["main"])


def test_op_direct_call_matches_numpy():
    """contrib_dense_pack built directly (weight packed by numpy, out_dtype given, units
    given): equals numpy."""
    rng = np.random.RandomState(7)
    w = rng.randn(40, 32).astype("float32")
    packed = w.reshape(5, 8, 32).transpose(0, 2, 1).copy()
    x = relay.var("x", shape=(20, 32))
    y = relay.nn.contrib_dense_pack(x, relay.const(packed), "NC8n", units=40,
                                    out_dtype="float32")
    mod = _infer(relay.Function([x], y))
    assert tvm.ir.structural_equal(mod["main"].body.checked_type,
                                   relay.TensorType((20, 40), "float32"))
    xv = rng.randn(20, 32).astype("float32")
    out, _ = _build_run(mod, xv, opt_level=2)
    np.testing.assert_allclose(out, xv @ w.T, rtol=1e-5, atol=1e-5)


def test_type_relation_n_d_data():
    """Like nn.dense, data may have leading axes: [2, 17, K] -> [2, 17, N]."""
    x = relay.var("x", shape=(2, 17, 64))
    w = relay.var("w", shape=(3, 64, 16))
    mod = _infer(relay.Function([x, w], relay.nn.contrib_dense_pack(x, w, "NC16n")))
    assert tvm.ir.structural_equal(mod["main"].body.checked_type,
                                   relay.TensorType((2, 17, 48), "float32"))


def test_n_d_data_does_not_build():
    """The x86 kernel takes 2-D data: building N-D data is a clear error, not a crash."""
    x = relay.var("x", shape=(2, 17, 64))
    w = relay.const(np.zeros((3, 64, 16), "float32"))
    mod = _infer(relay.Function([x], relay.nn.contrib_dense_pack(x, w, "NC16n")))
    with pytest.raises(ValueError, match=r"nn.contrib_dense_pack: data must be 2-D \[M, K\], "
                                         r"found shape \(2, 17, 64\)"):
        with tvm.transform.PassContext(opt_level=3):
            relay.build(mod, target="llvm")


@pytest.mark.parametrize("wshape, layout, match", [
    ((3, 60, 16), "NC16n",
     r"nn.contrib_dense_pack: the reduction axis of argument 0 \(data\), "
     r"Tensor\[\(32, 64\), float32\], does not match that of argument 1 \(weight\), "
     r"Tensor\[\(3, 60, 16\), float32\]"),
    ((48, 64), "NC16n",
     r"nn.contrib_dense_pack: argument 1 \(weight\) must be a packed weight \[N/bn, K, bn\] "
     r"\(rank 3\), but has type Tensor\[\(48, 64\), float32\]; argument 0 \(data\) is "
     r"Tensor\[\(32, 64\), float32\]"),
    ((3, 64, 16), "NC8n",
     r"weight_layout \"NC8n\" says panels of 8 rows, but argument 1 \(weight\), "
     r"Tensor\[\(3, 64, 16\), float32\], has panels of 16"),
    ((3, 64, 16), "NCn16",
     r"nn.contrib_dense_pack: weight_layout must be \"NC<bn>n\" .*but is \"NCn16\""),
])
def test_type_errors(wshape, layout, match):
    """Wrong K, a 2-D weight, a layout whose bn disagrees with the weight, and a malformed
    layout string: each a type error naming the op, the argument(s) and their types."""
    x = relay.var("x", shape=(32, 64))
    w = relay.var("w", shape=wshape)
    with pytest.raises(tvm.error.DiagnosticError, match=match):
        _infer(relay.Function([x, w], relay.nn.contrib_dense_pack(x, w, layout)))


@pytest.mark.parametrize("target", ["cuda", "opencl"])
def test_gpu_targets_get_the_default_schedule(target):
    """AlterOpLayout makes contrib_dense_pack only for CPU targets, but an explicit call builds
    on a GPU target (the same compute, the GPU default schedule) and, where the device exists,
    equals numpy."""
    rng = np.random.RandomState(8)
    w = rng.randn(40, 32).astype("float32")
    packed = w.reshape(5, 8, 32).transpose(0, 2, 1).copy()
    x = relay.var("x", shape=(20, 32))
    y = relay.nn.relu(relay.nn.contrib_dense_pack(x, relay.const(packed), "NC8n"))
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(tvm.IRModule.from_expr(relay.Function([x], y)), target=target)
    dev = tvm.device(target, 0)
    if not dev.exist:
        pytest.skip(f"no {target} device here")
    m = tvm.contrib.graph_executor.GraphModule(lib["default"](dev))
    xv = rng.randn(20, 32).astype("float32")
    m.run(x=xv)
    np.testing.assert_allclose(m.get_output(0).numpy(), np.maximum(xv @ w.T, 0), rtol=1e-5,
                               atol=1e-5)
