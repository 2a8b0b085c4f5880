"""The stack's demo: what works today, shown end to end.

1. The operator compiler: a matrix multiply written as a tensor expression, scheduled
   (packed, tiled, vectorized, parallel), lowered to TIR, compiled by the LLVM backend,
   checked against numpy and timed beside numpy's BLAS and the machine's FMA peak.
2. The runtime compiled code runs on: tensors shared zero-copy with numpy and torch, a
   native kernel in the packed C ABI loaded as a module, Python called from native code, and
   errors that come back typed.
3. A real model: torchvision's ResNet-18 (random weights: nothing can be downloaded here)
   exported to ONNX, imported with relay.frontend.from_onnx, compiled with relay.build, run on
   the graph executor, checked against onnxruntime, and timed beside onnxruntime and torch.
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


def model_demo():
    import io  # pylint: disable=import-outside-toplevel

    section("a real model: ResNet-18 from torchvision, through ONNX")
    try:
        import onnx  # pylint: disable=import-outside-toplevel
        import onnxruntime as ort  # pylint: disable=import-outside-toplevel
        import torch  # pylint: disable=import-outside-toplevel
        import torchvision  # pylint: disable=import-outside-toplevel
    except ImportError as err:
        print(f"skipped: {err} (scripts/setup.sh installs onnx, onnxruntime and torchvision)")
        return
    from tvm import relay  # pylint: disable=import-outside-toplevel
    from tvm.contrib import graph_executor  # pylint: disable=import-outside-toplevel

    threads = tvm.runtime.num_threads()
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = torchvision.models.resnet18().eval()
    x = torch.rand(1, 3, 224, 224)
    buf = io.BytesIO()
    torch.onnx.export(net, x, buf, input_names=["data"], output_names=["logits"], opset_version=13)
    print(f"exported to ONNX: {len(buf.getvalue()) / 1e6:.1f} MB, opset 13")
    t0 = time.perf_counter()
    mod, params = relay.frontend.from_onnx(onnx.load_model_from_string(buf.getvalue()))
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(mod, target="llvm", params=params)
    print(f"imported and compiled in {time.perf_counter() - t0:.1f} s "
          f"({len(lib.get_params())} parameter tensors, planned storage "
          f"{lib.storage_bytes / 1e6:.1f} MB)")
    m = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    m.set_input("data", x.numpy())
    m.run()
    ours = m.get_output(0).numpy()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    sess = ort.InferenceSession(buf.getvalue(), opts, providers=["CPUExecutionProvider"])
    ref = sess.run(None, {"data": x.numpy()})[0]
    rel = float(np.linalg.norm(ours - ref) / np.linalg.norm(ref))
    print(f"relative difference from onnxruntime: {rel:.1e}")
    assert rel < 1e-4, rel
    print("result matches onnxruntime (relative error < 1e-4)")
    t_ours = min(m.benchmark(tvm.cpu(), number=3, repeat=3).results)
    t_ort = best_of(lambda: sess.run(None, {"data": x.numpy()}), repeat=5)
    with torch.no_grad():
        t_torch = best_of(lambda: net(x), repeat=5)
    print(f"{'latency, batch 1, ' + str(threads) + ' threads':40s}{'ms':>8s}")
    for name, t in [("this stack", t_ours), ("onnxruntime", t_ort), ("torch", t_torch)]:
        print(f"{name:40s}{t * 1e3:8.2f}")


def main():
    compiler_demo()
    model_demo()
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
