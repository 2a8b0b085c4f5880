"""Whole-model latency, batch 1, float32: our stack against onnxruntime and torch on the
same architectures (torchvision ResNet-18, ResNet-50, MobileNetV2 with random weights).

Our side imports the ONNX export with relay.frontend.from_onnx and builds it with relay.build
(opt_level 3, target "llvm" = this host's CPU); onnxruntime runs the same ONNX file; torch runs
the module (eval, no_grad). Runs alternate between the three so drift hits all alike; each
figure is the median of `--rounds` rounds; the "best" columns are the fastest round of ours
and of onnxruntime, the least disturbed by other processes on a shared machine. Relative
errors (L2) are against torch's output and onnxruntime's. Each model is compiled once and
timed at each thread count of `--threads` (default 1 and 2): our pool is resized with
runtime.config_threadpool, torch with set_num_threads, and onnxruntime gets a session with
that many intra-op threads.

    python benchmarks/models.py [--threads 1,2] [--rounds 5] [--cpu-clock]
                                [--models resnet18,resnet50,mobilenet_v2]
"""
import argparse
import io
import os
import statistics
import sys
import time


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import seconds_per_run as _time  # noqa: E402  pylint: disable=wrong-import-position


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", default="1,2",
                        help="comma-separated thread counts, each timed (default 1,2)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--number", type=int, default=5)
    parser.add_argument("--models", default="resnet18,resnet50,mobilenet_v2")
    parser.add_argument("--cpu-clock", action="store_true",
                        help="time the 1-thread rows with the process's CPU time (all three "
                             "run on the calling thread then), which other processes on a "
                             "shared machine do not inflate")
    args = parser.parse_args()
    threads = [int(t) for t in str(args.threads).split(",")]
    os.environ["TVM_NUM_THREADS"] = str(max(threads))

    import numpy as np  # pylint: disable=import-outside-toplevel
    import onnx  # pylint: disable=import-outside-toplevel
    import onnxruntime as ort  # pylint: disable=import-outside-toplevel
    import torch  # pylint: disable=import-outside-toplevel
    import torchvision  # pylint: disable=import-outside-toplevel

    import tvm  # pylint: disable=import-outside-toplevel
    from tvm import relay  # pylint: disable=import-outside-toplevel
    from tvm.contrib import graph_executor  # pylint: disable=import-outside-toplevel

    config_threadpool = tvm.get_global_func("runtime.config_threadpool")
    print(f"batch 1, float32; median of {args.rounds} rounds of {args.number} runs"
          f"{' (1 thread: CPU time)' if args.cpu_clock else ''}; "
          f"torch {torch.__version__}, onnxruntime {ort.__version__}")
    header = f"{'model':<14}{'threads':>8}{'compile s':>10}{'ours ms':>10}{'ORT ms':>10}" \
             f"{'torch ms':>10}{'ours/ORT':>10}{'ours/torch':>11}{'err torch':>10}{'err ORT':>9}" \
             f"{'best ours':>11}{'best ORT':>10}{'best ratio':>11}"
    print(header)
    for name in args.models.split(","):
        torch.manual_seed(0)
        net = getattr(torchvision.models, name)().eval()
        x = torch.rand(1, 3, 224, 224)
        buf = io.BytesIO()
        torch.onnx.export(net, x, buf, input_names=["data"], output_names=["out"],
                          opset_version=13)
        data = buf.getvalue()
        t0 = time.perf_counter()
        mod, params = relay.frontend.from_onnx(onnx.load_model_from_string(data))
        with tvm.transform.PassContext(opt_level=3):
            lib = relay.build(mod, target="llvm", params=params)
        compile_s = time.perf_counter() - t0
        gmod = graph_executor.GraphModule(lib["default"](tvm.cpu()))
        gmod.set_input("data", x.numpy())
        feeds = {"data": x.numpy()}
        with torch.no_grad():
            ref = net(x).numpy()
        gmod.run()
        err = float(np.linalg.norm(gmod.get_output(0).numpy() - ref) / np.linalg.norm(ref))
        for n in threads:
            config_threadpool(0, n)
            torch.set_num_threads(n)
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = n
            opts.inter_op_num_threads = 1
            sess = ort.InferenceSession(data, opts, providers=["CPUExecutionProvider"])
            ort_out = sess.run(None, feeds)[0]
            err_ort = float(np.linalg.norm(gmod.get_output(0).numpy() - ort_out)
                            / np.linalg.norm(ort_out))
            clock = time.process_time if args.cpu_clock and n == 1 else time.perf_counter
            ours, orts, torchs = [], [], []
            for _ in range(args.rounds):
                ours.append(_time(gmod.run, args.number, clock))
                orts.append(_time(lambda: sess.run(None, feeds), args.number, clock))
                with torch.no_grad():
                    torchs.append(_time(lambda: net(x), args.number, clock))
            o, r, t = (statistics.median(v) * 1e3 for v in (ours, orts, torchs))
            bo, br = min(ours) * 1e3, min(orts) * 1e3
            print(f"{name:<14}{n:>8}{compile_s:>10.1f}{o:>10.2f}{r:>10.2f}{t:>10.2f}"
                  f"{o / r:>10.2f}{o / t:>11.2f}{err:>10.1e}{err_ort:>9.1e}"
                  f"{bo:>11.2f}{br:>10.2f}{bo / br:>11.2f}",
                  flush=True)


if __name__ == "__main__":
    main()
