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
