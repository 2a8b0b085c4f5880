"""The Relay VM (relay.vm.compile + tvm.runtime.vm.VirtualMachine): shapes known only at run
time, values deciding shapes, control flow, global calls, serialization and its errors. Every
result is compared with numpy or torch."""
import json

import numpy as np
import pytest

import tvm
from tvm import relay
from tvm.runtime import vm as rvm


def _vm(func_or_mod, params=None):
    mod = func_or_mod if isinstance(func_or_mod, tvm.IRModule) else \
        tvm.IRModule.from_expr(func_or_mod)
    return rvm.VirtualMachine(relay.vm.compile(mod, "llvm", params=params), tvm.cpu())


def test_dynamic_batch_matches_numpy_for_every_batch():
    x = relay.var("x", shape=(relay.Any(), 4))
    w = np.random.default_rng(0).standard_normal((6, 4)).astype("float32")
    summed = relay.sum(relay.nn.relu(x) + relay.const(1.0), axis=1)
    dense = relay.nn.dense(x, relay.const(w))
    vm = _vm(relay.Function([x], relay.Tuple([summed, dense])))
    for n in (1, 5, 17):
        a = np.random.default_rng(n).standard_normal((n, 4)).astype("float32")
        out = vm.run(a)
        np.testing.assert_allclose(out[0].numpy(), (np.maximum(a, 0) + 1).sum(1), rtol=1e-5)
        np.testing.assert_allclose(out[1].numpy(), a @ w.T, rtol=1e-5, atol=1e-6)


def test_convolution_net_with_dynamic_batch_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    w = rng.standard_normal((8, 3, 3, 3)).astype("float32")
    x = relay.var("x", shape=(relay.Any(), 3, 12, 12))
    y = relay.nn.relu(relay.nn.conv2d(x, relay.const(w), padding=(1, 1)))
    y = relay.nn.max_pool2d(y, pool_size=(2, 2), strides=(2, 2))
    y = relay.nn.softmax(relay.nn.batch_flatten(y))
    vm = _vm(relay.Function([x], y))
    for n in (1, 3):
        a = rng.standard_normal((n, 3, 12, 12)).astype("float32")
        t = torch.nn.functional.conv2d(torch.tensor(a), torch.tensor(w), padding=1).relu()
        ref = torch.softmax(torch.nn.functional.max_pool2d(t, 2).flatten(1), 1).numpy()
        np.testing.assert_allclose(vm.run(a).numpy(), ref, rtol=1e-5, atol=1e-7)


def test_reshape_with_a_run_time_dimension():
    x = relay.var("x", shape=(relay.Any(), 2, 3))
    vm = _vm(relay.Function([x], relay.reshape(x, (0, -1)) * relay.const(2.0)))
    a = np.arange(24, dtype="float32").reshape(4, 2, 3)
    np.testing.assert_array_equal(vm.run(a).numpy(), a.reshape(4, 6) * 2)


def test_value_dependent_shape_feeds_later_operators():
    """argwhere's row count comes from the data; the add after it gets its shape at run time."""
    x = relay.var("x", shape=(relay.Any(), 3))
    idx = relay.argwhere(relay.greater(x, relay.const(0.0)))
    vm = _vm(relay.Function([x], idx + relay.const(1, "int64")))
    for n in (2, 7):
        a = np.random.default_rng(n).standard_normal((n, 3)).astype("float32")
        np.testing.assert_array_equal(vm.run(a).numpy(), np.argwhere(a > 0) + 1)
    assert vm.run(-np.ones((3, 3), "float32")).numpy().shape == (0, 2)


def test_if_runs_the_branch_the_condition_picks():
    x = relay.var("x", shape=(3,))
    c = relay.var("c", shape=(), dtype="bool")
    body = relay.If(c, x * relay.const(2.0), x - relay.const(1.0))
    vm = _vm(relay.Function([x, c], body))
    a = np.array([1.0, -2.0, 3.5], "float32")
    np.testing.assert_array_equal(vm.run(a, np.array(True)).numpy(), a * 2)
    np.testing.assert_array_equal(vm.run(a, np.array(False)).numpy(), a - 1)


def test_global_functions_are_invoked():
    mod = tvm.IRModule()
    gv = relay.GlobalVar("double")
    p = relay.var("p", shape=(relay.Any(),))
    mod[gv] = relay.Function([p], p * relay.const(2.0))
    x = relay.var("x", shape=(relay.Any(),))
    mod["main"] = relay.Function([x], relay.Call(gv, [relay.Call(gv, [x])]))
    vm = _vm(mod)
    a = np.arange(5, dtype="float32")
    np.testing.assert_array_equal(vm.run(a).numpy(), a * 4)
    assert "invoke" in vm.exe.bytecode


def test_arguments_by_name_and_stateful_calls():
    x = relay.var("x", shape=(2,))
    y = relay.var("y", shape=(2,))
    vm = _vm(relay.Function([x, y], x - y))
    a, b = np.array([5.0, 1.0], "float32"), np.array([2.0, 3.0], "float32")
    np.testing.assert_array_equal(vm.invoke("main", a, y=b).numpy(), a - b)
    vm.set_input("main", y=b, x=a)
    vm.invoke_stateful("main")
    np.testing.assert_array_equal(vm.get_outputs()[0].numpy(), a - b)
    assert vm.benchmark(tvm.cpu(), a, b, repeat=2, number=2).mean > 0


def test_bad_arguments_are_typed_errors():
    x = relay.var("x", shape=(relay.Any(), 4))
    vm = _vm(relay.Function([x], x + relay.const(1.0)))
    with pytest.raises(ValueError, match=r"'x' expects Tensor\[\(\?, 4\), float32\], got "
                                         r"Tensor\[\(3, 5\), float32\]"):
        vm.run(np.zeros((3, 5), "float32"))
    with pytest.raises(ValueError, match="float32.*got.*int32"):
        vm.run(np.zeros((3, 4), "int32"))
    with pytest.raises(TypeError, match="takes 1 arguments, got 2"):
        vm.run(np.zeros((1, 4), "float32"), np.zeros((1, 4), "float32"))
    with pytest.raises(TypeError, match="takes 1 arguments, got 0"):
        vm.run()
    with pytest.raises(ValueError, match="no function named nope"):
        vm.invoke("nope", np.zeros((1, 4), "float32"))


def test_save_and_load_round_trip(tmp_path):
    x = relay.var("x", shape=(relay.Any(), 3))
    w = np.random.default_rng(2).standard_normal((3, 3)).astype("float32")
    exe = relay.vm.compile(tvm.IRModule.from_expr(relay.Function(
        [x], relay.nn.dense(x, relay.const(w)))), "llvm")
    code, lib = exe.save()
    path = str(tmp_path / "kernels.so")
    lib.export_library(path)
    exe2 = rvm.Executable.load_exec(code, tvm.runtime.load_module(path))
    a = np.random.default_rng(3).standard_normal((4, 3)).astype("float32")
    out = rvm.VirtualMachine(exe2, tvm.cpu()).run(a)
    np.testing.assert_allclose(out.numpy(), a @ w.T, rtol=1e-5, atol=1e-6)
    assert exe2.function_names == ["main"] and exe2.get_function_params("main") == ["x"]


def test_corrupt_executables_are_rejected():
    x = relay.var("x", shape=(2,))
    exe = relay.vm.compile(tvm.IRModule.from_expr(relay.Function([x], x + x)), "llvm")
    code, lib = exe.save()
    with pytest.raises(ValueError, match="truncated"):
        rvm.Executable.load_exec(code[:-5], lib)
    with pytest.raises(ValueError, match="magic"):
        rvm.Executable.load_exec(b"x" * len(code), lib)
    with pytest.raises(ValueError, match="follow the executable"):
        rvm.Executable.load_exec(code + b"\0", lib)
    make = tvm._ffi.get_global_func("runtime.vm.Executable")
    program = {"functions": [{"name": "main", "params": [], "registers": 1,
                              "code": [["ret", 3]]}], "kernels": [], "num_constants": 0}
    with pytest.raises(ValueError, match="register 3 is out of range"):
        make(json.dumps(program), {}, lib)
    program["functions"][0]["code"] = [["alloc", -1, [2], "float32", 0], ["ret", 0]]
    with pytest.raises(ValueError, match="register -1 is out of range"):
        make(json.dumps(program), {}, lib)
    program["functions"][0]["code"] = [["jump", 0]]
    with pytest.raises(ValueError, match="unknown instruction 'jump'"):
        make(json.dumps(program), {}, lib)
    program["functions"][0]["code"] = [["const", 0, 0], ["ret", 0]]
    with pytest.raises(ValueError, match="constant 0 is out of range"):
        make(json.dumps(program), {}, lib)
    with pytest.raises(ValueError):
        make("{not json", {}, lib)
    program = {"functions": [], "kernels": ["missing_kernel"], "num_constants": 0}
    exe_bad = rvm.Executable(make(json.dumps(program), {}, lib))
    with pytest.raises(ValueError, match="does not define missing_kernel"):
        rvm.VirtualMachine(exe_bad, tvm.cpu())


def test_create_executor_vm_and_graph_error():
    x = relay.var("x", shape=(relay.Any(), 2))
    mod = tvm.IRModule.from_expr(relay.Function([x], relay.exp(x)))
    run = relay.create_executor("vm", mod=mod, device=tvm.cpu(), target="llvm").evaluate()
    a = np.array([[0.0, 1.0], [2.0, -1.0]], "float32")
    np.testing.assert_allclose(run(a).numpy(), np.exp(a), rtol=1e-6)
    with pytest.raises(ValueError, match="relay.vm.compile"):
        relay.build(mod, "llvm")


def test_run_time_extents_broadcast_like_numpy():
    """Two `?` extents may differ at run time when one of them is 1 (numpy broadcasting)."""
    x = relay.var("x", shape=(relay.Any(), 4))
    y = relay.var("y", shape=(relay.Any(), 4))
    vm = _vm(relay.Function([x, y], x * y + relay.const(1.0)))
    rng = np.random.default_rng(4)
    for nx, ny in ((3, 3), (3, 1), (1, 5)):
        a = rng.standard_normal((nx, 4)).astype("float32")
        b = rng.standard_normal((ny, 4)).astype("float32")
        np.testing.assert_allclose(vm.run(a, b).numpy(), a * b + 1, rtol=1e-6)


def test_unbounded_recursion_is_an_error():
    """Relay's type inference refuses recursive functions, but an executable may still hold
    one: the VM stops it instead of exhausting the stack."""
    x = relay.var("x", shape=(2,))
    lib = relay.vm.compile(tvm.IRModule.from_expr(relay.Function([x], x + x)), "llvm").lib
    program = {"functions": [{"name": "main", "params": [], "registers": 1,
                              "code": [["invoke", 0, 0, []], ["ret", 0]]}],
               "kernels": [], "num_constants": 0}
    exe = rvm.Executable(tvm._ffi.get_global_func("runtime.vm.Executable")(
        json.dumps(program), {}, lib))
    with pytest.raises(ValueError, match="nest deeper than 2000"):
        rvm.VirtualMachine(exe, tvm.cpu()).invoke("main")


@pytest.mark.skipif(not tvm.opencl().exist, reason="no OpenCL device here")
def test_dynamic_batch_on_opencl_matches_torch():
    """GPU schedules on a symbolic batch: the kernels bind the run-time extent to threads."""
    torch = pytest.importorskip("torch")
    w = np.random.default_rng(5).random((4, 3, 3, 3), dtype="float32")
    x = relay.var("x", shape=(relay.Any(), 3, 8, 8))
    y = relay.nn.softmax(relay.nn.batch_flatten(relay.nn.relu(relay.nn.conv2d(
        x, relay.const(w)))))
    exe = relay.vm.compile(tvm.IRModule.from_expr(relay.Function([x], y)), "opencl")
    vm = rvm.VirtualMachine(exe, tvm.opencl())
    for n in (1, 3):
        a = np.random.default_rng(n).standard_normal((n, 3, 8, 8)).astype("float32")
        t = torch.relu(torch.nn.functional.conv2d(torch.tensor(a), torch.tensor(w)))
        ref = torch.softmax(t.flatten(1), 1).numpy()
        np.testing.assert_allclose(vm.run(a).numpy(), ref, rtol=1e-5, atol=1e-6)


def test_closures_and_blocking_a_run_time_axis_are_errors():
    x = relay.var("x", shape=(2,))
    y = relay.var("y", shape=(2,))
    closure = relay.Function([x], relay.Function([y], x + y))
    with pytest.raises(ValueError, match="closures.*not supported"):
        relay.vm.compile(tvm.IRModule.from_expr(closure), "llvm")
    z = relay.var("z", shape=(1, relay.Any(), 4, 4))
    blocked = relay.Function([z], relay.layout_transform(z, "NCHW", "NCHW16c"))
    with pytest.raises(tvm.error.DiagnosticError,
                       match=r"axis C of Tensor\[\(1, \?, 4, 4\), float32\] is known only at run "
                             "time and cannot be blocked"):
        relay.transform.InferType()(tvm.IRModule.from_expr(blocked))
