"""Latency of models imported with relay.frontend.from_pytorch, beside onnxruntime and torch.

Models (random weights, batch 1, float32): torchvision ResNet-50 and MobileNetV2 (1x3x224x224)
and a 4-layer torch.nn.TransformerEncoder (d_model 768, 12 heads, feed-forward 2048, seq 128,
batch-first, eval: its trace is four aten::_transformer_encoder_layer_fwd).

Ours: torch.jit.trace -> relay.frontend.from_pytorch -> relay.build (opt_level 3, target "llvm"
= this host's CPU) on the graph executor. onnxruntime runs the torch.onnx.export (opset 13) of
the same module; torch runs the module (eval, no_grad). Runs alternate between the three so
drift hits all alike; each figure is the median of `--rounds` rounds of `--number` runs.
Threads: TVM_NUM_THREADS, torch.set_num_threads and ORT's intra-op pool all set to --threads
(the conventions of benchmarks/models.py). `--profile` prints the debug executor's per-kernel
table of each of our models (slowest kernels first).

    python benchmarks/frontends.py [--threads 2] [--rounds 5] [--number 5]
        [--models resnet50,mobilenet_v2,transformer] [--profile]
"""
import argparse
import io
import os
import statistics
import sys
import time


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import seconds_per_run as _time  # noqa: E402  pylint: disable=wrong-import-position


def _model(name, torch, torchvision):
    torch.manual_seed(0)
    if name == "transformer":
        layer = torch.nn.TransformerEncoderLayer(768, 12, batch_first=True)
        return torch.nn.TransformerEncoder(layer, 4).eval(), torch.randn(1, 128, 768)
    return getattr(torchvision.models, name)().eval(), torch.rand(1, 3, 224, 224)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--number", type=int, default=5)
    parser.add_argument("--models", default="resnet50,mobilenet_v2,transformer")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ["TVM_NUM_THREADS"] = str(args.threads)

    import numpy as np  # pylint: disable=import-outside-toplevel
    import onnxruntime as ort  # pylint: disable=import-outside-toplevel
    import torch  # pylint: disable=import-outside-toplevel
    import torchvision  # pylint: disable=import-outside-toplevel

    import tvm  # pylint: disable=import-outside-toplevel
    from tvm import relay  # pylint: disable=import-outside-toplevel
    from tvm.contrib import graph_executor  # pylint: disable=import-outside-toplevel
    from tvm.contrib.debugger import debug_executor  # pylint: disable=import-outside-toplevel

    torch.set_num_threads(args.threads)
    print(f"batch 1, float32, {args.threads} thread(s); median of {args.rounds} rounds of "
          f"{args.number} runs; torch {torch.__version__}, onnxruntime {ort.__version__}")
    header = f"{'model':<13}{'import s':>9}{'compile s':>10}{'ours ms':>9}{'ORT ms':>9}" \
             f"{'torch ms':>10}{'ours/ORT':>10}{'ours/torch':>11}{'rel err':>10}"
    print(header, flush=True)
    profiles = []
    for name in args.models.split(","):
        net, x = _model(name, torch, torchvision)
        with torch.no_grad():
            ref = net(x).numpy()
            t0 = time.perf_counter()
            traced = torch.jit.trace(net, x, check_trace=False)
            mod, params = relay.frontend.from_pytorch(traced, [("data", list(x.shape))])
            import_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        with tvm.transform.PassContext(opt_level=3):
            lib = relay.build(mod, target="llvm", params=params)
        compile_s = time.perf_counter() - t0
        gmod = graph_executor.GraphModule(lib["default"](tvm.cpu()))
        gmod.set_input("data", x.numpy())
        gmod.run()
        out = gmod.get_output(0).numpy()
        err = float(np.linalg.norm(out - ref) / np.linalg.norm(ref))

        buf = io.BytesIO()
        torch.onnx.export(net, x, buf, input_names=["data"], output_names=["out"],
                          opset_version=13)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = args.threads
        opts.inter_op_num_threads = 1
        sess = ort.InferenceSession(buf.getvalue(), opts, providers=["CPUExecutionProvider"])
        feeds = {"data": x.numpy()}
        ort_err = float(np.linalg.norm(sess.run(None, feeds)[0] - ref) / np.linalg.norm(ref))
        assert ort_err < 1e-4, f"{name}: onnxruntime disagrees with torch ({ort_err:.1e})"

        ours, orts, torchs = [], [], []
        for _ in range(args.rounds):
            ours.append(_time(gmod.run, args.number))
            orts.append(_time(lambda: sess.run(None, feeds), args.number))
            with torch.no_grad():
                torchs.append(_time(lambda: net(x), args.number))
        o, r, t = (statistics.median(v) * 1e3 for v in (ours, orts, torchs))
        print(f"{name:<13}{import_s:>9.1f}{compile_s:>10.1f}{o:>9.2f}{r:>9.2f}{t:>10.2f}"
              f"{o / r:>10.2f}{o / t:>11.2f}{err:>10.1e}", flush=True)
        if args.profile:
            dbg = debug_executor.create(lib.get_graph_json(), lib.get_lib(), tvm.cpu())
            dbg.set_input("data", x.numpy())
            dbg.set_input(**lib.get_params())
            profiles.append((name, dbg.profile(number=args.number, repeat=1)))
    for name, rows in profiles:
        total = sum(r[2] for r in rows)
        print(f"\n{name}: the 12 slowest of {len(rows)} kernels (sum {total * 1e3:.2f} ms)")
        print(debug_executor.GraphModuleDebug.format_profile(rows[:12]))


if __name__ == "__main__":
    main()
