"""Row-wise execution on the VM (batch_call): a primitive function whose only run-time
dimension is a leading batch that each of its operators treats row by row is compiled for
batch 1 and run once per row. Results against torch / numpy at several batches, the analysis
that decides which functions qualify, broadcasting of single-row operands, unaligned rows,
and the errors."""
import json

import numpy as np
import pytest

import tvm
import tvm.runtime.vm as rvm
from tvm import relay

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _compile(outputs, params, target="llvm"):
    func = relay.Function(params, outputs)
    with tvm.transform.PassContext(opt_level=3):
        exe = relay.vm.compile(tvm.IRModule.from_expr(func), target)
    return exe


def _batch_kernels(exe):
    return [line for line in exe.bytecode.splitlines() if "batch_call" in line]


def test_small_cnn_against_torch():
    rng = np.random.default_rng(0)
    w1 = rng.standard_normal((8, 3, 3, 3)).astype("float32")
    w2 = rng.standard_normal((10, 8 * 4 * 4)).astype("float32")
    bias = rng.standard_normal(10).astype("float32")
    x = relay.var("x", shape=(relay.Any(), 3, 8, 8))
    y = relay.nn.relu(relay.nn.conv2d(x, relay.const(w1), padding=(1, 1)))
    y = relay.nn.batch_flatten(relay.nn.max_pool2d(y, (2, 2), (2, 2)))
    y = relay.nn.softmax(relay.nn.bias_add(relay.nn.dense(y, relay.const(w2)), relay.const(bias)))
    exe = _compile(y, [x])
    lines = _batch_kernels(exe)
    assert any("conv2d" in line for line in lines) and any("dense" in line for line in lines)
    vm = rvm.VirtualMachine(exe, tvm.cpu())
    for n in (1, 3, 5, 0):
        data = rng.standard_normal((n, 3, 8, 8)).astype("float32")
        t = torch.from_numpy(data)
        ref = F.conv2d(t, torch.from_numpy(w1), padding=1).relu()
        ref = F.max_pool2d(ref, 2).flatten(1)
        ref = F.softmax(F.linear(ref, torch.from_numpy(w2), torch.from_numpy(bias)), -1).numpy()
        got = vm.run(data).numpy()
        assert got.shape == (n, 10)
        np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)


def test_unaligned_rows_and_single_row_broadcast():
    """Rows of 3 floats (12 bytes) are not 64-byte aligned: they go through scratch tensors.
    An operand with one row is broadcast to every row."""
    x = relay.var("x", shape=(relay.Any(), 3))
    y = relay.var("y", shape=(relay.Any(), 3))
    exe = _compile(relay.sigmoid(relay.add(x, y)) * relay.const(2.0), [x, y])
    assert _batch_kernels(exe)
    vm = rvm.VirtualMachine(exe, tvm.cpu())
    a = np.arange(15, dtype="float32").reshape(5, 3) / 7
    b = np.array([[0.5, -1.0, 2.0]], dtype="float32")
    expected = 2 / (1 + np.exp(-(a + b)))
    np.testing.assert_allclose(vm.run(a, b).numpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(vm.run(b, a).numpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(vm.run(a, a).numpy(), 2 / (1 + np.exp(-2 * a)), rtol=1e-6)
    with pytest.raises(ValueError, match="batched arguments have 2 and 5 rows"):
        vm.run(a, np.ones((2, 3), "float32"))


@pytest.mark.parametrize("name,build,reference", [
    ("sum over the batch", lambda x: relay.sum(x, axis=0), lambda a: a.sum(0)),
    ("batch folded into rows", lambda x: relay.reshape(x, (-1,)), lambda a: a.reshape(-1)),
    ("batch moved", lambda x: relay.transpose(x, (1, 0)), lambda a: a.T),
    ("softmax across rows", lambda x: relay.nn.softmax(x, axis=0),
     lambda a: np.exp(a) / np.exp(a).sum(0)),
    ("rows concatenated", lambda x: relay.concatenate([x, x], axis=0),
     lambda a: np.concatenate([a, a], 0)),
])
def test_functions_mixing_rows_keep_the_symbolic_kernel(name, build, reference):
    x = relay.var("x", shape=(relay.Any(), 4))
    exe = _compile(build(x), [x])
    assert not _batch_kernels(exe), name
    vm = rvm.VirtualMachine(exe, tvm.cpu())
    a = np.random.default_rng(1).standard_normal((3, 4)).astype("float32")
    np.testing.assert_allclose(vm.run(a).numpy(), reference(a), rtol=1e-5, atol=1e-6)


def test_row_wise_functions_that_qualify():
    x = relay.var("x", shape=(relay.Any(), 4, 6))
    body = relay.mean(relay.transpose(relay.nn.softmax(x, axis=1), (0, 2, 1)), axis=2)
    exe = _compile(relay.reshape(body, (0, 2, 3)), [x])
    assert _batch_kernels(exe)
    vm = rvm.VirtualMachine(exe, tvm.cpu())
    a = np.random.default_rng(2).standard_normal((4, 4, 6)).astype("float32")
    sm = np.exp(a) / np.exp(a).sum(1, keepdims=True)
    np.testing.assert_allclose(vm.run(a).numpy(), sm.transpose(0, 2, 1).mean(2).reshape(4, 2, 3),
                               rtol=1e-5)


def test_gpu_targets_keep_symbolic_kernels():
    x = relay.var("x", shape=(relay.Any(), 4))
    func = relay.Function([x], relay.nn.relu(x))
    exe = relay.vm.compile(tvm.IRModule.from_expr(func), "opencl")
    assert not _batch_kernels(exe)


def test_batch_call_is_checked_when_loaded():
    x = relay.var("x", shape=(2,))
    _, lib = relay.vm.compile(tvm.IRModule.from_expr(relay.Function([x], x + x)), "llvm").save()
    make = tvm._ffi.get_global_func("runtime.vm.Executable")
    program = {"functions": [{"name": "main", "params": [{"name": "x", "dtype": "float32",
                                                           "shape": [-1, 2]}],
                              "registers": 2, "code": []}],
               "kernels": ["k"], "num_constants": 0}
    code = program["functions"][0]["code"]
    code[:] = [["batch_call", [1], 0, [0], [1, 0], [[2]], ["float32"]], ["ret", 1]]
    with pytest.raises(ValueError, match="one batched flag per argument"):
        make(json.dumps(program), {}, lib)
    code[:] = [["batch_call", [5], 0, [0], [1], [[2]], ["float32"]], ["ret", 1]]
    with pytest.raises(ValueError, match="register 5 is out of range"):
        make(json.dumps(program), {}, lib)
    code[:] = [["batch_call", [1], 3, [0], [1], [[2]], ["float32"]], ["ret", 1]]
    with pytest.raises(ValueError, match="kernel 3 is out of range"):
        make(json.dumps(program), {}, lib)
    code[:] = [["batch_call", [1], 0, [0], [1], [[-2]], ["float32"]], ["ret", 1]]
    with pytest.raises(ValueError, match="negative extent -2"):
        make(json.dumps(program), {}, lib)
