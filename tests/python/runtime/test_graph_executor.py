"""The graph executor (runtime only): a hand-written graph JSON over kernels built with
tvm.build runs like numpy; inputs, outputs, params blobs and the debug profile; every kind of
bad input is a clear error."""
import json

import numpy as np
import pytest

import tvm
from tvm import te
from tvm.contrib import graph_executor
from tvm.contrib.debugger import debug_executor

N = 16


@pytest.fixture(scope="module")
def lib():
    """fadd(a, b) -> c and fscale(p) -> 2p + 1 in one module (fscale imported)."""
    A = te.placeholder((N,), name="A")
    B = te.placeholder((N,), name="B")
    C = te.compute((N,), lambda i: A[i] + B[i], name="C")
    P = te.placeholder((N,), name="P")
    D = te.compute((N,), lambda i: P[i] * 2.0 + 1.0, name="D")
    m1 = tvm.build(te.create_schedule(C.op), [A, B, C], "llvm", name="fadd")
    m2 = tvm.build(te.create_schedule(D.op), [P, D], "llvm", name="fscale")
    m1.import_module(m2)
    return m1


def _graph(storage=(0, 1, 2, 3, 2), dtype="float32"):
    """x, y -> add -> scale -> scale2: out = 2 * (2 * (x + y) + 1) + 1."""
    op = lambda name, func, inputs: {  # noqa: E731
        "op": "tvm_op", "name": name, "inputs": inputs,
        "attrs": {"func_name": func, "num_inputs": str(len(inputs)), "num_outputs": "1",
                  "flatten_data": "0"}}
    return {
        "nodes": [{"op": "null", "name": "x", "inputs": []},
                  {"op": "null", "name": "y", "inputs": []},
                  op("add", "fadd", [[0, 0, 0], [1, 0, 0]]),
                  op("scale", "fscale", [[2, 0, 0]]),
                  op("scale2", "fscale", [[3, 0, 0]])],
        "arg_nodes": [0, 1],
        "heads": [[4, 0, 0]],
        "node_row_ptr": [0, 1, 2, 3, 4, 5],
        "attrs": {"shape": ["list_shape", [[N]] * 5], "dltype": ["list_str", [dtype] * 5],
                  "storage_id": ["list_int", list(storage)]},
    }


def _ref(x, y):
    return 2 * (2 * (x + y) + 1) + 1


def test_run_matches_numpy_and_storage_is_shared(lib):
    """The graph computes its reference; entries 2 and 4 share storage, so the plan holds 4
    buffers instead of 5."""
    g = graph_executor.create(json.dumps(_graph()), lib, tvm.cpu())
    x, y = np.random.rand(N).astype("float32"), np.random.rand(N).astype("float32")
    g.set_input("x", x)
    g.set_input(1, tvm.nd.array(y))
    g.run()
    np.testing.assert_allclose(g.get_output(0).numpy(), _ref(x, y), rtol=1e-6)
    assert g.storage_bytes == 4 * N * 4 < 5 * N * 4
    out = tvm.nd.empty((N,))
    g.get_output(0, out)
    np.testing.assert_allclose(out.numpy(), _ref(x, y), rtol=1e-6)


def test_inputs_by_keyword_and_introspection(lib):
    """run(**inputs), get_input, get_input_index, get_input_info, output count."""
    g = graph_executor.create(json.dumps(_graph()), lib, tvm.cpu())
    x, y = np.random.rand(N).astype("float32"), np.random.rand(N).astype("float32")
    g.run(x=x, y=y)
    np.testing.assert_allclose(g.get_output(0).numpy(), _ref(x, y), rtol=1e-6)
    np.testing.assert_array_equal(g.get_input("y").numpy(), y)
    assert g.get_input_index("y") == 1 and g.get_input_index("nope") == -1
    assert g.get_input_info() == ({"x": (N,), "y": (N,)}, {"x": "float32", "y": "float32"})
    assert g.get_num_outputs() == 1 and g.get_num_inputs() == 2


def test_set_input_errors(lib):
    """Unknown names list the graph's inputs; wrong shape or dtype name both."""
    g = graph_executor.create(json.dumps(_graph()), lib, tvm.cpu())
    with pytest.raises(ValueError, match=r"no input named 'z' \(its inputs: x, y\)"):
        g.set_input("z", np.zeros(N, "float32"))
    with pytest.raises(ValueError, match=r"input 'x' expects float32\(16,\), got float32\(15,\)"):
        g.set_input("x", np.zeros(N - 1, "float32"))
    with pytest.raises(ValueError, match=r"input 'y' expects float32\(16,\), got int32\(16,\)"):
        g.set_input("y", np.zeros(N, "int32"))
    with pytest.raises(IndexError, match="index 5 is out of range"):
        g.set_input(5, np.zeros(N, "float32"))


@pytest.mark.parametrize("mutate,message", [
    (lambda s: s[: len(s) // 2], "truncated"),
    (lambda s: s.replace('"nodes"', '"nodez"'), 'missing member "nodes"'),
    (lambda s: s.replace('"fscale"', '"fnothere"', 1), "calls function fnothere, which the library"),
    (lambda s: s.replace('[[4, 0, 0]]', '[[9, 0, 0]]'), r"heads: output \[9, 0\] does not exist"),
    (lambda s: s.replace('[0, 1, 2, 3, 2]', '[0, 1, 2]'), "storage_id: 5 entries expected"),
    (lambda s: s.replace('[[2, 0, 0]]', '[[3, 0, 0]]', 1), "reads node 3, which is not an earlier"),
    (lambda s: s.replace('"list_shape"', '"list_int"', 1), 'expected the tag "list_shape"'),
    (lambda s: s.replace('"float32"', '"floaty"', 1), "floaty"),
    (lambda s: "not json at all", "not valid JSON"),
])
def test_malformed_graph_json_is_a_clear_error(lib, mutate, message):
    """Each corruption of the graph JSON raises an error naming the problem."""
    text = mutate(json.dumps(_graph()))
    with pytest.raises((ValueError, tvm.error.TVMError), match=message):
        graph_executor.create(text, lib, tvm.cpu())


def test_param_dict_round_trip_and_load_params(lib):
    """save_param_dict/load_param_dict keep names, dtypes and values; load_params sets the
    graph inputs it names and ignores the others."""
    y = np.random.rand(N).astype("float32")
    params = {"y": y, "unused": np.arange(6, dtype="int64").reshape(2, 3)}
    blob = tvm.runtime.save_param_dict(params)
    back = tvm.runtime.load_param_dict(blob)
    assert set(back) == {"y", "unused"}
    np.testing.assert_array_equal(back["y"].numpy(), y)
    assert back["unused"].dtype == "int64" and back["unused"].shape == (2, 3)
    g = graph_executor.create(json.dumps(_graph()), lib, tvm.cpu())
    g.load_params(blob)
    x = np.random.rand(N).astype("float32")
    g.set_input("x", x)
    g.run()
    np.testing.assert_allclose(g.get_output(0).numpy(), _ref(x, y), rtol=1e-6)


@pytest.mark.parametrize("cut,message", [(4, "truncated"), (30, "truncated"), (-5, "truncated")])
def test_truncated_param_blob(cut, message):
    """A param blob cut short at any point is a ValueError, not a crash."""
    blob = tvm.runtime.save_param_dict({"w": np.ones((4, 4), "float32")})
    with pytest.raises(ValueError, match=message):
        tvm.runtime.load_param_dict(blob[:cut])


def test_not_a_param_blob():
    """Bytes with another magic number are refused, showing the magic found."""
    with pytest.raises(ValueError, match="not a parameter blob"):
        tvm.runtime.load_param_dict(b"\x00" * 64)


def test_debug_executor_profile(lib, capsys):
    """The debug executor runs like the normal one and prints one row per operator."""
    d = debug_executor.create(json.dumps(_graph()), lib, tvm.cpu())
    x, y = np.random.rand(N).astype("float32"), np.random.rand(N).astype("float32")
    d.set_input(x=x, y=y)
    d.run()
    np.testing.assert_allclose(d.get_output(0).numpy(), _ref(x, y), rtol=1e-6)
    table = capsys.readouterr().out
    for name in ("add", "scale", "scale2", "Total"):
        assert name in table
    rows = d.profile(number=2, repeat=1)
    assert sorted(r[0] for r in rows) == ["add", "scale", "scale2"]
    assert all(r[2] > 0 for r in rows) and abs(sum(r[3] for r in rows) - 1) < 1e-6


def test_benchmark_returns_timing(lib):
    """benchmark() times run and reports a positive mean."""
    g = graph_executor.create(json.dumps(_graph()), lib, tvm.cpu())
    g.set_input(x=np.zeros(N, "float32"), y=np.zeros(N, "float32"))
    assert g.benchmark(tvm.cpu(), number=2, repeat=2).mean > 0
