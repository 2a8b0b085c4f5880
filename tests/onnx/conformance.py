"""Run the ONNX backend test data shipped inside the `onnx` package through our stack and print
pass / fail / unsupported counts.

    python tests/onnx/conformance.py [--sets node,pytorch-converted,pytorch-operator,simple]
                                     [--filter SUBSTRING] [--failures] [--jobs N]

Each test directory holds model.onnx and test_data_set_*/input_*.pb / output_*.pb. A test
passes when every output of every data set matches to rtol/atol 1e-3 (the backend tests' own
tolerance is 1e-3 relative). "unsupported" means the importer raised OpNotImplemented or
OpAttributeUnImplemented (a known gap, reported by name); "fail" is anything else: a wrong
value, a crash in compilation, a type error.
"""
import argparse
import collections
import glob
import os
import sys
import time

import numpy as np


def load_tensor(path):
    import onnx  # pylint: disable=import-outside-toplevel
    from onnx import numpy_helper  # pylint: disable=import-outside-toplevel

    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t.name, numpy_helper.to_array(t)


def run_case(case_dir):
    """('pass' | 'fail' | 'unsupported', detail)."""
    import onnx  # pylint: disable=import-outside-toplevel
    import tvm  # pylint: disable=import-outside-toplevel
    from tvm import relay  # pylint: disable=import-outside-toplevel

    model = onnx.load(os.path.join(case_dir, "model.onnx"))
    sets = sorted(glob.glob(os.path.join(case_dir, "test_data_set_*")))
    if not sets:
        return "fail", "no test data"
    inputs_info = [i for i in model.graph.input
                   if i.name not in {init.name for init in model.graph.initializer}]
    try:
        shapes = {}
        first = sorted(glob.glob(os.path.join(sets[0], "input_*.pb")))
        for vi, path in zip(inputs_info, first):
            _, arr = load_tensor(path)
            shapes[vi.name] = arr.shape
        mod, params = relay.frontend.from_onnx(model, shape=shapes)
        run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                    params=params).evaluate()
    except (tvm.error.OpNotImplemented, tvm.error.OpAttributeUnImplemented) as err:
        return "unsupported", str(err).splitlines()[0][:160]
    except Exception as err:  # pylint: disable=broad-except
        return "fail", f"compile: {type(err).__name__}: {str(err).splitlines()[0][:160]}"
    for ds in sets:
        ins = [load_tensor(p)[1] for p in sorted(glob.glob(os.path.join(ds, "input_*.pb")))]
        outs = [load_tensor(p)[1] for p in sorted(glob.glob(os.path.join(ds, "output_*.pb")))]
        try:
            got = run(*ins[:len(inputs_info)])
        except Exception as err:  # pylint: disable=broad-except
            return "fail", f"run: {type(err).__name__}: {str(err).splitlines()[0][:160]}"
        got = list(got) if isinstance(got, tuple) else [got]
        if len(got) < len(outs):
            return "fail", f"{len(got)} outputs, expected {len(outs)}"
        for g, r in zip(got, outs):
            g = g.numpy()
            if g.shape != r.shape:
                return "fail", f"shape {g.shape} vs {r.shape}"
            if r.dtype.kind in "fc":
                if not np.allclose(g, r, rtol=1e-3, atol=1e-3, equal_nan=True):
                    return "fail", f"values differ (max abs {np.nanmax(np.abs(g - r)):.3g})"
            elif not np.array_equal(g, r):
                return "fail", "values differ"
    return "pass", ""


def main():
    import onnx  # pylint: disable=import-outside-toplevel

    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default="node,pytorch-converted,pytorch-operator,simple")
    parser.add_argument("--filter", default="")
    parser.add_argument("--failures", action="store_true", help="list every failing test")
    args = parser.parse_args()
    root = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data")
    results = collections.OrderedDict()
    t0 = time.time()
    for s in args.sets.split(","):
        for case in sorted(glob.glob(os.path.join(root, s, "*"))):
            if args.filter and args.filter not in case:
                continue
            results[f"{s}/{os.path.basename(case)}"] = run_case(case)
    counts = collections.Counter(r[0] for r in results.values())
    total = sum(counts.values())
    unsupported_ops = collections.Counter(
        d for r, d in results.values() if r == "unsupported")
    print(f"onnx {onnx.__version__}, {total} tests in {time.time() - t0:.0f} s: "
          f"pass {counts['pass']} ({100 * counts['pass'] / max(total, 1):.1f}%), "
          f"fail {counts['fail']}, unsupported {counts['unsupported']}")
    if args.failures:
        for name, (r, d) in results.items():
            if r != "pass":
                print(f"{r:12s} {name}: {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
