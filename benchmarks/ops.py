"""TOPI x86 operators against torch on this machine: the conv2d layers of ResNet-18 (batch 1,
224x224 input, each distinct (C, H, W, K, kernel, stride)) and two dense layers, in GFLOPS,
beside the float32 FMA peak measured in the same run; batch-1 dense (GEMV) as weight-streaming
bandwidth; softmax and layer_norm rows in ms.

    TVM_NUM_THREADS=2 .venv/bin/python benchmarks/ops.py [--rounds 5] [--min-ms 30]
        [--only conv,dense,gemv,rows]

GEMV (--only gemv): batch-1 dense 1x512x1000 and the transformer shapes 1x768x3072,
1x3072x768: ours dense_gemv + schedule_dense_gemv on the weight as given ([N, K], what
relay.build runs for a batch-1 dense), ours dense_pack on a pre-packed weight, torch
F.linear, numpy a @ w.T (its BLAS, OpenBLAS here), in GB/s of weight read per call.
Rows (--only rows): softmax over the last axis of 1x12x128x128 (attention scores) and of
128x768, layer_norm over the last axis of 128x768; ours schedule_softmax /
schedule_layer_norm vs torch.softmax / F.layer_norm on the same number of threads.

Ours: conv2d_NCHWc + schedule_conv2d_NCHWc on data already in the blocked layout and a
pre-packed kernel (what a compiled network runs: the layout transforms are folded into the
weights and hoisted between layers); dense_pack + schedule_dense_pack on a pre-packed weight.
torch: F.conv2d / F.linear on NCHW tensors; for the dense rows also numpy's matmul (its BLAS),
because this torch build's BLAS is "generic". Runs alternate between the two (rounds), each
run timing enough calls to last min-ms; the best run of each is reported.
"""
import argparse
import os
import sys
import time

import numpy as np

import tvm
from tvm import te, topi
from tvm.topi import testing as tt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  pylint: disable=wrong-import-position

# (C, H, W, K, kernel, stride) of ResNet-18's convolutions; padding is kernel // 2.
RESNET18_CONVS = [
    (3, 224, 224, 64, 7, 2),
    (64, 56, 56, 64, 3, 1),
    (64, 56, 56, 128, 3, 2),
    (64, 56, 56, 128, 1, 2),
    (128, 28, 28, 128, 3, 1),
    (128, 28, 28, 256, 3, 2),
    (128, 28, 28, 256, 1, 2),
    (256, 14, 14, 256, 3, 1),
    (256, 14, 14, 512, 3, 2),
    (256, 14, 14, 512, 1, 2),
    (512, 7, 7, 512, 3, 1),
]
DENSES = [(1, 512, 1000), (128, 768, 3072)]


def timer(f, min_ms):
    """Seconds per call of f, averaged over enough calls to last min_ms."""
    f()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            f()
        dt = time.perf_counter() - t0
        if dt * 1e3 >= min_ms:
            return dt / n
        n = max(n * 2, int(n * min_ms / max(dt * 1e3, 1e-3)) + 1)


def conv_case(c, h, w, k, ks, st):
    pad = ks // 2
    oh, ow = (h + 2 * pad - ks) // st + 1, (w + 2 * pad - ks) // st + 1
    ic_bn, oc_bn, _ = topi.x86.conv2d_NCHWc_default_blocks(c, k, ow)
    A = te.placeholder((1, c // ic_bn, h, w, ic_bn), name="A")
    W = te.placeholder((k // oc_bn, c // ic_bn, ks, ks, ic_bn, oc_bn), name="W")
    out = topi.x86.conv2d_NCHWc(A, W, st, pad, 1)
    s = topi.x86.schedule_conv2d_NCHWc([out])
    f = tvm.build(s, [A, W, out], "llvm")
    a = np.random.uniform(-1, 1, (1, c, h, w)).astype("float32")
    wt = np.random.uniform(-1, 1, (k, c, ks, ks)).astype("float32")
    args = [tvm.nd.array(tt.nchw_to_nchwc(a, ic_bn)),
            tvm.nd.array(tt.oihw_to_oihwio(wt, ic_bn, oc_bn)),
            tvm.nd.empty([int(d) for d in out.shape])]
    flops = 2.0 * k * c * ks * ks * oh * ow

    def ours():
        f(*args)

    def check(torch):
        ours()
        ref = torch.nn.functional.conv2d(torch.tensor(a), torch.tensor(wt), stride=st,
                                         padding=pad).numpy()
        np.testing.assert_allclose(tt.nchwc_to_nchw(args[2].numpy()), ref, rtol=1e-3, atol=1e-3)

    def theirs(torch):
        x, y = torch.tensor(a), torch.tensor(wt)
        return lambda: torch.nn.functional.conv2d(x, y, stride=st, padding=pad)

    return f"conv {c}x{h}x{w} -> {k} k{ks} s{st}", flops, ours, theirs, check, None


def dense_case(m, k, n):
    bn = topi.x86.dense_pack_default_bn(n)
    A = te.placeholder((m, k), name="A")
    Wp = te.placeholder((n // bn, k, bn), name="Wp")
    out = topi.x86.dense_pack(A, Wp)
    s = topi.x86.schedule_dense_pack([out])
    f = tvm.build(s, [A, Wp, out], "llvm")
    a = np.random.uniform(-1, 1, (m, k)).astype("float32")
    w = np.random.uniform(-1, 1, (n, k)).astype("float32")
    args = [tvm.nd.array(a), tvm.nd.array(w.reshape(n // bn, bn, k).transpose(0, 2, 1).copy()),
            tvm.nd.empty((m, n))]

    def ours():
        f(*args)

    def check(torch):
        del torch
        ours()
        np.testing.assert_allclose(args[2].numpy(), a @ w.T, rtol=1e-3, atol=1e-3)

    def theirs(torch):
        x, y = torch.tensor(a), torch.tensor(w)
        return lambda: torch.nn.functional.linear(x, y)

    wt = np.ascontiguousarray(w.T)

    def blas():
        np.matmul(a, wt)

    return f"dense {m}x{k}x{n}", 2.0 * m * n * k, ours, theirs, check, blas


GEMVS = [(512, 1000), (768, 3072), (3072, 768)]


def gemv_case(k, n):
    """(name, weight bytes, {label: fn}, check): batch-1 dense, ours (weight as given and
    pre-packed), torch, numpy."""
    A = te.placeholder((1, k), name="A")
    W = te.placeholder((n, k), name="W")
    out = topi.x86.dense_gemv(A, W)
    f = tvm.build(topi.x86.schedule_dense_gemv([out]), [A, W, out], "llvm")
    bn = topi.x86.dense_pack_default_bn(n)
    Wp = te.placeholder((n // bn, k, bn), name="Wp")
    outp = topi.x86.dense_pack(A, Wp)
    fp = tvm.build(topi.x86.schedule_dense_pack([outp]), [A, Wp, outp], "llvm")
    a = np.random.uniform(-1, 1, (1, k)).astype("float32")
    w = np.random.uniform(-1, 1, (n, k)).astype("float32")
    args = [tvm.nd.array(a), tvm.nd.array(w), tvm.nd.empty((1, n))]
    pargs = [tvm.nd.array(a), tvm.nd.array(w.reshape(n // bn, bn, k).transpose(0, 2, 1).copy()),
             tvm.nd.empty((1, n))]
    wt = np.ascontiguousarray(w.T)

    def check(torch):
        del torch
        ref = a.astype("float64") @ w.astype("float64").T
        f(*args)
        fp(*pargs)
        np.testing.assert_allclose(args[2].numpy(), ref, rtol=1e-3, atol=1e-3)
        np.testing.assert_allclose(pargs[2].numpy(), ref, rtol=1e-3, atol=1e-3)

    def fns(torch):
        x, y = torch.tensor(a), torch.tensor(w)
        return {"ours gemv": lambda: f(*args), "ours dense_pack (packed)": lambda: fp(*pargs),
                "torch": lambda: torch.nn.functional.linear(x, y),
                "numpy": lambda: np.matmul(a, wt)}

    return f"dense 1x{k}x{n}", k * n * 4, fns, check


def rows_cases():
    """(name, bytes read + written, build -> (ours, theirs(torch), check(torch)))."""
    def softmax(shape):
        def build():
            X = te.placeholder(shape, name="X")
            out = topi.nn.softmax(X, -1)
            f = tvm.build(topi.x86.schedule_softmax([out]), [X, out], "llvm")
            x = np.random.uniform(-5, 5, shape).astype("float32")
            args = [tvm.nd.array(x), tvm.nd.empty(shape)]

            def check(torch):
                f(*args)
                np.testing.assert_allclose(args[1].numpy(), torch.softmax(torch.tensor(x), -1),
                                           rtol=1e-5, atol=1e-6)

            def theirs(torch):
                t = torch.tensor(x)
                return lambda: torch.softmax(t, -1)

            return lambda: f(*args), theirs, check
        return "softmax " + "x".join(map(str, shape)), 8 * int(np.prod(shape)), build

    def layer_norm(shape):
        def build():
            X = te.placeholder(shape, name="X")
            G, B = te.placeholder(shape[-1:], name="G"), te.placeholder(shape[-1:], name="B")
            out = topi.nn.layer_norm(X, G, B, [-1])
            f = tvm.build(topi.x86.schedule_layer_norm([out]), [X, G, B, out], "llvm")
            x = np.random.uniform(-3, 3, shape).astype("float32")
            g = np.random.uniform(0.5, 1.5, shape[-1:]).astype("float32")
            b = np.random.uniform(-1, 1, shape[-1:]).astype("float32")
            args = [tvm.nd.array(x), tvm.nd.array(g), tvm.nd.array(b), tvm.nd.empty(shape)]

            def check(torch):
                f(*args)
                ref = torch.nn.functional.layer_norm(torch.tensor(x), shape[-1:],
                                                     torch.tensor(g), torch.tensor(b))
                np.testing.assert_allclose(args[3].numpy(), ref.numpy(), rtol=1e-4, atol=1e-4)

            def theirs(torch):
                t, tg, tb = torch.tensor(x), torch.tensor(g), torch.tensor(b)
                return lambda: torch.nn.functional.layer_norm(t, shape[-1:], tg, tb)

            return lambda: f(*args), theirs, check
        return "layer_norm " + "x".join(map(str, shape)), 8 * int(np.prod(shape)), build

    return [softmax((1, 12, 128, 128)), softmax((128, 768)), layer_norm((128, 768))]


def run_gemv(torch, rounds, min_ms, copy):
    print(f"{'batch-1 dense (GB/s of weights)':36s}" + "".join(
        f"{k:>26s}" for k in ("ours gemv", "ours dense_pack (packed)", "torch", "numpy")))
    for k, n in GEMVS:
        name, nbytes, fns, check = gemv_case(k, n)
        check(torch)
        funcs = fns(torch)
        best = {key: float("inf") for key in funcs}
        for _ in range(rounds):
            for key, fn in funcs.items():
                best[key] = min(best[key], timer(fn, min_ms))
        print(f"{name:36s}" + "".join(f"{nbytes / best[key] / 1e9:26.1f}" for key in funcs) +
              f"   (ours {best['ours gemv'] * 1e6:.1f} us, {nbytes / 1e6:.1f} MB)")
    if copy is not None:
        print(f"STREAM-like copy of 64 MB: ours {copy[0]:.1f} GB/s, numpy {copy[1]:.1f} GB/s")


def run_rows(torch, rounds, min_ms):
    print(f"{'rows (ms per call)':36s}{'ours':>9s}{'torch':>9s}{'torch/ours':>12s}")
    for name, _, build in rows_cases():
        ours, theirs, check = build()
        check(torch)
        tf = theirs(torch)
        bo = bt = float("inf")
        for _ in range(rounds):
            bo = min(bo, timer(ours, min_ms))
            bt = min(bt, timer(tf, min_ms))
        print(f"{name:36s}{bo * 1e3:9.4f}{bt * 1e3:9.4f}{bt / bo:11.2f}x")


def stream_copy_gbs(min_ms, mbytes=64):
    """STREAM-like copy bandwidth (bytes read + written per second) of a parallel, vectorized
    copy kernel built with this stack over `mbytes` MB, and of numpy's copy."""
    n = mbytes * (1 << 20) // 4
    A = te.placeholder((n,), name="A")
    B = te.compute((n,), lambda i: A[i], name="B")
    s = te.create_schedule(B.op)
    o, i = s[B].split(B.op.axis[0], factor=64)
    s[B].parallel(o)
    s[B].vectorize(i)
    f = tvm.build(s, [A, B], "llvm")
    a = tvm.nd.array(np.random.rand(n).astype("float32"))
    b = tvm.nd.empty((n,), "float32")
    an, bn = a.numpy(), np.empty(n, "float32")
    t_ours = timer(lambda: f(a, b), min_ms)
    t_np = timer(lambda: np.copyto(bn, an), min_ms)
    return 2 * n * 4 / t_ours / 1e9, 2 * n * 4 / t_np / 1e9


def torch_backends(torch):
    """The BLAS / oneDNN / threading facts of torch.__config__.show()."""
    keep = []
    for line in torch.__config__.show().splitlines():
        line = line.strip().lstrip("- ")
        low = line.lower()
        if low.startswith("build settings"):
            keep += [kv.strip() for kv in line.split(":", 1)[1].split(",")
                     if kv.strip().startswith(("BLAS_INFO", "LAPACK_INFO", "USE_MKLDNN",
                                               "USE_OPENMP"))]
        elif any(k in low for k in ("mkl", "onednn", "openmp", "cpu capability", "blas")):
            keep.append(line)
    return keep


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--min-ms", type=float, default=30.0)
    p.add_argument("--only", default="conv,dense,gemv,rows",
                   help="comma-separated subset of conv,dense,gemv,rows")
    args = p.parse_args()
    only = set(args.only.split(","))
    unknown = only - {"conv", "dense", "gemv", "rows"}
    if unknown:
        p.error(f"--only: unknown parts {sorted(unknown)} (expected conv, dense, gemv, rows)")
    import torch  # pylint: disable=import-outside-toplevel

    threads = tvm.runtime.num_threads()
    torch.set_num_threads(threads)
    try:  # numpy's BLAS on the same number of threads
        from threadpoolctl import threadpool_limits  # pylint: disable=import-outside-toplevel

        threadpool_limits(threads, user_api="blas")
    except ImportError:
        pass
    print(f"threads: TVM {threads}, torch {torch.get_num_threads()}, numpy's BLAS {threads} "
          f"(set TVM_NUM_THREADS to change)")
    print(f"torch {torch.__version__}: " + "; ".join(torch_backends(torch)))
    if "rows" in only:
        run_rows(torch, args.rounds, args.min_ms)
    if "gemv" in only:
        run_gemv(torch, args.rounds, args.min_ms,
                 stream_copy_gbs(args.min_ms) if not {"conv", "dense"} & only else None)
    if not {"conv", "dense"} & only:
        return
    # The peak is measured before every layer and the largest value kept: on a shared machine a
    # single measurement can land in a busy moment.
    peaks = [common.fma_peak_gflops(threads, 0.3)]
    cases = ([conv_case(*c) for c in RESNET18_CONVS] if "conv" in only else []) + \
        ([dense_case(*d) for d in DENSES] if "dense" in only else [])
    tot_ours = tot_torch = 0.0
    rows = []
    for name, flops, ours, theirs, check, blas in cases:
        peaks.append(common.fma_peak_gflops(threads, 0.2))
        check(torch)
        tf = theirs(torch)
        best_o = best_t = best_b = float("inf")
        for _ in range(args.rounds):
            best_o = min(best_o, timer(ours, args.min_ms))
            best_t = min(best_t, timer(tf, args.min_ms))
            if blas is not None:
                best_b = min(best_b, timer(blas, args.min_ms))
        if name.startswith("conv"):
            tot_ours += best_o
            tot_torch += best_t
        rows.append((name, flops / best_o / 1e9, flops / best_t / 1e9, flops / best_b / 1e9))
    peak = max(peaks)
    print(f"float32 FMA peak, {threads} threads, measured during the run: {peak:.1f} GFLOPS "
          f"(max of {len(peaks)}; min {min(peaks):.1f})")
    print(f"{'layer (GFLOPS)':36s}{'ours':>9s}{'torch':>9s}{'ours/torch':>12s}{'ours %peak':>12s}"
          f"{'numpy':>9s}")
    for name, go, gt, gb in rows:
        extra = f"{gb:9.1f}" if gb > 0 else f"{'':9s}"
        print(f"{name:36s}{go:9.1f}{gt:9.1f}{go / gt:11.2f}x{100 * go / peak:11.1f}%{extra}")
    print(f"numpy: {common.numpy_blas_info()} (dense rows only: a @ w.T)")
    print(f"sum of the conv layers' times (each once): ours {tot_ours * 1e3:.2f} ms, "
          f"torch {tot_torch * 1e3:.2f} ms")
    # Batch-1 dense streams its weights once per call: report that bandwidth beside a copy.
    ours_copy, np_copy = stream_copy_gbs(args.min_ms)
    dense_rows = rows[len(RESNET18_CONVS):] if "conv" in only else rows
    for (m, k, n), (name, go, gt, gb) in zip(DENSES if "dense" in only else [], dense_rows):
        if m != 1:
            continue
        weight_gb = k * n * 4 / 1e9
        flops = 2.0 * m * n * k / 1e9
        print(f"{name}: weight streaming ours {weight_gb * go / flops:.1f} GB/s, torch "
              f"{weight_gb * gt / flops:.1f} GB/s, numpy {weight_gb * gb / flops:.1f} GB/s; "
              f"STREAM-like copy of 64 MB: ours {ours_copy:.1f} GB/s, numpy {np_copy:.1f} GB/s "
              f"(the {k * n * 4 / 1e6:.1f} MB of weights fit in the last-level cache)")


if __name__ == "__main__":
    main()
