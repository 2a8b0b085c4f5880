"""The strings.* operators on the Relay VM (host kernels), each against Python's own string
functions, plus the type relations and the errors: wrong dtypes, the graph executor, numeric
operators on text, unreadable numbers and bad patterns."""
import re

import numpy as np
import pytest

import tvm
import tvm.runtime.vm
from tvm import relay

WORDS = ["", "a", "ab", "Hello World", "  padded  text ", "x.y..z", "ÉCOLE été", "的中 文",
         "tab\tsep\nline", "a,b,,c", "MiXeD CaSe"]


def _run(outputs, inputs, target="llvm", dev=None):
    """Run a function of string/numeric vars on the VM; inputs: {var: numpy array}."""
    body = relay.Tuple(outputs) if isinstance(outputs, (list, tuple)) else outputs
    func = relay.Function(list(inputs), body)
    exe = relay.vm.compile(tvm.IRModule.from_expr(func), target=target)
    vm = tvm.runtime.vm.VirtualMachine(exe, dev or tvm.cpu())
    out = vm.run(*inputs.values())
    return [o.numpy() for o in out] if isinstance(outputs, (list, tuple)) else out.numpy()


def _svar(name, shape):
    return relay.var(name, shape=shape, dtype="string")


def _words(shape, seed):
    rng = np.random.default_rng(seed)
    return rng.choice(np.array(WORDS, dtype=object), size=shape)


def test_equal_and_concat_broadcast():
    a, b = _words((3, 4), 0), _words((4,), 1)
    b[1] = a[0, 1]
    x, y = _svar("x", a.shape), _svar("y", b.shape)
    eq, cat = _run([relay.strings.equal(x, y), relay.strings.concat(x, y)], {x: a, y: b})
    expected_eq = np.vectorize(lambda u, v: u == v, otypes=[bool])(a, b)
    np.testing.assert_array_equal(eq, expected_eq)
    assert eq[0, 1]
    assert cat.tolist() == np.vectorize(lambda u, v: u + v, otypes=[object])(a, b).tolist()


@pytest.mark.parametrize("pattern", [r"a.*", r"[A-Z][a-z]+ [A-Z][a-z]+", r".*\d.*", r"",
                                     r"(\W|^)[\w.\-]{0,25}@(yahoo|gmail)\.com(\W|$)"])
def test_regex_full_match(pattern):
    data = np.array(WORDS + ["a1", "me@gmail.com", "you@hotmail.com"], dtype=object)
    x = _svar("x", data.shape)
    got = _run(relay.strings.regex_full_match(x, pattern), {x: data})
    np.testing.assert_array_equal(got, [re.fullmatch(pattern, w) is not None for w in data])


@pytest.mark.parametrize("delimiter,maxsplit", [("", -1), (" ", -1), (".", -1), (",", 1),
                                                ("", 1), ("..", -1), ("zz", -1), ("", 0)])
def test_split_like_python(delimiter, maxsplit):
    data = np.array(WORDS, dtype=object).reshape(1, -1)
    x = _svar("x", data.shape)
    pieces, counts = _run(list(relay.strings.split(x, delimiter, maxsplit)), {x: data})
    expected = [w.split(delimiter or None, maxsplit) for w in data.ravel()]
    if not delimiter:  # whitespace splitting also strips the remainder's end (ONNX StringSplit)
        expected = [e[:-1] + [e[-1].rstrip()] if e else e for e in expected]
    width = max(len(e) for e in expected)
    assert pieces.shape == (1, len(WORDS), width)
    np.testing.assert_array_equal(counts.ravel(), [len(e) for e in expected])
    for row, e in zip(pieces.reshape(-1, width).tolist(), expected):
        assert row == e + [""] * (width - len(e))


def test_split_of_nothing():
    x = _svar("x", (0,))
    pieces, counts = _run(list(relay.strings.split(x)), {x: np.empty((0,), object)})
    assert pieces.shape == (0, 0) and counts.shape == (0,)


@pytest.mark.parametrize("action,sensitive,stops,shape", [
    ("NONE", False, [], (6,)), ("UPPER", True, ["ab"], (6,)), ("LOWER", False, ["HELLO WORLD"], (1, 6)),
    ("UPPER", False, ["a", "AB", "hello world", "ÉCOLE ÉTÉ", "x.y..z", ""], (6,))])
def test_normalize(action, sensitive, stops, shape):
    data = np.array(WORDS[:6] + [], dtype=object)
    data[5] = "École Été"
    data = data.reshape(shape)
    x = _svar("x", shape)
    got = _run(relay.strings.normalize(x, action, sensitive, "en_US", stops), {x: data})
    fold = (lambda s: s) if sensitive else str.lower
    kept = [w for w in data.ravel() if fold(w) not in {fold(s) for s in stops}]
    kept = [w.upper() if action == "UPPER" else w.lower() if action == "LOWER" else w for w in kept]
    kept = kept or [""]
    assert got.tolist() == (kept if len(shape) == 1 else [kept])


def test_number_text_round_trip():
    values = np.array([0.0, -1.5, 3.14159265, 1e-7, 6.02e23, np.inf, -np.inf, np.nan, 0.1],
                      dtype="float32")
    v = relay.var("v", shape=values.shape, dtype="float32")
    text, back = _run([relay.strings.to_string(v),
                       relay.strings.to_number(relay.strings.to_string(v), "float32")], {v: values})
    np.testing.assert_array_equal(back, values)  # shortest round-trip text (NaN == NaN here)
    assert text[-1] == "0.1" and text[5] == "INF" and text[7] == "NaN"
    for t, val in zip(text[:5], values[:5]):
        assert np.float32(float(t)) == val
    ints = np.array([-128, 0, 127], dtype="int8")
    i = relay.var("i", shape=(3,), dtype="int8")
    assert _run(relay.strings.to_string(i), {i: ints}).tolist() == ["-128", "0", "127"]
    s = _svar("s", (4,))
    got = _run(relay.strings.to_number(s, "int64"), {s: np.array(["1", "-20", "+3", "9007199254740993"], object)})
    np.testing.assert_array_equal(got, [1, -20, 3, 9007199254740993])


def test_strings_beside_device_kernels_on_opencl():
    """Text conversions feed and consume kernels running on an OpenCL device (PoCL): the VM
    moves numeric tensors between the device and the host kernels."""
    if not tvm.opencl(0).exist:
        pytest.skip("no OpenCL device")
    s = _svar("s", (3,))
    n = relay.strings.to_number(s, "float32")
    doubled = relay.add(n, n)
    got = _run(relay.strings.to_string(doubled), {s: np.array(["1.25", "-2", "1e3"], object)},
               target="opencl", dev=tvm.opencl(0))
    assert got.tolist() == ["2.5", "-4", "2000"]


def test_type_errors():
    f = relay.var("f", shape=(2,), dtype="float32")
    s = _svar("s", (2,))
    cases = [(relay.strings.equal(f, s), "must be a string tensor"),
             (relay.strings.normalize(_svar("m", (2, 3))), r"must be \[C\] or \[1, C\]"),
             (relay.strings.normalize(_svar("t", (1, 2, 3))), r"must be \[C\] or \[1, C\]"),
             (relay.strings.to_string(relay.var("h", shape=(2,), dtype="float16")), "float16"),
             (relay.strings.to_number(s, "float16"), "dtype must be")]
    for expr, msg in cases:
        with pytest.raises(tvm.error.DiagnosticError, match=msg):
            relay.transform.InferType()(tvm.IRModule.from_expr(expr))
    with pytest.raises(tvm.error.DiagnosticError, match="case_change_action"):
        relay.transform.InferType()(tvm.IRModule.from_expr(relay.strings.normalize(s, "TITLE")))


def test_graph_executor_and_numeric_ops_refuse_text():
    s = _svar("s", (2,))
    with pytest.raises(ValueError, match="relay.vm.compile"):
        relay.build(tvm.IRModule.from_expr(relay.Function([s], relay.strings.equal(s, s))), "llvm")
    with pytest.raises(TypeError, match="does not take string tensors"):
        relay.vm.compile(tvm.IRModule.from_expr(relay.Function([s], relay.reshape(s, (1, 2)))), "llvm")


def test_run_time_errors():
    s = _svar("s", (2,))
    with pytest.raises(ValueError, match="element 1, 'x1', is not a number of type float32"):
        _run(relay.strings.to_number(s, "float32"), {s: np.array(["1", "x1"], object)})
    with pytest.raises(ValueError, match="out of range|not within the range"):
        _run(relay.strings.to_number(s, "int8"), {s: np.array(["1", "300"], object)})
    with pytest.raises(ValueError, match="not a valid .*regular expression"):
        _run(relay.strings.regex_full_match(s, "(unclosed"), {s: np.array(["a", "b"], object)})
    with pytest.raises(ValueError, match="expects Tensor\\[\\(2,\\), string\\]"):
        _run(relay.strings.equal(s, s), {s: np.array([1.0, 2.0], "float32")})


def test_string_constants_survive_save_and_load(tmp_path):
    s = _svar("s", (3,))
    table = relay.const(np.array(["a", "b", "c"], dtype=object))
    func = relay.Function([s], relay.strings.equal(s, table))
    exe = relay.vm.compile(tvm.IRModule.from_expr(func), target="llvm")
    code, lib = exe.save()
    lib.export_library(str(tmp_path / "lib.so"))
    loaded = tvm.runtime.vm.Executable.load_exec(code, tvm.runtime.load_module(str(tmp_path / "lib.so")))
    vm = tvm.runtime.vm.VirtualMachine(loaded, tvm.cpu())
    got = vm.run(np.array(["a", "x", "c"], dtype=object)).numpy()
    np.testing.assert_array_equal(got, [True, False, True])
    assert "host" in loaded.bytecode and "tvm.contrib.strings.equal" in loaded.bytecode


def test_missing_host_kernel_is_named():
    import json  # pylint: disable=import-outside-toplevel

    x = relay.var("x", shape=(2,))
    _, lib = relay.vm.compile(tvm.IRModule.from_expr(relay.Function([x], x + x)), "llvm").save()
    program = {"functions": [], "kernels": [], "num_constants": 0,
               "host_kernels": [["tvm.contrib.no_such_kernel", "{}"]]}
    exe = tvm.runtime.vm.Executable(tvm._ffi.get_global_func("runtime.vm.Executable")(
        json.dumps(program), {}, lib))
    with pytest.raises(ValueError, match="no host kernel tvm.contrib.no_such_kernel"):
        tvm.runtime.vm.VirtualMachine(exe, tvm.cpu())
