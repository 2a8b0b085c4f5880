"""The stack's demo: what works today, shown end to end.

1. The operator compiler: a matrix multiply written as a tensor expression, scheduled
   (packed, tiled, vectorized, parallel), lowered to TIR, compiled by the LLVM backend,
   checked against numpy and timed beside numpy's BLAS and the machine's FMA peak.
2. The runtime compiled code runs on: tensors shared zero-copy with numpy and torch, a
   native kernel in the packed C ABI loaded as a module, Python called from native code, and
   errors that come back typed.
(Whole-model compilation, relay.build and the ONNX/PyTorch frontends, is not built yet.)
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


def compiler_demo():
    from tvm import te  # pylint: disable=import-outside-toplevel

    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    import common  # pylint: disable=import-outside-toplevel
    import gemm  # pylint: disable=import-outside-toplevel

    n = 512
    section(f"the operator compiler: {n}x{n}x{n} float32 matmul")
    s, tensors = gemm.gemm_blocked(n)
    mod = tvm.lower(s, tensors)
    text = str(mod).splitlines()
    print("lowered TIR (first lines):")
    for line in text[4:18]:
        print("   " + line)
    print("   ...")
    t0 = time.perf_counter()
    f = tvm.build(mod, target="llvm")
    print(f"compiled for {tvm.target.Target('llvm')} in {time.perf_counter() - t0:.2f} s")
    a_np = np.random.rand(n, n).astype("float32")
    b_np = np.random.rand(n, n).astype("float32")
    a, b, c = tvm.nd.array(a_np), tvm.nd.array(b_np), tvm.nd.empty((n, n))
    f["main"](a, b, c)
    np.testing.assert_allclose(c.numpy(), a_np @ b_np, rtol=1e-4)
    print("result matches numpy (rtol 1e-4)")
    flops = 2.0 * n ** 3
    ours = flops / f.time_evaluator("main", tvm.cpu(), number=10, repeat=3)(a, b, c).min / 1e9
    theirs = flops / best_of(lambda: np.matmul(a_np, b_np)) / 1e9
    peak = common.fma_peak_gflops(tvm.runtime.num_threads(), 0.3)
    print(f"{'':40s}{'GFLOPS':>8s}")
    print(f"{'this stack (blocked schedule)':40s}{ours:8.1f}")
    print(f"{'numpy (' + common.numpy_blas_info().split()[0] + ')':40s}{theirs:8.1f}")
    print(f"{'FMA peak (' + str(tvm.runtime.num_threads()) + ' threads)':40s}{peak:8.1f}")


def main():
    compiler_demo()
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
