"""What the graph passes of issue 6 cost and bring in relay.build: ResNet-50 (relay.testing,
batch_norm after every convolution, batch 1, float32, NCHW) built at opt_level 3 with the
full pipeline, and with FoldScaleAxis and CanonicalizeOps disabled (the pipeline before
them). Reports the build time (median of --rounds builds), the time of the graph passes alone
(relay.build_module.optimize), the number of fused kernels and of those that still multiply,
the latency of one inference (median of --runs, alternating between the two models) and the
largest difference between the two builds' outputs.

    python benchmarks/pass_compile_time.py [--layers 50] [--rounds 2] [--runs 10]
"""
import argparse
import json
import os
import statistics
import time

NEW_PASSES = ["FoldScaleAxis", "CanonicalizeOps"]


def _build(relay, tvm, mod, params, disabled):
    with tvm.transform.PassContext(opt_level=3, disabled_pass=disabled):
        t0 = time.perf_counter()
        opt, _ = relay.build_module.optimize(mod, tvm.target.Target("llvm"), params)
        passes_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        lib = relay.build(mod, target="llvm", params=params)
        build_s = time.perf_counter() - t0
    kernels = []
    relay.analysis.post_order_visit(opt["main"], lambda e: kernels.append(e) if isinstance(
        e, relay.Function) and e.attrs is not None and "Primitive" in e.attrs else None)
    return lib, build_s, passes_s, len(kernels)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--layers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    os.environ["TVM_NUM_THREADS"] = str(args.threads)

    import numpy as np  # pylint: disable=import-outside-toplevel

    import tvm  # pylint: disable=import-outside-toplevel
    from tvm import relay  # pylint: disable=import-outside-toplevel
    from tvm.contrib import graph_executor  # pylint: disable=import-outside-toplevel
    from tvm.relay.testing import resnet  # pylint: disable=import-outside-toplevel

    mod, params = resnet.get_workload(num_layers=args.layers, batch_size=1)
    x = np.random.default_rng(0).uniform(-1, 1, (1, 3, 224, 224)).astype("float32")
    print(f"ResNet-{args.layers} (relay.testing), batch 1, float32, opt_level 3, "
          f"{args.threads} thread(s); build: median of {args.rounds}, run: median of "
          f"{args.runs}")
    print(f"{'pipeline':<40}{'build s':>9}{'passes s':>10}{'kernels':>9}{'multiply':>10}"
          f"{'run ms':>9}")
    configs = [("without " + "+".join(NEW_PASSES), NEW_PASSES), ("with them (full pipeline)", [])]
    rows, gmods = [], []
    for label, disabled in configs:
        builds, passes = [], []
        for _ in range(args.rounds):
            lib, build_s, passes_s, kernels = _build(relay, tvm, mod, params, disabled)
            builds.append(build_s)
            passes.append(passes_s)
        names = [n["attrs"]["func_name"] for n in json.loads(lib.get_graph_json())["nodes"]
                 if n["op"] == "tvm_op"]
        with_multiply = sum("multiply" in n for n in names)
        gmod = graph_executor.GraphModule(lib["default"](tvm.cpu()))
        gmod.set_input("data", x)
        gmod.run()
        gmods.append(gmod)
        rows.append((label, statistics.median(builds), statistics.median(passes), kernels,
                     with_multiply))
    # The inference timings alternate between the two models, so that the machine's load
    # (shared with other builds) weighs on both alike.
    times = [[], []]
    for _ in range(args.runs):
        for i, gmod in enumerate(gmods):
            t0 = time.perf_counter()
            gmod.run()
            times[i].append(time.perf_counter() - t0)
    for (label, build_s, passes_s, kernels, with_multiply), t in zip(rows, times):
        print(f"{label:<40}{build_s:>9.1f}{passes_s:>10.2f}{kernels:>9}{with_multiply:>10}"
              f"{statistics.median(t) * 1e3:>9.1f}")
    a, b = (g.get_output(0).numpy() for g in gmods)
    print(f"max |difference| between the two builds' outputs: {np.abs(a - b).max():.2e} "
          f"(output scale {np.abs(a).max():.2e}); 'multiply': kernels that still multiply "
          f"(the batch_norm scale)")


if __name__ == "__main__":
    main()
