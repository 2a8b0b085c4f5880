"""GPU (CUDA) figures: our untuned GPU schedules against torch (cuBLAS / cuDNN) on the same
device, in the same process, alternating.

- dense: Y = X W^T in float32 through relay.build(target="cuda"), beside torch.matmul with
  TF32 off (both do full float32 arithmetic);
- ResNet-18 (relay.testing, batch 1, 3x224x224) through relay.build, beside torchvision's
  ResNet-18 (eval, no_grad, cudnn.benchmark on) on the device.

Each figure is the median of --rounds rounds (CUDA-synchronized timing of --number runs).
The output of every build is checked against torch (relative error printed).

    python benchmarks/gpu.py [--rounds 5] [--number 20] [--sizes 1024,2048]
"""
import argparse
import statistics
import time

import numpy as np


def _median_ms(fn, sync, rounds, number):
    fn()
    sync()
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        sync()
        out.append((time.perf_counter() - t0) / number * 1e3)
    return statistics.median(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--number", type=int, default=20)
    parser.add_argument("--sizes", default="1024,2048")
    parser.add_argument("--resnet", type=int, default=1)
    args = parser.parse_args()

    import torch  # pylint: disable=import-outside-toplevel
    import tvm  # pylint: disable=import-outside-toplevel
    from tvm import relay  # pylint: disable=import-outside-toplevel
    from tvm.contrib import graph_executor  # pylint: disable=import-outside-toplevel

    if not tvm.cuda().exist or not torch.cuda.is_available():
        raise SystemExit("benchmarks/gpu.py needs a CUDA device (tvm.cuda().exist is False)")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    dev = tvm.cuda()
    sync = torch.cuda.synchronize
    print(f"device: {torch.cuda.get_device_name(0)}; torch {torch.__version__}; "
          f"median of {args.rounds} rounds x {args.number} runs")
    print(f"{'workload':<26}{'ours ms':>10}{'torch ms':>10}{'ours/torch':>12}"
          f"{'ours TFLOP/s':>14}{'rel err':>10}")

    for n in [int(v) for v in args.sizes.split(",") if v]:
        x = relay.var("x", shape=(n, n))
        w = relay.var("w", shape=(n, n))
        mod = tvm.IRModule.from_expr(relay.Function([x, w], relay.nn.dense(x, w)))
        with tvm.transform.PassContext(opt_level=3):
            lib = relay.build(mod, target="cuda")
        m = graph_executor.GraphModule(lib["default"](dev))
        xv = np.random.rand(n, n).astype("float32")
        wv = np.random.rand(n, n).astype("float32")
        m.set_input("x", xv)
        m.set_input("w", wv)
        tx, tw = torch.from_numpy(xv).cuda(), torch.from_numpy(wv).cuda()
        ours = _median_ms(lambda: m.run(), dev.sync, args.rounds, args.number)
        theirs = _median_ms(lambda: torch.matmul(tx, tw.T), sync, args.rounds, args.number)
        ref = torch.matmul(tx, tw.T).cpu().numpy()
        err = np.linalg.norm(m.get_output(0).numpy() - ref) / np.linalg.norm(ref)
        tflops = 2 * n ** 3 / (ours * 1e-3) / 1e12
        print(f"{f'dense {n}x{n}x{n}':<26}{ours:>10.3f}{theirs:>10.3f}{ours / theirs:>12.2f}"
              f"{tflops:>14.2f}{err:>10.1e}", flush=True)

    if args.resnet:
        import torchvision  # pylint: disable=import-outside-toplevel
        from tvm.relay import testing  # pylint: disable=import-outside-toplevel

        mod, params = testing.resnet.get_workload(num_layers=18, batch_size=1,
                                                  image_shape=(3, 224, 224))
        t0 = time.perf_counter()
        with tvm.transform.PassContext(opt_level=3):
            lib = relay.build(mod, target="cuda", params=params)
        compile_s = time.perf_counter() - t0
        m = graph_executor.GraphModule(lib["default"](dev))
        xv = np.random.rand(1, 3, 224, 224).astype("float32")
        m.set_input("data", xv)
        ours = _median_ms(lambda: m.run(), dev.sync, args.rounds, args.number)
        net = torchvision.models.resnet18().eval().cuda()
        tx = torch.from_numpy(xv).cuda()
        with torch.no_grad():
            theirs = _median_ms(lambda: net(tx), sync, args.rounds, args.number)
        print(f"{'resnet18 b1 224 (latency)':<26}{ours:>10.3f}{theirs:>10.3f}"
              f"{ours / theirs:>12.2f}{'':>14}{'':>10}   compile {compile_s:.1f} s")


if __name__ == "__main__":
    main()
