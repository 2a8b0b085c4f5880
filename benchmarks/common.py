"""Helpers shared by the benchmarks: the machine's FMA peak, numpy's BLAS, a timing loop."""
import os
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def fma_peak_gflops(threads, seconds=0.5):
    """float32 FMA peak of `threads` threads, measured now with independent FMA chains."""
    exe = os.path.join(tempfile.gettempdir(), "tvm_bench_fma_peak")
    src = os.path.join(HERE, "fma_peak.cc")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        subprocess.run(["c++", "-O3", "-march=native", "-pthread", src, "-o", exe], check=True)
    out = subprocess.run([exe, str(threads), str(seconds)], check=True, capture_output=True,
                         text=True)
    return float(out.stdout.strip())


def numpy_blas_info():
    """Which BLAS library and kernel numpy's matmul runs (via threadpoolctl when installed)."""
    try:
        from threadpoolctl import threadpool_info  # pylint: disable=import-outside-toplevel

        import numpy as np  # pylint: disable=import-outside-toplevel

        np.dot(np.ones((2, 2)), np.ones((2, 2)))
        infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if infos:
            i = infos[0]
            return f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')} kernel)"
    except ImportError:
        pass
    return "unknown (install threadpoolctl to see)"


def seconds_per_run(fn, number, clock=time.perf_counter):
    """Seconds per call of fn over `number` calls, after one warm-up call."""
    fn()
    t0 = clock()
    for _ in range(number):
        fn()
    return (clock() - t0) / number
