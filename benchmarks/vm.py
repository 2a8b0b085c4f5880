"""The Relay VM on a model with a run-time batch, beside the graph executor and onnxruntime.

torchvision ResNet-18 (random weights) is exported to ONNX with a symbolic batch ("N"),
imported by from_onnx without shapes (batch `?`) and compiled once with relay.vm.compile
(opt_level 3, target "llvm" = this host's CPU). It runs at each batch of --batches. For comparison, the same
ONNX model imported with the batch fixed and built with relay.build (graph executor, its own
compilation per batch), and onnxruntime on the dynamic-batch model. Each figure is the median
of --rounds rounds of --number runs; runs alternate between the three. Threads: --threads for
all (TVM_NUM_THREADS, ORT's intra-op pool).

    python benchmarks/vm.py [--threads 2] [--batches 1,4] [--rounds 5] [--number 5]
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
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batches", default="1,4")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--number", type=int, default=5)
    args = parser.parse_args()
    os.environ["TVM_NUM_THREADS"] = str(args.threads)

    import numpy as np  # pylint: disable=import-outside-toplevel
    import onnx  # pylint: disable=import-outside-toplevel
    import onnxruntime as ort  # pylint: disable=import-outside-toplevel
    import torch  # pylint: disable=import-outside-toplevel
    import torchvision  # pylint: disable=import-outside-toplevel

    import tvm  # pylint: disable=import-outside-toplevel
    from tvm import relay  # pylint: disable=import-outside-toplevel
    from tvm.contrib import graph_executor  # pylint: disable=import-outside-toplevel
    from tvm.runtime import vm as rvm  # pylint: disable=import-outside-toplevel

    torch.manual_seed(0)
    net = torchvision.models.resnet18().eval()
    buf = io.BytesIO()
    torch.onnx.export(net, torch.rand(1, 3, 224, 224), buf, input_names=["x"],
                      dynamic_axes={"x": {0: "N"}}, opset_version=13)
    model = onnx.load_from_string(buf.getvalue())

    mod, params = relay.frontend.from_onnx(model)
    t0 = time.perf_counter()
    with tvm.transform.PassContext(opt_level=3):
        exe = relay.vm.compile(mod, target="llvm", params=params)
    print(f"VM compile (batch ?): {time.perf_counter() - t0:.1f} s")
    vm = rvm.VirtualMachine(exe, tvm.cpu())

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = args.threads
    sess = ort.InferenceSession(buf.getvalue(), opts, providers=["CPUExecutionProvider"])

    print(f"{'batch':>5} | {'VM ms':>8} | {'graph ms':>8} | {'ORT ms':>8} | VM/graph | VM/ORT |"
          " rel. err vs ORT")
    for batch in [int(b) for b in args.batches.split(",")]:
        x = np.random.default_rng(batch).random((batch, 3, 224, 224), dtype="float32")
        fixed, fparams = relay.frontend.from_onnx(model, shape={"x": x.shape})
        with tvm.transform.PassContext(opt_level=3):
            lib = relay.build(fixed, target="llvm", params=fparams)
        gmod = graph_executor.GraphModule(lib["default"](tvm.cpu()))
        gmod.set_input("x", x)
        xv = tvm.nd.array(x)
        ours = vm.run(xv).numpy()
        ref = sess.run(None, {"x": x})[0]
        err = np.linalg.norm(ours - ref) / np.linalg.norm(ref)
        times = {"vm": [], "graph": [], "ort": []}
        for _ in range(args.rounds):
            times["vm"].append(_time(lambda: vm.run(xv), args.number))
            times["graph"].append(_time(gmod.run, args.number))
            times["ort"].append(_time(lambda: sess.run(None, {"x": x}), args.number))
        med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
        print(f"{batch:>5} | {med['vm']:8.2f} | {med['graph']:8.2f} | {med['ort']:8.2f} | "
              f"{med['vm'] / med['graph']:8.2f} | {med['vm'] / med['ort']:6.2f} | {err:.1e}")


if __name__ == "__main__":
    main()
