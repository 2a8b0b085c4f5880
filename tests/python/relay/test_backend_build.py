"""relay.build end to end on the graph executor: fusion, SimplifyInference, the static memory
plan, parameters, the legacy three-value form, export/reload, and errors."""
import numpy as np
import pytest

import tvm
from tvm import relay
from tvm.contrib import graph_executor


def _bn_net():
    x = relay.var("x", shape=(4, 8))
    w = relay.var("w", shape=(8,))
    g, b, m, v = (relay.var(n, shape=(8,)) for n in "gbmv")
    y = relay.nn.relu(relay.add(x, w))
    y = relay.nn.batch_norm(y, g, b, m, v, axis=1)[0]
    z = relay.sum(relay.exp(y), axis=1)
    f = relay.Function([x, w, g, b, m, v], relay.Tuple([z, relay.reshape(y, (-1,))]))
    params = {k: np.random.rand(8).astype("float32") + 0.5 for k in "wgbmv"}
    return tvm.IRModule.from_expr(f), params


def _ref(a, p):
    y = np.maximum(a + p["w"], 0)
    y = (y - p["m"]) / np.sqrt(p["v"] + 1e-5) * p["g"] + p["b"]
    return np.exp(y).sum(1), y.reshape(-1)


def test_build_and_run_matches_numpy():
    """Outputs equal numpy; batch_norm became arithmetic (no batch_norm kernel)."""
    mod, params = _bn_net()
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(mod, target="llvm", params=params)
    assert "batch_norm" not in lib.get_graph_json()
    m = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    a = np.random.rand(4, 8).astype("float32")
    m.set_input("x", a)
    m.run()
    ref0, ref1 = _ref(a, params)
    np.testing.assert_allclose(m.get_output(0).numpy(), ref0, rtol=1e-5)
    np.testing.assert_allclose(m.get_output(1).numpy(), ref1, rtol=1e-5)
    # FoldConstant folded mean/var/gamma/beta into one scale and one shift: w, scale, shift.
    assert sorted(lib.get_params()) == ["p0", "p1", "p2"]


def test_memory_plan_reuses_buffers():
    """A chain of ten unfusable steps keeps at most a few intermediate buffers alive."""
    x = relay.var("x", shape=(64, 64))
    y = x
    for _ in range(10):
        # The reduction ends each fused group, so every step is its own kernels.
        y = relay.sum(relay.tanh(y), axis=1, keepdims=True) * relay.const(0.01) + y
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(tvm.IRModule.from_expr(relay.Function([x], y)), target="llvm")
    m = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    entry = 64 * 64 * 4
    intermediates = 20 * entry
    assert m.storage_bytes < intermediates / 2, m.storage_bytes
    a = np.random.rand(64, 64).astype("float32")
    m.run(x=a)
    ref = a
    for _ in range(10):
        ref = np.tanh(ref).sum(1, keepdims=True) * 0.01 + ref
    np.testing.assert_allclose(m.get_output(0).numpy(), ref, rtol=1e-4)


def test_fuse_ops_groups_epilogues_and_chains():
    """exp(relu(x + 1)) is one kernel; a value used twice ends its group, and an elementwise op
    after a reduction starts a new one: (add relu exp), sum, max, add."""
    x = relay.var("x", shape=(16,))
    a = relay.exp(relay.nn.relu(relay.add(x, relay.const(1.0))))
    b = relay.sum(a) + relay.max(a)
    mod = relay.transform.InferType()(tvm.IRModule.from_expr(relay.Function([x], b)))
    fused = tvm._ffi.get_global_func("relay._transform.FuseOps")(-1)(mod)
    text = str(fused)
    assert text.count("Primitive=1") == 4, text
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(mod, target="llvm")
    m = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    v = np.random.randn(16).astype("float32")
    m.run(x=v)
    ev = np.exp(np.maximum(v + 1, 0))
    np.testing.assert_allclose(m.get_output(0).numpy(), ev.sum() + ev.max(), rtol=1e-5)


def test_export_library_and_reload(tmp_path):
    """export_library writes one .so; load_module gives back the factory with its params."""
    mod, params = _bn_net()
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(mod, target="llvm", params=params)
    path = str(tmp_path / "model.so")
    lib.export_library(path)
    loaded = tvm.runtime.load_module(path)
    m = graph_executor.GraphModule(loaded["default"](tvm.cpu()))
    a = np.random.rand(4, 8).astype("float32")
    m.run(x=a)
    np.testing.assert_allclose(m.get_output(0).numpy(), _ref(a, params)[0], rtol=1e-5)
    assert loaded["get_graph_json"]() == lib.get_graph_json()


def test_legacy_three_value_form():
    """graph, lib, params = relay.build_module.build(...) still works (with a warning)."""
    mod, params = _bn_net()
    with pytest.warns(DeprecationWarning):
        graph, lib, out_params = relay.build_module.build(mod, target="llvm", params=params)
    m = graph_executor.create(graph, lib, tvm.cpu())
    m.set_input(**out_params)
    a = np.random.rand(4, 8).astype("float32")
    m.run(x=a)
    np.testing.assert_allclose(m.get_output(0).numpy(), _ref(a, params)[0], rtol=1e-5)


def test_graph_executor_rejects_control_flow():
    """A conditional cannot go to the graph executor; the error points to the debug executor."""
    x = relay.var("x", shape=(2,))
    c = relay.var("c", shape=(), dtype="bool")
    f = relay.Function([x, c], relay.If(c, x, relay.negative(x)))
    with pytest.raises(ValueError, match="cannot run conditionals"):
        relay.build(tvm.IRModule.from_expr(f), target="llvm")


def test_set_input_errors_on_a_built_model():
    """Unknown input names and wrong shapes are clear errors."""
    mod, params = _bn_net()
    lib = relay.build(mod, target="llvm", params=params)
    m = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    with pytest.raises(ValueError, match="no input named 'nope'"):
        m.set_input("nope", np.zeros((4, 8), "float32"))
    with pytest.raises(ValueError, match=r"input 'x' expects float32\(4, 8\)"):
        m.set_input("x", np.zeros((8, 4), "float32"))


def test_a_cached_lowering_takes_the_name_the_build_asks_for():
    """The TE compiler caches lowerings across builds by structure; names are unique only
    within one build, so a cache hit must come back under the requested name (the PrimFunc's
    GlobalVar and global_symbol), never under the name an earlier build gave it."""
    from tvm.relay.backend import te_compiler  # pylint: disable=import-outside-toplevel

    def prim(n):
        x = relay.var("p0", shape=(n,))
        f = relay.Function([x], relay.add(x, relay.const(1.0))).with_attr("Primitive", 1)
        return relay.transform.InferType()(tvm.IRModule.from_expr(f))["main"]

    first = te_compiler.lower_primitive(prim(5), "llvm", "fused_add_1")
    again = te_compiler.lower_primitive(prim(5), "llvm", "fused_add")
    assert first.func_name == "fused_add_1" and again.func_name == "fused_add"
    (gvar, func), = again.funcs.functions.items()
    assert gvar.name_hint == "fused_add"
    assert str(func.attrs["global_symbol"]) == "fused_add"


# ---- a model.so built for another target -----------------------------------------------------
def _exp_model(n=64):
    x = relay.var("x", shape=(n,))
    with tvm.transform.PassContext(opt_level=3):
        return relay.build(tvm.IRModule.from_expr(relay.Function([x], relay.exp(x))),
                           target="llvm")


@pytest.mark.parametrize("device", ["cuda", "opencl"])
def test_cpu_model_refuses_a_gpu_device(tmp_path, device):
    """A model.so built for llvm, created on a GPU device: a ValueError naming what it was
    built for and the device given (whether or not that device exists)."""
    path = str(tmp_path / "model.so")
    _exp_model().export_library(path)
    loaded = tvm.runtime.load_module(path)
    with pytest.raises(ValueError, match=rf"built for cpu \(its library holds host code only\)"
                                         rf", not for {device}"):
        loaded["default"](tvm.device(device, 0))


@pytest.mark.skipif(not tvm.opencl().exist, reason="no OpenCL device here")
def test_a_model_without_kernels_runs_on_any_device():
    """A graph of inputs and views only (dropout at inference is the identity) calls no kernel,
    so the device check lets it run anywhere; the output is the input."""
    x = relay.var("x", shape=(4, 3))
    out = relay.nn.dropout(x, rate=0.5)
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(tvm.IRModule.from_expr(relay.Function([x], out)), target="llvm")
    m = graph_executor.GraphModule(lib["default"](tvm.opencl()))
    data = np.random.rand(4, 3).astype("float32")
    m.run(x=data)
    np.testing.assert_array_equal(m.get_output(0).numpy(), data)


def test_opencl_model_refuses_the_cpu(tmp_path):
    """A model whose kernels are OpenCL (here the graph's function built with target opencl),
    exported and reloaded, created on the cpu: a ValueError naming opencl and cpu. On an OpenCL
    device it runs and matches numpy."""
    import json  # pylint: disable=import-outside-toplevel

    from tvm import te  # pylint: disable=import-outside-toplevel
    from tvm.relay.backend.executor_factory import \
        GraphExecutorFactoryModule  # pylint: disable=import-outside-toplevel

    cpu_lib = _exp_model()
    nodes = json.loads(cpu_lib.get_graph_json())["nodes"]
    fname = [n for n in nodes if n["op"] == "tvm_op"][0]["attrs"]["func_name"]
    a = te.placeholder((64,), name="A")
    b = te.compute((64,), lambda i: te.exp(a[i]), name="B")
    s = te.create_schedule(b.op)
    bx, tx = s[b].split(b.op.axis[0], factor=32)
    s[b].bind(bx, te.thread_axis("blockIdx.x"))
    s[b].bind(tx, te.thread_axis("threadIdx.x"))
    kernels = tvm.build(s, [a, b], target="opencl", name=fname)
    factory = GraphExecutorFactoryModule(cpu_lib.get_graph_json(), kernels, {}, "default")
    path = str(tmp_path / "model_cl.so")
    factory.export_library(path)
    loaded = tvm.runtime.load_module(path)
    with pytest.raises(ValueError, match=r"built for opencl \(its library holds opencl "
                                         r"kernels\), not for cpu"):
        loaded["default"](tvm.cpu())
    if tvm.opencl().exist:
        m = graph_executor.GraphModule(loaded["default"](tvm.opencl()))
        x = np.random.rand(64).astype("float32")
        m.run(x=x)
        np.testing.assert_allclose(m.get_output(0).numpy(), np.exp(x), rtol=1e-5)


@pytest.mark.skipif(__import__("platform").machine() != "x86_64", reason="x86-64 host names")
@pytest.mark.parametrize("patch, match", [
    ({18: 183, 19: 0}, r"it was built for AArch64, but this host is x86-64"),
    ({18: 40, 19: 0}, r"it was built for ARM \(32-bit\), but this host is x86-64"),
    ({4: 1}, r"it is a 32-bit little-endian library, this host \(x86-64\) loads 64-bit"),
])
def test_model_for_another_architecture(tmp_path, patch, match):
    """A model.so whose ELF header says another machine (as a cross-compiled one would) is a
    ValueError naming the file, the machine it is for and this host's."""
    path = tmp_path / "model.so"
    _exp_model().export_library(str(path))
    data = bytearray(path.read_bytes())
    for offset, value in patch.items():
        data[offset] = value
    other = tmp_path / "other_arch.so"
    other.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="other_arch.so") as err:
        tvm.runtime.load_module(str(other))
    assert __import__("re").search(match, str(err.value)), str(err.value)


# ---- the pipeline: FoldScaleAxis, CanonicalizeOps (opt_level 3), Combine passes (4) ----------
def _conv_bn_branches():
    rng = np.random.default_rng(0)
    x = relay.var("x", shape=(1, 3, 8, 8))
    outs, params, refs = [], {}, []
    for i in range(3):
        w = relay.var(f"w{i}", shape=(4, 3, 3, 3))
        names = [f"{k}{i}" for k in ("g", "b", "m", "v")]
        y = relay.nn.conv2d(x, w, padding=(1, 1))
        y = relay.nn.batch_norm(y, *(relay.var(n, shape=(4,)) for n in names))[0]
        outs.append(relay.nn.relu(y))
        params[f"w{i}"] = rng.uniform(-1, 1, (4, 3, 3, 3)).astype("float32")
        for n in names:
            params[n] = rng.uniform(0.5, 1.5, 4).astype("float32")
    return tvm.IRModule.from_expr(relay.Function(relay.analysis.free_vars(relay.Tuple(outs)),
                                                 relay.Tuple(outs))), params


def _conv_bn_ref(a, params, i):
    import torch  # pylint: disable=import-outside-toplevel

    t = torch.nn.functional.conv2d(torch.from_numpy(a), torch.from_numpy(params[f"w{i}"]),
                                   padding=1)
    t = torch.nn.functional.batch_norm(t, *(torch.from_numpy(params[f"{k}{i}"])
                                            for k in ("m", "v", "g", "b")), eps=1e-5)
    return torch.relu(t).numpy()


@pytest.mark.parametrize("opt_level, convs, multiplies", [(2, 3, 3), (3, 3, 0), (4, 1, 0)])
def test_pipeline_opt_levels(opt_level, convs, multiplies):
    """relay.build's passes by opt_level: at 2 the batch_norm scale stays a multiply; at 3
    FoldScaleAxis puts it into the weights; at 4 CombineParallelConv2D also merges the three
    convolutions of x. The outputs match torch at every level."""
    mod, params = _conv_bn_branches()
    with tvm.transform.PassContext(opt_level=opt_level):
        opt, _ = relay.build_module.optimize(mod, tvm.target.Target("llvm"), params)
        lib = relay.build(mod, target="llvm", params=params)
    ops = []
    relay.analysis.post_order_visit(opt["main"], lambda e: ops.append(e.op.name) if isinstance(
        e, relay.Call) and isinstance(e.op, tvm.ir.Op) else None)
    fused = []
    for f in [e for e in _prim_functions(opt["main"])]:
        relay.analysis.post_order_visit(f, lambda e: fused.append(e.op.name) if isinstance(
            e, relay.Call) and isinstance(e.op, tvm.ir.Op) else None)
    conv_ops = [n for n in fused if n in ("nn.conv2d", "nn.contrib_conv2d_NCHWc")]
    assert len(conv_ops) == convs, fused
    assert fused.count("multiply") == multiplies, fused
    assert "nn.bias_add" not in fused and "nn.batch_norm" not in fused
    m = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    a = np.random.default_rng(1).uniform(-1, 1, (1, 3, 8, 8)).astype("float32")
    m.run(x=a)
    for i in range(3):
        np.testing.assert_allclose(m.get_output(i).numpy(), _conv_bn_ref(a, params, i),
                                   rtol=1e-4, atol=1e-5)


def _prim_functions(func):
    found = []
    relay.analysis.post_order_visit(func, lambda e: found.append(e) if isinstance(
        e, relay.Function) and e.attrs is not None and "Primitive" in e.attrs else None)
    return found


def test_bias_parameter_stays_in_the_blocked_conv_epilogue():
    """CanonicalizeOps turns bias_add(conv, b) with b a parameter (not bound) into
    add(conv, expand_dims(b)); AlterOpLayout still blocks that operand, so bias and relu stay in
    the convolution's kernel. Values match torch."""
    import torch  # pylint: disable=import-outside-toplevel

    x = relay.var("x", shape=(1, 16, 8, 8))
    w, b = relay.var("w", shape=(16, 16, 3, 3)), relay.var("b", shape=(16,))
    y = relay.nn.relu(relay.nn.bias_add(relay.nn.conv2d(x, w, padding=(1, 1)), b))
    mod = tvm.IRModule.from_expr(relay.Function([x, w, b], y))
    with tvm.transform.PassContext(opt_level=3):
        opt, _ = relay.build_module.optimize(mod, tvm.target.Target("llvm"))
        lib = relay.build(mod, target="llvm")
    kernels = []
    for f in _prim_functions(opt["main"]):
        names = []
        relay.analysis.post_order_visit(f, lambda e: names.append(e.op.name) if isinstance(
            e, relay.Call) and isinstance(e.op, tvm.ir.Op) else None)
        kernels.append(names)
    conv = [k for k in kernels if "nn.contrib_conv2d_NCHWc" in k]
    assert len(conv) == 1 and "add" in conv[0] and "nn.relu" in conv[0], kernels
    rng = np.random.default_rng(2)
    xa, wa, ba = (rng.uniform(-1, 1, s).astype("float32") for s in
                  ((1, 16, 8, 8), (16, 16, 3, 3), (16,)))
    m = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    m.run(x=xa, w=wa, b=ba)
    ref = torch.relu(torch.nn.functional.conv2d(torch.from_numpy(xa), torch.from_numpy(wa),
                                                torch.from_numpy(ba), padding=1)).numpy()
    np.testing.assert_allclose(m.get_output(0).numpy(), ref, rtol=1e-5, atol=1e-5)
