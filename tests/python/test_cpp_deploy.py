"""apps/cpp_deploy: a model exported by relay.build runs from a C++ program built with CMake
against libtvm_runtime.so alone, and prints what numpy computes."""
import os
import pathlib
import shutil
import subprocess

import numpy as np
import pytest

import tvm
from tvm import relay

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _runtime_dir():
    lib = pathlib.Path(tvm._ffi.base.core.__file__).resolve().parent  # noqa: SLF001
    for cand in [lib, ROOT / "build"]:
        if (cand / "libtvm_runtime.so").exists():
            return cand
    pytest.skip("libtvm_runtime.so not found next to the extension")
    return None


@pytest.mark.skipif(shutil.which("cmake") is None, reason="cmake is not installed")
def test_cpp_deploy_runs_an_exported_model(tmp_path):
    """Export a small model, build cpp_deploy, run it and compare every output value."""
    x = relay.var("data", shape=(2, 8))
    w = relay.var("w", shape=(8,))
    y = relay.exp(relay.nn.relu(relay.add(x, w)) * relay.const(0.5))
    y = relay.sum(y, axis=1, keepdims=True) + relay.reshape(relay.max(y, axis=1), (2, 1))
    weights = np.random.rand(8).astype("float32")
    lib = relay.build(tvm.IRModule.from_expr(relay.Function([x, w], y)), target="llvm",
                      params={"w": weights})
    model = tmp_path / "model.so"
    lib.export_library(str(model))
    data = np.random.randn(2, 8).astype("float32")
    (tmp_path / "input.bin").write_bytes(data.tobytes())

    build = tmp_path / "build"
    env = dict(os.environ)
    subprocess.run(["cmake", "-S", str(ROOT / "apps" / "cpp_deploy"), "-B", str(build),
                    f"-DTVM_LIBRARY_DIR={_runtime_dir()}", "-DCMAKE_BUILD_TYPE=Release"],
                   check=True, capture_output=True, env=env)
    subprocess.run(["cmake", "--build", str(build)], check=True, capture_output=True, env=env)
    # The program must not need libtvm.so (the compiler).
    deps = subprocess.run(["ldd", str(build / "cpp_deploy")], capture_output=True, text=True)
    assert "libtvm_runtime.so" in deps.stdout and "libtvm.so" not in deps.stdout

    out = subprocess.run([str(build / "cpp_deploy"), str(model), "data", "2,8",
                          str(tmp_path / "input.bin")], capture_output=True, text=True,
                         check=True).stdout.split()
    e = np.exp(np.maximum(data + weights, 0) * 0.5)
    ref = e.sum(1, keepdims=True) + e.max(1).reshape(2, 1)
    assert out[0] == "2,1"
    np.testing.assert_allclose(np.array(out[1:], "float32"), ref.reshape(-1), rtol=1e-5)


@pytest.mark.skipif(shutil.which("cmake") is None, reason="cmake is not installed")
def test_cpp_deploy_reports_a_bad_model(tmp_path):
    """A file that is not an exported model is an error message, not a crash."""
    build = tmp_path / "build"
    subprocess.run(["cmake", "-S", str(ROOT / "apps" / "cpp_deploy"), "-B", str(build),
                    f"-DTVM_LIBRARY_DIR={_runtime_dir()}"], check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(build)], check=True, capture_output=True)
    bogus = tmp_path / "bogus.so"
    bogus.write_bytes(b"\x7fELF not really")
    (tmp_path / "in.bin").write_bytes(np.zeros(4, "float32").tobytes())
    proc = subprocess.run([str(build / "cpp_deploy"), str(bogus), "data", "4",
                           str(tmp_path / "in.bin")], capture_output=True, text=True)
    assert proc.returncode == 1 and "error:" in proc.stderr, proc.stderr


@pytest.mark.skipif(shutil.which("cmake") is None, reason="cmake is not installed")
def test_vm_deploy_runs_a_dynamic_batch_model(tmp_path):
    """A relay.vm.compile'd model with a `?` batch runs from C++ (runtime only) at two batch
    sizes from the same kernel library and executable bytes; a corrupt executable is an
    error message."""
    x = relay.var("data", shape=(relay.Any(), 6))
    weights = np.random.rand(4, 6).astype("float32")
    y = relay.nn.softmax(relay.nn.dense(relay.nn.relu(x), relay.const(weights)))
    exe = relay.vm.compile(tvm.IRModule.from_expr(relay.Function([x], y)), target="llvm")
    code, lib = exe.save()
    lib.export_library(str(tmp_path / "kernels.so"))
    (tmp_path / "exe.bin").write_bytes(code)
    (tmp_path / "bad.bin").write_bytes(code[: len(code) // 2])

    build = tmp_path / "build"
    subprocess.run(["cmake", "-S", str(ROOT / "apps" / "cpp_deploy"), "-B", str(build),
                    f"-DTVM_LIBRARY_DIR={_runtime_dir()}", "-DCMAKE_BUILD_TYPE=Release"],
                   check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(build)], check=True, capture_output=True)
    deps = subprocess.run(["ldd", str(build / "vm_deploy")], capture_output=True, text=True)
    assert "libtvm_runtime.so" in deps.stdout and "libtvm.so" not in deps.stdout
    for batch in (1, 5):
        data = np.random.randn(batch, 6).astype("float32")
        (tmp_path / "in.bin").write_bytes(data.tobytes())
        out = subprocess.run([str(build / "vm_deploy"), str(tmp_path / "kernels.so"),
                              str(tmp_path / "exe.bin"), f"{batch},6", str(tmp_path / "in.bin")],
                             capture_output=True, text=True, check=True).stdout.split()
        z = np.maximum(data, 0) @ weights.T
        ref = np.exp(z - z.max(1, keepdims=True))
        ref /= ref.sum(1, keepdims=True)
        assert out[0] == f"{batch},4"
        np.testing.assert_allclose(np.array(out[1:], "float32"), ref.reshape(-1), rtol=1e-5)
    proc = subprocess.run([str(build / "vm_deploy"), str(tmp_path / "kernels.so"),
                           str(tmp_path / "bad.bin"), "1,6", str(tmp_path / "in.bin")],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "truncated" in proc.stderr, proc.stderr
