"""Run the ONNX backend test data shipped inside the `onnx` package through our stack and print
pass / fail / unsupported counts.

    python tests/onnx/conformance.py [--sets node,pytorch-converted,pytorch-operator,simple]
                                     [--filter SUBSTRING] [--failures] [--jobs N]

Each test directory holds model.onnx and test_data_set_*/input_*.pb / output_*.pb. A test
passes when every output of every data set matches to rtol/atol 1e-3 (the backend tests' own
tolerance is 1e-3 relative). "unsupported" means the importer raised OpNotImplemented or
OpAttributeUnImplemented (a known gap, reported by name); "fail" is anything else: a wrong
value, a crash in compilation, a type error. Models are compiled with relay.build for the graph
executor, except those calling an operator whose output shapes depend on the data (NonZero,
Unique, NonMaxSuppression: op attribute TTruncatedOutputs), which run on the Relay VM
(unsupported where tvm.relay.vm does not exist).

Shape-operand specialization: there is no dynamic-shape VM in this stack, so an operand that
decides the shape of a result (Reshape's shape, Slice's starts/ends/axes/steps, the axes of
Squeeze/Unsqueeze/reductions, Resize's scales/sizes, Pad's pads, ...; the table is
`tvm.relay.frontend.onnx.CONSTANT_OPERANDS`) must be a constant when importing. When the node
tests feed such an operand from a graph input (directly or through nodes computing it), the
harness turns that input into an initializer holding the data set's value before importing (the
data sets are grouped by those values, one compilation per group). Every output of every data
set must still match. The summary line says how many passing tests needed it.

Nondeterministic tests: the stored outputs of the random operators' tests (Bernoulli, Dropout
in training mode) were drawn from numpy's random generator, which no implementation
reproduces (onnxruntime excludes these tests). For the tests listed in NONDETERMINISTIC the
harness does not compare values; it checks the output count, shapes and dtypes against the
stored outputs and that every value lies in the operator's value domain (Bernoulli: 0 or 1;
Dropout: 0 or x / (1 - ratio), and the mask true exactly where the input was kept). Passing
that, the status is "nondeterministic", counted apart from "pass" in the summary line.
"""
import argparse
import collections
import glob
import os
import sys
import time

import numpy as np

RTOL = ATOL = 1e-3


def data_root():
    import onnx  # pylint: disable=import-outside-toplevel

    return os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data")


def case_dirs(sets="node,pytorch-converted,pytorch-operator,simple", substring=""):
    """[(name, directory)] of the backend test cases, name = '<set>/<test>'."""
    out = []
    for s in sets.split(","):
        for case in sorted(glob.glob(os.path.join(data_root(), s, "*"))):
            if os.path.isdir(case) and (not substring or substring in case):
                out.append((f"{s}/{os.path.basename(case)}", case))
    return out


def load_tensor(path):
    import onnx  # pylint: disable=import-outside-toplevel
    from onnx import numpy_helper  # pylint: disable=import-outside-toplevel

    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t, numpy_helper.to_array(t)


def load_value(path, type_proto=None):
    """A .pb file holding a value of the ONNX type `type_proto` (a TensorProto when None or a
    tensor type): a numpy array for a tensor, a list of values for a SequenceProto, None or the
    value held for an OptionalProto."""
    import onnx  # pylint: disable=import-outside-toplevel
    from onnx import numpy_helper  # pylint: disable=import-outside-toplevel

    kind = type_proto.WhichOneof("value") if type_proto is not None else None
    if kind in (None, "tensor_type"):
        return load_tensor(path)[1]
    proto = {"sequence_type": onnx.SequenceProto, "optional_type": onnx.OptionalProto}.get(
        kind)
    if proto is None:
        raise TypeError(f"{path}: values of type {kind} are not supported")
    msg = proto()
    with open(path, "rb") as f:
        msg.ParseFromString(f.read())
    return numpy_helper.to_list(msg) if kind == "sequence_type" else \
        numpy_helper.to_optional(msg)


def flatten_value(value):
    """The arrays of a loaded value in order (a sequence's elements, nothing for None)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in flatten_value(v)]
    return [value]


def shape_of(value):
    """The `shape` entry from_onnx takes for a loaded value: a shape for a tensor, a list of
    shapes for a sequence, None for an empty optional."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [shape_of(v) for v in value]
    return value.shape


def load_input(path, type_proto=None):
    """An input file as (value, dtype string for TVM); value as load_value gives it."""
    from onnx import TensorProto  # pylint: disable=import-outside-toplevel

    kind = type_proto.WhichOneof("value") if type_proto is not None else None
    if kind not in (None, "tensor_type"):
        value = load_value(path, type_proto)
        flat = flatten_value(value)
        return value, str(flat[0].dtype) if flat else None
    proto, arr = load_tensor(path)
    if proto.data_type == TensorProto.BFLOAT16:
        return arr, "bfloat16"  # numpy_helper gives the raw bits as uint16
    if proto.data_type == TensorProto.STRING:
        return arr, "string"  # numpy_helper gives an object array of str
    return arr, str(arr.dtype)


def shape_operand_inputs(model):
    """Names of graph inputs (not initializers) whose values reach a constant operand of some
    node (directly, or through the nodes computing it; Shape and Size only read shapes)."""
    from tvm.relay.frontend.onnx import CONSTANT_OPERANDS  # pylint: disable=import-outside-toplevel

    inits = {i.name for i in model.graph.initializer}
    # Sequences and optionals cannot become initializers (their structure is known anyway).
    graph_inputs = {i.name for i in model.graph.input
                    if i.type.WhichOneof("value") in (None, "tensor_type")} - inits
    producer = {o: n for n in model.graph.node for o in n.output if o}
    todo = [n.input[i] for n in model.graph.node for i in CONSTANT_OPERANDS.get(n.op_type, ())
            if i < len(n.input) and n.input[i]]
    seen, names = set(), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in graph_inputs:
            names.add(name)
        elif name in producer and producer[name].op_type not in ("Shape", "Size"):
            todo.extend(i for i in producer[name].input if i)
            todo.extend(_subgraph_inputs(producer[name]))
    return names


def _subgraph_inputs(node):
    """Names the subgraphs (If branches, loop bodies) of `node` read, outer values included."""
    out = []
    for attr in node.attribute:
        graphs = list(attr.graphs) + ([attr.g] if attr.HasField("g") else [])
        for g in graphs:
            for inner in g.node:
                out.extend(i for i in inner.input if i)
                out.extend(_subgraph_inputs(inner))
    return out


def _specialized(model, values):
    """A copy of `model` whose graph inputs in `values` are initializers with those values."""
    import onnx  # pylint: disable=import-outside-toplevel
    from onnx import numpy_helper  # pylint: disable=import-outside-toplevel

    model2 = onnx.ModelProto()
    model2.CopyFrom(model)
    for name, arr in values.items():
        model2.graph.initializer.append(numpy_helper.from_array(arr, name))
    return model2


def _to_nd(arr, dtype):
    import tvm  # pylint: disable=import-outside-toplevel

    if dtype == "bfloat16":
        out = tvm.nd.empty(arr.shape, "bfloat16")
        out.copyfrom(arr)
        return out
    return tvm.nd.array(arr)


def _compare(got, outs):
    if len(got) < len(outs):
        return f"{len(got)} outputs, expected {len(outs)}"
    for k, (g, r) in enumerate(zip(got, outs)):
        g = g.numpy()
        if g.shape != r.shape:
            return f"output {k}: shape {g.shape} vs {r.shape}"
        if r.dtype.kind in "fc":
            if g.dtype.kind not in "fc":
                return f"output {k}: dtype {g.dtype} vs {r.dtype}"
            if not np.allclose(g.astype(r.dtype), r, rtol=RTOL, atol=ATOL, equal_nan=True):
                diff = np.nan_to_num(np.abs(g.astype("float64") - r), nan=np.inf)
                return f"output {k}: values differ (max abs {np.max(diff):.3g})"
        elif not np.array_equal(g, r):
            return f"output {k}: values differ"
    return None


def _check_bernoulli(inputs, got, outs):
    """Every value 0 or 1."""
    g = got[0].numpy()
    if not np.all((g == 0) | (g == 1)):
        return "output 0: values other than 0 and 1"
    return None


def _check_training_dropout(inputs, got, outs):
    """y = 0 or x / (1 - ratio) elementwise (ratio: the second input, else 0.5); the mask,
    when there is one, is true exactly where y is not dropped."""
    x = inputs[0].astype("float64")
    ratio = float(inputs[1]) if len(inputs) > 1 else 0.5
    y = got[0].numpy().astype("float64")
    kept = np.isclose(y, x / (1.0 - ratio), rtol=RTOL, atol=ATOL)
    dropped = y == 0
    if not np.all(kept | dropped):
        return "output 0: values other than 0 and x / (1 - ratio)"
    if len(got) > 1:
        mask = got[1].numpy()
        # Where x is 0 both readings of y agree; elsewhere the mask must say which one it is.
        if not np.array_equal(mask[x != 0], kept[x != 0]):
            return "output 1: the mask does not match the dropped elements of output 0"
    return None


_RNG_REASON = "the stored outputs come from numpy's random generator"
# name -> (why the values cannot be compared, the check of the value domain instead).
NONDETERMINISTIC = {
    **{f"node/test_bernoulli{v}": (_RNG_REASON, _check_bernoulli)
       for v in ("", "_double", "_expanded", "_double_expanded", "_seed", "_seed_expanded")},
    **{f"node/test_training_dropout{v}": (_RNG_REASON, _check_training_dropout)
       for v in ("", "_default", "_default_mask", "_mask")},
}


def _check_domain(check, inputs, got, outs):
    """The nondeterministic tests' check: output count, shapes and dtypes, then `check`."""
    if len(got) != len(outs):
        return f"{len(got)} outputs, expected {len(outs)}"
    for k, (g, r) in enumerate(zip(got, outs)):
        if g.shape != r.shape or g.dtype != r.dtype:
            return f"output {k}: {g.dtype}{list(g.shape)} vs {r.dtype}{list(r.shape)}"
    return check(inputs, got, outs)


def _needs_vm(mod):
    """Whether mod calls an operator the graph executor cannot run: one with data-dependent
    output shapes (TTruncatedOutputs) or a host kernel (THostKernel: the string operators)."""
    import tvm  # pylint: disable=import-outside-toplevel
    from tvm import relay  # pylint: disable=import-outside-toplevel

    found = []
    relay.analysis.post_order_visit(mod["main"], lambda e: found.append(e) if isinstance(
        e, relay.Call) and isinstance(e.op, tvm.ir.Op) and (
            e.op.has_attr("TTruncatedOutputs") or e.op.has_attr("THostKernel")) else None)
    return bool(found)


def _vm_function(mod, params):
    """A function running mod on the Relay VM, or None where there is no VM."""
    import tvm  # pylint: disable=import-outside-toplevel

    try:
        import tvm.relay.vm  # pylint: disable=import-outside-toplevel,unused-import
        import tvm.runtime.vm  # pylint: disable=import-outside-toplevel,unused-import
    except ImportError:
        return None
    exe = tvm.relay.vm.compile(mod, target="llvm", params=params)
    vm = tvm.runtime.vm.VirtualMachine(exe, tvm.cpu())
    return vm.run


def _flatten(value):
    """An executor's result as a flat list of arrays (tuples and lists taken apart)."""
    if hasattr(value, "numpy") and not isinstance(value, (tuple, list)):
        return [value]
    return [x for v in value for x in _flatten(v)]


def run_case(case_dir):
    """(status, detail, specialized): status is 'pass' | 'fail' | 'unsupported' |
    'nondeterministic' (see NONDETERMINISTIC); specialized says whether shape-operand
    specialization was used."""
    import onnx  # pylint: disable=import-outside-toplevel
    import tvm  # pylint: disable=import-outside-toplevel
    from tvm import relay  # pylint: disable=import-outside-toplevel

    model = onnx.load(os.path.join(case_dir, "model.onnx"))
    name = f"{os.path.basename(os.path.dirname(case_dir))}/{os.path.basename(case_dir)}"
    nondeterministic = NONDETERMINISTIC.get(name)
    sets = sorted(glob.glob(os.path.join(case_dir, "test_data_set_*")))
    if not sets:
        return "fail", "no test data", False
    inits = {init.name for init in model.graph.initializer}
    inputs_info = [i for i in model.graph.input if i.name not in inits]
    frozen = shape_operand_inputs(model)
    try:
        data = []
        for ds in sets:
            ins = [load_input(p, vi.type) for p, vi in zip(
                sorted(glob.glob(os.path.join(ds, "input_*.pb"))), inputs_info)]
            # Sequence / optional outputs are compared element by element with the flattened
            # result (an empty optional contributes nothing).
            outs = [a for p, vi in zip(sorted(glob.glob(os.path.join(ds, "output_*.pb"))),
                                       model.graph.output)
                    for a in flatten_value(load_value(p, vi.type))]
            data.append((dict(zip([vi.name for vi in inputs_info], ins)), outs))
    except Exception as err:  # pylint: disable=broad-except
        # Sequences, maps and optionals are not TensorProtos: let the importer name the gap.
        try:
            relay.frontend.from_onnx(model)
        except (tvm.error.OpNotImplemented, tvm.error.OpAttributeUnImplemented) as err2:
            return "unsupported", str(err2).splitlines()[0][:200], False
        except Exception:  # pylint: disable=broad-except
            pass
        return "fail", f"test data: {type(err).__name__}: {str(err).splitlines()[0][:160]}", False
    # Group the data sets by the values of the specialized inputs: one compilation per group.
    groups = collections.OrderedDict()
    for ins, outs in data:
        key = tuple((n, ins[n][0].dtype.str, ins[n][0].shape, ins[n][0].tobytes())
                    for n in sorted(frozen) if n in ins)
        groups.setdefault(key, []).append((ins, outs))
    for group in groups.values():
        ins0 = group[0][0]
        try:
            m = _specialized(model, {n: ins0[n][0] for n in frozen if n in ins0}) \
                if frozen else model
            live = [vi.name for vi in inputs_info if vi.name not in frozen and vi.name in ins0]
            shapes = {n: shape_of(ins0[n][0]) for n in live}
            declared = {vi.name: vi.type.tensor_type.elem_type for vi in inputs_info}
            # bfloat16 data travels as uint16 bit patterns: the model's declared type decides.
            dtypes = {n: "bfloat16" if declared.get(n) == 16 else ins0[n][1] for n in live
                      if ins0[n][1] is not None}
            mod, params = relay.frontend.from_onnx(m, shape=shapes, dtype=dtypes)
            if _needs_vm(mod):
                run = _vm_function(mod, params)
                if run is None:
                    return ("unsupported", "data-dependent output shapes need the Relay VM "
                            "(tvm.relay.vm)", bool(frozen))
            else:
                run = relay.create_executor("graph", mod=mod, device=tvm.cpu(), target="llvm",
                                            params=params).evaluate()
        except (tvm.error.OpNotImplemented, tvm.error.OpAttributeUnImplemented) as err:
            return "unsupported", str(err).splitlines()[0][:200], bool(frozen)
        except Exception as err:  # pylint: disable=broad-except
            return ("fail", f"compile: {type(err).__name__}: {str(err).splitlines()[0][:160]}",
                    bool(frozen))
        for ins, outs in group:
            try:
                # A sequence input is its elements, in order (parameters <name>_0, _1, ...).
                got = run(*[_to_nd(a, dtypes[n]) for n in live
                            for a in flatten_value(ins[n][0])])
            except Exception as err:  # pylint: disable=broad-except
                return ("fail", f"run: {type(err).__name__}: {str(err).splitlines()[0][:160]}",
                        bool(frozen))
            got = _flatten(got)
            if nondeterministic:
                values = [ins[vi.name][0] for vi in inputs_info if vi.name in ins]
                bad = _check_domain(nondeterministic[1], values, got, outs)
            else:
                bad = _compare(got, outs)
            if bad:
                return "fail", bad, bool(frozen)
    if nondeterministic:
        return "nondeterministic", nondeterministic[0], bool(frozen)
    return "pass", "", bool(frozen)


def _run_named(item):
    name, case = item
    return name, run_case(case)


def main():
    import onnx  # pylint: disable=import-outside-toplevel

    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default="node,pytorch-converted,pytorch-operator,simple")
    parser.add_argument("--filter", default="", help="only test directories containing this")
    parser.add_argument("--failures", action="store_true", help="list every non-passing test")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    args = parser.parse_args()
    cases = case_dirs(args.sets, args.filter)
    t0 = time.time()
    if args.jobs > 1:
        import multiprocessing  # pylint: disable=import-outside-toplevel

        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            results = collections.OrderedDict(pool.imap(_run_named, cases, chunksize=4))
    else:
        results = collections.OrderedDict(_run_named(c) for c in cases)
    counts = collections.Counter(r[0] for r in results.values())
    total = sum(counts.values())
    n_spec = sum(1 for r in results.values() if r[0] == "pass" and r[2])
    print(f"onnx {onnx.__version__}, {total} tests in {time.time() - t0:.0f} s: "
          f"pass {counts['pass']} ({100 * counts['pass'] / max(total, 1):.1f}%), "
          f"fail {counts['fail']}, unsupported {counts['unsupported']}, "
          f"nondeterministic {counts['nondeterministic']} (value domains checked: "
          f"{_RNG_REASON}); "
          f"{n_spec} of the passing tests used shape-operand specialization")
    if args.failures:
        for name, (r, d, _) in results.items():
            if r != "pass":
                print(f"{r:12s} {name}: {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
