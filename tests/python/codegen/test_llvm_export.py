"""export_library: the object code links into a .so that loads in a process that has only
libtvm_runtime.so (no compiler, no Python package), and in this process through load_module."""
import os
import subprocess
import sys
import textwrap

import numpy as np

import tvm
from tvm import tir
from tvm._ffi import base as ffi_base

from llvm_helpers import elementwise

# Runs in a fresh interpreter: loads libtvm_runtime.so with ctypes, loads the library with
# runtime.ModuleLoadFromFile, and calls its function on DLTensors built from numpy arrays.
RUNTIME_ONLY_PROGRAM = textwrap.dedent(r"""
    import ctypes, sys
    import numpy as np
    runtime_path, lib_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    lib = ctypes.CDLL(runtime_path, ctypes.RTLD_GLOBAL)

    class TVMValue(ctypes.Union):
        _fields_ = [("v_int64", ctypes.c_int64), ("v_float64", ctypes.c_double),
                    ("v_handle", ctypes.c_void_p), ("v_str", ctypes.c_char_p)]

    class DLDevice(ctypes.Structure):
        _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]

    class DLDataType(ctypes.Structure):
        _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]

    class DLTensor(ctypes.Structure):
        _fields_ = [("data", ctypes.c_void_p), ("device", DLDevice), ("ndim", ctypes.c_int32),
                    ("dtype", DLDataType), ("shape", ctypes.POINTER(ctypes.c_int64)),
                    ("strides", ctypes.POINTER(ctypes.c_int64)), ("byte_offset", ctypes.c_uint64)]

    lib.TVMGetLastError.restype = ctypes.c_char_p

    def check(rc):
        if rc != 0:
            raise RuntimeError(lib.TVMGetLastError().decode())

    def call(handle, values, codes):
        n = len(values)
        vals = (TVMValue * max(n, 1))(*values)
        tcodes = (ctypes.c_int * max(n, 1))(*codes)
        ret, ret_code = TVMValue(), ctypes.c_int()
        check(lib.TVMFuncCall(handle, vals, tcodes, n, ctypes.byref(ret), ctypes.byref(ret_code)))
        return ret, ret_code.value

    def global_func(name):
        h = ctypes.c_void_p()
        check(lib.TVMFuncGetGlobal(name.encode(), ctypes.byref(h)))
        assert h.value, name
        return h

    load = global_func("runtime.ModuleLoadFromFile")
    mod, code = call(load, [TVMValue(v_str=lib_path.encode()), TVMValue(v_str=b"")], [11, 11])
    get = global_func("runtime.ModuleGetFunction")
    func, code = call(get, [TVMValue(v_handle=mod.v_handle), TVMValue(v_str=b"myadd"),
                            TVMValue(v_int64=0)], [9, 11, 0])
    assert func.v_handle, "myadd not found"

    def aligned(values):
        # Generated functions check the buffers' data alignment: 64 bytes, as NDArray allocates.
        raw = np.empty(len(values) + 16, "float32")
        start = (-raw.ctypes.data % 64) // 4
        a = raw[start:start + len(values)]
        a[:] = values
        return a

    arrays = [aligned(np.arange(n, dtype="float32")), aligned(np.full(n, 2, "float32")),
              aligned(np.zeros(n, "float32"))]
    shape = (ctypes.c_int64 * 1)(n)
    tensors = [DLTensor(a.ctypes.data, DLDevice(1, 0), 1, DLDataType(2, 32, 1), shape, None, 0)
               for a in arrays]
    call(func.v_handle, [TVMValue(v_handle=ctypes.addressof(t)) for t in tensors], [7, 7, 7])
    assert np.array_equal(arrays[2], arrays[0] + 2), arrays[2]
    # A wrong shape is reported through the runtime's error path, not a crash.
    bad = (ctypes.c_int64 * 1)(n - 1)
    tensors[2].shape = bad
    try:
        call(func.v_handle, [TVMValue(v_handle=ctypes.addressof(t)) for t in tensors], [7, 7, 7])
        raise SystemExit("no error for a wrong shape")
    except RuntimeError as err:
        assert "C.shape[0] has an unexpected value" in str(err), err
    tensors[2].shape = shape

    def expect_error(text):
        try:
            call(func.v_handle, [TVMValue(v_handle=ctypes.addressof(t)) for t in tensors],
                 [7, 7, 7])
        except RuntimeError as err:
            assert text in str(err), err
            return
        raise SystemExit("no error: " + text)

    # Non-compact strides, a byte offset and a foreign device are each refused.
    strides = (ctypes.c_int64 * 1)(2)
    tensors[1].strides = strides
    expect_error("myadd: argument B.strides has an unexpected value: expected a compact")
    tensors[1].strides = None
    tensors[0].byte_offset = 4
    expect_error("myadd: argument A.byte_offset has an unexpected value: expected 0, got 4")
    tensors[0].byte_offset = 0
    tensors[2].device = DLDevice(2, 0)
    expect_error("myadd: argument C.device_type has an unexpected value: expected 1, got 2")
    tensors[2].device = DLDevice(1, 0)
    # Unit strides given explicitly are compact and accepted.
    one = (ctypes.c_int64 * 1)(1)
    for t in tensors:
        t.strides = one
    call(func.v_handle, [TVMValue(v_handle=ctypes.addressof(t)) for t in tensors], [7, 7, 7])
    print("OK", "tvm" in sys.modules)
""")


def runtime_library_path():
    return os.path.join(os.path.dirname(ffi_base.core.__file__), "libtvm_runtime.so")


def build_add(n):
    return tvm.build(elementwise(n, ["float32"] * 3, lambda a, b: a + b), name="myadd")


def test_export_library_runtime_only_process(tmp_path):
    """The exported .so runs in a process that loads libtvm_runtime.so alone."""
    n = 37
    path = str(tmp_path / "add.so")
    build_add(n).export_library(path)
    runtime = runtime_library_path()
    assert os.path.exists(runtime), runtime
    script = tmp_path / "run.py"
    script.write_text(RUNTIME_ONLY_PROGRAM)
    proc = subprocess.run([sys.executable, str(script), runtime, path, str(n)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                          env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    out = proc.stdout.decode()
    assert proc.returncode == 0, out
    assert out.strip() == "OK False"


def test_export_library_load_module(tmp_path):
    """load_module of the exported library gives the same results as the JIT module."""
    n = 100
    mod = build_add(n)
    path = str(tmp_path / "add.so")
    mod.export_library(path)
    loaded = tvm.runtime.load_module(path)
    a = tvm.nd.array(np.random.rand(n).astype("float32"))
    b = tvm.nd.array(np.random.rand(n).astype("float32"))
    c = tvm.nd.empty((n,), "float32")
    loaded["myadd"](a, b, c)
    np.testing.assert_allclose(c.numpy(), a.numpy() + b.numpy(), rtol=1e-6)
    assert loaded.entry_func is not None
    with np.testing.assert_raises(ValueError):
        loaded["myadd"](a, b, tvm.nd.empty((n + 1,), "float32"))


def test_export_parallel_library(tmp_path):
    """Parallel loops in an exported library reach the runtime's thread pool."""
    n = 4096
    f = elementwise(n, ["float32"] * 2, lambda a: a * 3.0, kind=tir.ForKind.PARALLEL)
    path = str(tmp_path / "par.so")
    tvm.build(f, name="triple").export_library(path)
    loaded = tvm.runtime.load_module(path)
    a = tvm.nd.array(np.random.rand(n).astype("float32"))
    b = tvm.nd.empty((n,), "float32")
    loaded["triple"](a, b)
    np.testing.assert_allclose(b.numpy(), a.numpy() * 3, rtol=1e-6)
