"""The stack's demo: what works today, shown end to end.

Today the compiler layers are still being built, so the demo shows the runtime that compiled
models run on: tensors shared zero-copy with numpy and torch, a native kernel in the packed
C ABI (the form generated code takes) loaded as a module and run on the runtime's thread
pool, Python functions called from native code, and errors that come back typed.
"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

import tvm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, os.pardir, os.pardir))


def section(title):
    print(f"\n\033[1m== {title}\033[0m")


def best_of(f, repeat=20):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    section("runtime")
    print(f"tvm {tvm.__version__}, library {tvm._ffi.base._LIB}")
    print(f"thread pool: {tvm.runtime.num_threads()} threads (TVM_NUM_THREADS or physical cores)")
    for dev in (tvm.cpu(), tvm.cuda(), tvm.opencl()):
        print(f"  {str(dev):10s} exist={dev.exist}")

    section("tensors shared with numpy and torch (DLPack, zero-copy)")
    x = np.arange(8, dtype="float32")
    shared = tvm.nd.from_dlpack(x)
    x[0] = 42.0
    print(f"numpy write seen by tvm: {shared.numpy()[:4]}")
    try:
        import torch  # pylint: disable=import-outside-toplevel

        t = torch.utils.dlpack.from_dlpack(shared)
        t[1] = -1.0
        print(f"torch write seen by numpy through tvm: {x[:4]}")
    except ImportError:
        print("torch is not installed: skipping the torch part")

    section("a native kernel in the packed C ABI, loaded as a module")
    with tempfile.TemporaryDirectory() as tmp:
        lib_path = os.path.join(tmp, "axpy.so")
        subprocess.run(
            ["cc", "-O3", "-march=native", "-shared", "-fPIC", "-I", os.path.join(ROOT, "include"),
             os.path.join(HERE, "axpy_kernel.c"), "-o", lib_path],
            check=True,
        )
        mod = tvm.runtime.load_module(lib_path)
        print(f"loaded {mod}")

        setting = {"alpha": 2.5}

        @tvm.register_func("demo.alpha", override=True)
        def alpha():
            if setting["alpha"] is None:
                raise ZeroDivisionError("alpha is undefined today")
            return setting["alpha"]

        n = 1 << 22
        a = tvm.nd.array(np.random.rand(n).astype("float32"))
        b = tvm.nd.array(np.random.rand(n).astype("float32"))
        c = tvm.nd.empty((n,), "float32")
        axpy = mod["axpy"]
        axpy(a, b, c)
        expected = 2.5 * a.numpy() + b.numpy()
        np.testing.assert_allclose(c.numpy(), expected, rtol=1e-6)
        print("result matches numpy (rtol 1e-6)")

        a_np, b_np = a.numpy(), b.numpy()
        t_kernel = best_of(lambda: axpy(a, b, c))
        t_numpy = best_of(lambda: np.add(np.multiply(a_np, 2.5), b_np))
        gbs = 3 * n * 4 / 1e9
        print(f"{'':18s}{'time':>10s}{'GB/s':>10s}")
        print(f"{'kernel (pool)':18s}{t_kernel * 1e3:8.2f}ms{gbs / t_kernel:10.1f}")
        print(f"{'numpy a*alpha+b':18s}{t_numpy * 1e3:8.2f}ms{gbs / t_numpy:10.1f}")

        section("errors come back typed")
        try:
            axpy(a, b)
        except TypeError as err:
            print(f"TypeError: {err}")
        try:
            axpy(a, tvm.nd.empty((3,), "float32"), c)
        except ValueError as err:
            print(f"ValueError: {err}")

        setting["alpha"] = None
        try:
            axpy(a, b, c)
        except ZeroDivisionError as err:
            print(f"ZeroDivisionError raised in Python, through native code, back to Python: {err}")
    print("\ndemo finished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
