"""tvmc: compile -> run round trips checked against onnxruntime (a small conv+relu+gemm net
made here, torchvision's ResNet-18), the Python API, and every user error as one line on
stderr with a non-zero exit status."""
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

import numpy as np
import pytest

import tvm
from tvm.driver import tvmc
from tvm.driver.tvmc.main import main

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402  pylint: disable=wrong-import-position

SHAPES = "x:[2,3,8,8] y:[2,10]"


def _save_net(path):
    """conv(3->4, 3x3, pad 1) + bias -> relu -> flatten -> gemm(256->10) -> + y, with the
    relu's result as a second output; the batch size is symbolic ("N"), so compiling needs
    --input-shapes."""
    rng = np.random.default_rng(0)
    w = rng.standard_normal((4, 3, 3, 3)).astype("float32")
    b = rng.standard_normal(4).astype("float32")
    g = (rng.standard_normal((10, 256)) * 0.1).astype("float32")
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"]),
        helper.make_node("Flatten", ["r"], ["f"]),
        helper.make_node("Gemm", ["f", "g"], ["d"], transB=1),
        helper.make_node("Add", ["d", "y"], ["out"]),
    ]
    graph = helper.make_graph(
        nodes, "net",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 8, 8]),
         helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 10])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["N", 10]),
         helper.make_tensor_value_info("r", TensorProto.FLOAT, ["N", 4, 8, 8])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b"),
         numpy_helper.from_array(g, "g")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return str(path)


def _ort(path, feeds):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, feeds)


def _inputs(seed=1):
    rng = np.random.default_rng(seed)
    return {"x": rng.standard_normal((2, 3, 8, 8)).astype("float32"),
            "y": rng.standard_normal((2, 10)).astype("float32")}


def _tvmc(*args, cwd=None):
    """`python -m tvm.driver.tvmc args...` in a child process (this test's environment)."""
    return subprocess.run([sys.executable, "-m", "tvm.driver.tvmc", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=600, check=False)


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    return _save_net(tmp_path_factory.mktemp("net") / "net.onnx")


@pytest.fixture(scope="module")
def package(net, tmp_path_factory):
    """The net compiled once in process, for the run tests."""
    model = tvmc.load(net, shape_dict=tvmc.parse_shape_string(SHAPES))
    path = tmp_path_factory.mktemp("pkg") / "net.tar"
    return tvmc.compile(model, target="llvm", package_path=path)


# ---- correctness: the command line ------------------------------------------------------

def test_cli_compile_then_run_matches_onnxruntime(net, tmp_path):
    """tvmc compile writes a tar of mod.so/mod.json/mod.params with progress on stderr;
    tvmc run on given inputs writes outputs equal to onnxruntime's, prints the top 3 of the
    first output's first row and a timing table."""
    pkg = tmp_path / "net.tar"
    out = _tvmc("compile", net, "--target", "llvm", "--input-shapes", SHAPES, "-o", pkg)
    assert out.returncode == 0, out.stderr
    for stage in ("import", "build", "write"):
        assert re.search(rf"tvmc: {stage} done in \d+\.\d\d s", out.stderr), out.stderr
    assert "inputs x [2,3,8,8] float32, y [2,10] float32" in out.stderr
    with tarfile.open(pkg) as tar:
        assert sorted(tar.getnames()) == ["mod.json", "mod.params", "mod.so"]

    feeds = _inputs()
    np.savez(tmp_path / "in.npz", **feeds)
    out = _tvmc("run", pkg, "--inputs", tmp_path / "in.npz", "--outputs", tmp_path / "out.npz",
                "--print-top", 3, "--print-time", "--repeat", 3, "--number", 2)
    assert out.returncode == 0, out.stderr
    ref, ref_relu = _ort(net, feeds)
    got = np.load(tmp_path / "out.npz")
    assert sorted(got.files) == ["output_0", "output_1"]
    np.testing.assert_allclose(got["output_0"], ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got["output_1"], ref_relu, rtol=1e-5, atol=1e-5)

    lines = out.stdout.splitlines()
    assert lines[0] == "Top 3 of output_0[0]"
    top = [(int(l.split()[1]), float(l.split()[2])) for l in lines[2:5]]
    assert [i for i, _ in top] == list(np.argsort(-ref[0])[:3])
    np.testing.assert_allclose([v for _, v in top], np.sort(ref[0])[::-1][:3], rtol=1e-4)
    i = lines.index("Execution time summary:")
    assert lines[i + 1].split() == ["mean", "(ms)", "median", "(ms)", "max", "(ms)", "min",
                                    "(ms)", "std", "(ms)"]
    mean, median, tmax, tmin, std = map(float, lines[i + 2].split())
    assert 0 < tmin <= median <= tmax and tmin <= mean <= tmax and std >= 0


def test_cli_run_fills_missing_inputs_with_fill_mode(net, package, tmp_path):
    """Only x given: y is made of ones (--fill-mode ones) and the note says so."""
    feeds = _inputs(2)
    np.savez(tmp_path / "x.npz", x=feeds["x"])
    out = _tvmc("run", package.package_path, "--inputs", tmp_path / "x.npz", "--fill-mode",
                "ones", "-o", tmp_path / "out.npz")
    assert out.returncode == 0, out.stderr
    assert "input 'y' not given: filled with ones values, [2,10] float32" in out.stderr
    ref = _ort(net, {"x": feeds["x"], "y": np.ones((2, 10), "float32")})[0]
    np.testing.assert_allclose(np.load(tmp_path / "out.npz")["output_0"], ref, rtol=1e-5,
                               atol=1e-5)


# ---- correctness: the Python API ---------------------------------------------------------

@pytest.mark.parametrize("opt_level", [0, 3])
def test_api_round_trip_matches_onnxruntime(net, tmp_path, opt_level):
    """tvmc.load -> tvmc.compile -> tvmc.run at opt_level 0 and 3 equals onnxruntime."""
    model = tvmc.load(net, shape_dict={"x": [2, 3, 8, 8], "y": [2, 10]})
    assert model.input_info() == {"x": ((2, 3, 8, 8), "float32"), "y": ((2, 10), "float32")}
    pkg = tvmc.compile(model, target="llvm", opt_level=opt_level,
                       package_path=tmp_path / "p.tar")
    feeds = _inputs(3)
    result = tvmc.run(pkg, device="cpu", inputs=feeds)
    assert result.times is None
    for i, ref in enumerate(_ort(net, feeds)):
        np.testing.assert_allclose(result.get_output(f"output_{i}"), ref, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("fill_mode", ["zeros", "ones", "random"])
def test_api_fill_modes(net, package, fill_mode):
    """Inputs not given are zeros, ones or random values in [-1, 1); the outputs equal
    onnxruntime's on the inputs the run reports it used."""
    feeds = _inputs(4)
    result = tvmc.run(package, inputs={"y": feeds["y"]}, fill_mode=fill_mode)
    x = result.inputs["x"]
    assert x.shape == (2, 3, 8, 8) and x.dtype == np.float32
    if fill_mode == "random":
        assert -1 <= x.min() < x.max() < 1 and len(np.unique(x)) > 100
    else:
        np.testing.assert_array_equal(x, np.full(x.shape, fill_mode == "ones", "float32"))
    np.testing.assert_array_equal(result.inputs["y"], feeds["y"])
    np.testing.assert_allclose(result.outputs["output_0"], _ort(net, {"x": x, "y": feeds["y"]})[0],
                               rtol=1e-5, atol=1e-5)


def test_api_run_reads_an_npz_path_and_a_package_path(net, package, tmp_path):
    """inputs may be an .npz path, the package a path; benchmark=True times the run."""
    feeds = _inputs(5)
    np.savez(tmp_path / "in.npz", **feeds)
    result = tvmc.run(package.package_path, inputs=str(tmp_path / "in.npz"), benchmark=True,
                      repeat=2, number=1)
    assert len(result.times.results) == 2 and result.times.min > 0
    np.testing.assert_allclose(result.outputs["output_0"], _ort(net, feeds)[0], rtol=1e-5,
                               atol=1e-5)
    top = result.top_k(4)
    row = result.outputs["output_0"][0]
    assert [i for i, _ in top] == list(np.argsort(-row)[:4])
    result.save(tmp_path / "saved")  # written as given, no suffix added
    np.testing.assert_array_equal(np.load(tmp_path / "saved")["output_0"],
                                  result.outputs["output_0"])


def test_profile_times_every_kernel(net, package, capsys):
    """--profile runs on the debug executor: one row per kernel of the graph (shares adding
    up to 100%), the outputs still equal onnxruntime's; the CLI prints the table."""
    feeds = _inputs(9)
    result = tvmc.run(package, inputs=feeds, profile=True)
    kernels = sorted(n["attrs"]["func_name"] for n in json.loads(package.graph)["nodes"]
                     if n["op"] == "tvm_op")
    assert sorted(row[1] for row in result.profile) == kernels
    assert all(row[2] > 0 for row in result.profile)
    assert abs(sum(row[3] for row in result.profile) - 1) < 1e-6
    for i, ref in enumerate(_ort(net, feeds)):
        np.testing.assert_allclose(result.outputs[f"output_{i}"], ref, rtol=1e-5, atol=1e-5)
    assert main(["-q", "run", package.package_path, "--profile"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["Node", "Op", "Time", "(us)", "Share", "Output", "shape"]
    assert sorted(line.split()[1] for line in table[2:-1]) == kernels
    assert table[-1].split()[0] == "Total"


def test_integer_inputs_keep_their_dtype(tmp_path):
    """An int32 input stays int32 (given, or filled with integers in [0, 128)); a float64
    array for it is refused, not cast. out = x * Cast(k, float) + 1."""
    nodes = [helper.make_node("Cast", ["k"], ["kf"], to=TensorProto.FLOAT),
             helper.make_node("Mul", ["x", "kf"], ["m"]),
             helper.make_node("Add", ["m", "one"], ["out"])]
    graph = helper.make_graph(
        nodes, "ints",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [5]),
         helper.make_tensor_value_info("k", TensorProto.INT32, [5])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [5])],
        [numpy_helper.from_array(np.ones(1, "float32"), "one")])
    path = str(tmp_path / "ints.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)
    model = tvmc.load(path)
    assert model.input_info() == {"x": ((5,), "float32"), "k": ((5,), "int32")}
    pkg = tvmc.compile(model, "llvm", package_path=tmp_path / "ints.tar")
    x = np.linspace(-1, 1, 5).astype("float32")
    for feeds in ({"x": x, "k": np.array([3, -2, 0, 7, 100], "int32")}, {"x": x}):
        result = tvmc.run(pkg, inputs=feeds)
        k = result.inputs["k"]
        assert k.dtype == np.int32 and k.min() >= (-2 if "k" in feeds else 0) and k.max() < 128
        np.testing.assert_allclose(result.outputs["output_0"],
                                   _ort(path, {"x": x, "k": k})[0], rtol=1e-6)
    with pytest.raises(tvmc.TVMCException, match=re.escape(
            "input 'k': the model takes [5] int32, the inputs give [5] float64")):
        tvmc.run(pkg, inputs={"x": x, "k": np.arange(5.0)})


def test_api_compile_without_package_path_uses_a_temporary_file(net):
    """package_path=None: the package lives in a temporary directory held by the object."""
    model = tvmc.load(net, shape_dict={"x": [1, 3, 8, 8], "y": [1, 10]})
    pkg = tvmc.compile(model, target="llvm")
    assert os.path.isfile(pkg.package_path)
    feeds = {"x": np.ones((1, 3, 8, 8), "float32"), "y": np.zeros((1, 10), "float32")}
    np.testing.assert_allclose(tvmc.run(pkg, inputs=feeds).outputs["output_0"],
                               _ort(net, feeds)[0], rtol=1e-5, atol=1e-5)


def test_disabled_pass_and_dump_code(net, tmp_path):
    """--disabled-pass AlterOpLayout keeps plain NCHW convolutions (the default build uses
    NCHWc kernels); both match onnxruntime. --dump-code writes the Relay text and LLVM IR."""
    feeds = _inputs(6)
    model = tvmc.load(net, shape_dict={"x": [2, 3, 8, 8], "y": [2, 10]})
    kernels = {}
    for disabled in (None, "AlterOpLayout"):
        path = tmp_path / f"{disabled}.tar"
        pkg = tvmc.compile(model, "llvm", package_path=path, disabled_pass=disabled,
                           dump_code="relay,ll")
        kernels[disabled] = " ".join(n["attrs"]["func_name"] for n in
                                     json.loads(pkg.graph)["nodes"] if n["op"] == "tvm_op")
        np.testing.assert_allclose(tvmc.run(pkg, inputs=feeds).outputs["output_0"],
                                   _ort(net, feeds)[0], rtol=1e-5, atol=1e-5)
        with open(f"{path}.relay", encoding="utf-8") as f:
            assert "nn.conv2d" in f.read()
        with open(f"{path}.ll", encoding="utf-8") as f:
            assert "define" in f.read()
    assert "conv2d_NCHWc" in kernels[None]
    assert "NCHWc" not in kernels["AlterOpLayout"] and "conv2d" in kernels["AlterOpLayout"]


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs the system C compiler")
def test_cross_compiler_links_the_library(net, tmp_path):
    """--cross-compiler names the compiler that links mod.so (here the native one, with an
    option it must receive: a -D define is harmless, a bad option would fail the link)."""
    pkg = tmp_path / "cross.tar"
    status = main(["-q", "compile", net, "--input-shapes", SHAPES, "-o", str(pkg),
                   "--cross-compiler", "cc", "--cross-compiler-options=-DTVMC_CROSS=1"])
    assert status == 0
    feeds = _inputs(7)
    np.testing.assert_allclose(tvmc.run(str(pkg), inputs=feeds).outputs["output_0"],
                               _ort(net, feeds)[0], rtol=1e-5, atol=1e-5)
    status = main(["-q", "compile", net, "--input-shapes", SHAPES, "-o", str(pkg),
                   "--cross-compiler", "cc", "--cross-compiler-options=--no-such-option"])
    assert status == 4


def test_resnet18_round_trip_matches_onnxruntime(tmp_path):
    """torchvision's ResNet-18 (random weights) exported to ONNX, compiled by the command
    line and run: outputs and top 5 equal onnxruntime's."""
    torch = pytest.importorskip("torch")
    torchvision = pytest.importorskip("torchvision")
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None).eval()
    path = tmp_path / "resnet18.onnx"
    torch.onnx.export(model, torch.randn(1, 3, 224, 224), str(path), input_names=["data"],
                      output_names=["logits"], opset_version=13)
    out = _tvmc("compile", path, "-o", tmp_path / "r18.tar")
    assert out.returncode == 0, out.stderr
    data = np.random.default_rng(8).standard_normal((1, 3, 224, 224)).astype("float32")
    np.savez(tmp_path / "in.npz", data=data)
    result = tvmc.run(str(tmp_path / "r18.tar"), inputs={"data": data})
    ref = _ort(path, {"data": data})[0]
    np.testing.assert_allclose(result.outputs["output_0"], ref, rtol=1e-4, atol=1e-4)
    assert [i for i, _ in result.top_k(5)] == list(np.argsort(-ref[0])[:5])


# ---- --input-shapes parsing ---------------------------------------------------------------

def test_parse_shape_string():
    """Names may hold ':', '/', '.'; blanks inside brackets and between mappings are fine."""
    assert tvmc.parse_shape_string("x:[1,3,224,224] y:[4]") == {"x": [1, 3, 224, 224], "y": [4]}
    assert tvmc.parse_shape_string(" input:0:[1, 2]  a/b.c : [3] s:[] ") == \
        {"input:0": [1, 2], "a/b.c": [3], "s": []}
    assert tvmc.parse_shape_string("x:[1,2],y:[3]") == {"x": [1, 2], "y": [3]}


@pytest.mark.parametrize("text, fragment", [
    ("", "--input-shapes is empty"),
    ("x:[1,2", "expected NAME:[D1,D2,...] at 'x:[1,2'"),
    ("x:1,2", "expected NAME:[D1,D2,...] at 'x:1,2'"),
    ("x:[1,2] junk", "expected NAME:[D1,D2,...] at 'junk'"),
    ("x:[1,a]", "dimension 'a' of input 'x' is not an integer"),
    ("x:[1,,2]", "dimension '' of input 'x' is not an integer"),
    ("x:[1,-1]", "dimension -1 of input 'x' must be a positive integer"),
    ("x:[0]", "dimension 0 of input 'x' must be a positive integer"),
    ("x:[1] x:[2]", "input 'x' is given twice"),
])
def test_parse_shape_string_errors(text, fragment):
    """Each malformed --input-shapes names the part that does not parse."""
    with pytest.raises(tvmc.TVMCException, match=re.escape(fragment)):
        tvmc.parse_shape_string(text)


# ---- errors: one line on stderr, status 4 -------------------------------------------------

@pytest.fixture(scope="module")
def bad_files(net, package, tmp_path_factory):
    """Broken models, packages and input files, by name."""
    d = tmp_path_factory.mktemp("bad")
    files = {}

    def write(name, data):
        files[name] = str(d / name)
        with open(files[name], "wb") as f:
            f.write(data)

    with open(net, "rb") as f:
        model_bytes = f.read()
    with open(package.package_path, "rb") as f:
        package_bytes = f.read()
    write("text.onnx", b"this is not a model\n")
    write("empty.onnx", b"")
    write("truncated.onnx", model_bytes[: len(model_bytes) // 2])
    write("model.tflite", model_bytes)
    write("unknown_suffix.bin", b"\x00\x01\x02 not onnx")
    node = helper.make_node("NoSuchOp", ["a"], ["b"])
    graph = helper.make_graph([node], "g",
                              [helper.make_tensor_value_info("a", TensorProto.FLOAT, [2])],
                              [helper.make_tensor_value_info("b", TensorProto.FLOAT, [2])])
    write("unsupported.onnx", helper.make_model(graph).SerializeToString())
    write("truncated.tar", package_bytes[:4000])
    files["model_as_package"] = net

    def tar(name, members):
        files[name] = str(d / name)
        with tarfile.open(files[name], "w") as t:
            for member, data in members.items():
                path = d / f"{name}.{member}"
                path.write_bytes(data)
                t.add(str(path), arcname=member)

    with tarfile.open(package.package_path) as t:
        good = {m: t.extractfile(m).read() for m in ("mod.so", "mod.json", "mod.params")}
    tar("other.tar", {"readme.txt": b"hello"})
    tar("bad_so.tar", {**good, "mod.so": b"not a shared library"})
    tar("bad_json.tar", {**good, "mod.json": b"{not json"})
    tar("bad_params.tar", {**good, "mod.params": b"\x01\x02\x03"})
    tar("wrong_params.tar", {**good, "mod.params": tvm.runtime.save_param_dict(
        {"p0": np.zeros((7, 7), "float32")})})

    def npz(name, **arrays):
        files[name] = str(d / name)
        with open(files[name], "wb") as f:
            np.savez(f, **arrays)

    feeds = _inputs()
    npz("unknown_name.npz", z=feeds["x"], **feeds)
    npz("wrong_shape.npz", x=feeds["x"][:1], y=feeds["y"])
    npz("wrong_dtype.npz", x=feeds["x"].astype("float64"), y=feeds["y"])
    files["single.npy"] = str(d / "single.npy")
    np.save(files["single.npy"], feeds["x"])
    files["pickled.npz"] = str(d / "pickled.npz")
    np.savez(files["pickled.npz"], x=np.array([{"a": 1}], dtype=object))
    files["missing_dir"] = str(d / "no" / "such" / "dir")
    files["a_dir"] = str(d)
    return files


COMPILE_ERRORS = [
    (["{missing}.onnx"], "model file '{missing}.onnx' does not exist"),
    (["{text.onnx}"], "'{text.onnx}' is not an ONNX model (it does not parse as one"),
    (["{empty.onnx}"], "'{empty.onnx}' is not an ONNX model (it holds no graph"),
    (["{truncated.onnx}"], "'{truncated.onnx}' is not an ONNX model"),
    (["{unknown_suffix.bin}"], "'{unknown_suffix.bin}' is not an ONNX model"),
    (["{model.tflite}"], "model format 'tflite' (of '{model.tflite}') is not supported"),
    (["{unsupported.onnx}"], "cannot import '{unsupported.onnx}': The following operators are "
                             "not supported for frontend ONNX: NoSuchOp"),
    (["{net}"], "input 'x' has no fixed shape in the model ([N,3,8,8]); give one with "
                "--input-shapes \"x:[...]\""),
    (["{net}", "--input-shapes", "x:[2,3,8,8"], "--input-shapes: expected NAME:[D1,D2,...]"),
    (["{net}", "--input-shapes", "x:[2,3,8,8] z:[1]"],
     "--input-shapes names 'z', which the model does not have; its inputs are: "
     "x [N,3,8,8], y [N,10]"),
    (["{net}", "--input-shapes", "x:[2,3,8] y:[2,10]"],
     "--input-shapes gives input 'x' 3 dimensions [2,3,8], but the model declares 4: "
     "[N,3,8,8]"),
    (["{net}", "--input-shapes", "x:[2,3,9,9] y:[2,10]"],  # gemm's 256 inputs become 324
     "compiling the model failed: nn.dense"),
    (["{net}", "--input-shapes", SHAPES, "--input-shapes", "y:[2,10]"],
     "input 'x' has no fixed shape"),
    (["{net}", "--input-shapes", SHAPES, "--target", "foo"],
     "--target 'foo': unknown target kind 'foo'; valid kinds are:"),
    (["{net}", "--input-shapes", SHAPES, "--target", "llvm -nope=1"],
     "--target 'llvm -nope=1': unknown option '-nope' for target kind 'llvm'"),
    (["{net}", "--input-shapes", SHAPES, "--target", "llvm -mcpu=no-such-cpu"],
     "-mcpu=no-such-cpu is not a CPU LLVM knows"),
    (["{net}", "--input-shapes", SHAPES, "--target", "c"],
     "--target 'c': tvmc compiles for the target kinds llvm, cuda, opencl; relay.build has "
     "no c schedules"),
    (["{net}", "--input-shapes", SHAPES, "--target", ""], "--target is empty"),
    (["{net}", "--input-shapes", SHAPES, "-o", "{missing_dir}/m.tar"],
     "cannot write the package '{missing_dir}/m.tar': the directory '{missing_dir}' does not "
     "exist"),
    (["{net}", "--input-shapes", SHAPES, "-o", "{a_dir}"],
     "cannot write the package '{a_dir}': Is a directory"),
    (["{net}", "--input-shapes", SHAPES, "--dump-code", "relay,pdf"],
     "--dump-code: unknown format 'pdf'"),
]

RUN_ERRORS = [
    (["{missing}.tar"], "package '{missing}.tar' does not exist"),
    (["{model_as_package}"], "'{model_as_package}' is not a tvmc package: it is not a tar file"),
    (["{truncated.tar}"], "'{truncated.tar}' is not a tvmc package"),
    (["{other.tar}"], "'{other.tar}' is not a tvmc package: it lacks mod.so, mod.json, "
                      "mod.params (it holds readme.txt)"),
    (["{bad_so.tar}"], "package '{bad_so.tar}': mod.so does not load"),
    (["{bad_json.tar}"], "package '{bad_json.tar}': mod.json is not a graph executor graph"),
    (["{bad_params.tar}"], "package '{bad_params.tar}': mod.params is not a parameter file"),
    (["{wrong_params.tar}"], "package '{wrong_params.tar}': mod.json, mod.so and mod.params do "
                             "not fit together"),
    (["{package}", "--inputs", "{missing}.npz"], "inputs file '{missing}.npz' does not exist"),
    (["{package}", "--inputs", "{net}"], "inputs file '{net}' is not an .npz file of arrays"),
    (["{package}", "--inputs", "{a_dir}"], "inputs file '{a_dir}' is not a file"),
    (["{package}", "-o", "{a_dir}"], "cannot write the outputs to '{a_dir}': Is a directory"),
    (["{package}", "--inputs", "{pickled.npz}"], "inputs file '{pickled.npz}' is damaged"),
    (["{package}", "--inputs", "{single.npy}"],
     "inputs file '{single.npy}' holds a single array; tvmc reads an .npz file"),
    (["{package}", "--inputs", "{unknown_name.npz}"],
     "the inputs give 'z', which the model does not take; its inputs are: "
     "x [2,3,8,8] float32, y [2,10] float32"),
    (["{package}", "--inputs", "{wrong_shape.npz}"],
     "input 'x': the model takes [2,3,8,8] float32, the inputs give [1,3,8,8] float32"),
    (["{package}", "--inputs", "{wrong_dtype.npz}"],
     "input 'x': the model takes [2,3,8,8] float32, the inputs give [2,3,8,8] float64"),
    (["{package}", "--print-top", "0"], "--print-top must be a positive integer, got 0"),
    (["{package}", "--print-time", "--repeat", "0"], "--repeat must be a positive integer"),
    (["{package}", "--outputs", "{missing_dir}/o.npz"],
     "cannot write the outputs to '{missing_dir}/o.npz': the directory"),
]


def _fill(text, files, net, package):
    names = dict(files, net=net, package=package.package_path,
                 missing=os.path.join(os.path.dirname(files["other.tar"]), "missing"))
    return re.sub(r"\{([^{}\[\]]+)\}", lambda m: names[m.group(1)], text)


@pytest.mark.parametrize("command, errors", [("compile", COMPILE_ERRORS), ("run", RUN_ERRORS)])
def test_user_errors_are_one_line_with_status_4(command, errors, bad_files, net, package,
                                                capsys):
    """Each bad model, option, package or input file: status 4 and exactly one stderr line,
    "Error: ...", saying what was expected and what was found (no traceback)."""
    for args, expected in errors:
        argv = ["-q", command] + [_fill(a, bad_files, net, package) for a in args]
        status = main(argv)
        err = capsys.readouterr().err
        assert status == 4, (argv, err)
        assert err.count("\n") == 1 and err.startswith("Error: "), (argv, err)
        assert _fill(expected, bad_files, net, package) in err, (argv, err)


@pytest.mark.parametrize("argv, fragment", [
    (["compile", "m.onnx", "--opt-level", "5"], "argument --opt-level: invalid choice: 5"),
    (["run", "m.tar", "--device", "tpu"], "argument --device: invalid choice: 'tpu'"),
    (["run", "m.tar", "--fill-mode", "nan"], "argument --fill-mode: invalid choice: 'nan'"),
    (["compile"], "the following arguments are required: FILE"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_bad_command_lines_are_one_line_with_status_2(argv, fragment, capsys):
    """What argparse rejects is one line too (no usage block), exit status 2."""
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err.count("\n") == 1 and fragment in err, err


def test_an_internal_error_is_one_line_and_v_shows_the_traceback(package, monkeypatch, capsys):
    """An exception that is a bug of the stack (not TVMCException): status 1, one line
    pointing at -v; with -v the traceback comes first."""
    main_module = sys.modules["tvm.driver.tvmc.main"]

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(main_module, "run_module", broken)
    assert main(["run", package.package_path]) == 1
    err = capsys.readouterr().err
    assert err == "Error: internal error, KeyError: 'boom'; run with -v for the traceback\n"
    assert main(["-v", "run", package.package_path]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and err.endswith("KeyError: 'boom'\n")


def test_errors_through_the_real_entry_point(bad_files, net, package, tmp_path):
    """python -m tvm.driver.tvmc: the same one-line errors from a child process."""
    cases = [
        (["compile", "{missing}.onnx"], "does not exist"),
        (["compile", "{net}", "--input-shapes", "x:[1,2"], "--input-shapes: expected"),
        (["compile", "{net}", "--input-shapes", SHAPES, "--target", "llvm -mcpu=no-such-cpu"],
         "is not a CPU LLVM knows"),
        (["run", "{other.tar}"], "is not a tvmc package"),
        (["run", "{package}", "--inputs", "{wrong_shape.npz}"], "the model takes [2,3,8,8]"),
    ]
    for args, fragment in cases:
        out = _tvmc(*[_fill(a, bad_files, net, package) for a in args], cwd=tmp_path)
        assert out.returncode == 4, out.stderr
        # Progress lines of the stages that ran may come first; the error is the last line.
        lines = out.stderr.splitlines()
        assert lines[-1].startswith("Error: ") and fragment in lines[-1], out.stderr
        assert all(l.startswith("tvmc: ") for l in lines[:-1]), out.stderr


def test_api_errors_are_typed(net, package):
    """The Python API raises TVMCException, a tvm.error.TVMError, for the same mistakes."""
    assert issubclass(tvmc.TVMCException, tvm.error.TVMError)
    with pytest.raises(tvmc.TVMCException, match="does not exist"):
        tvmc.load(net + ".missing")
    with pytest.raises(tvmc.TVMCException, match="no fixed shape"):
        tvmc.load(net)
    model = tvmc.load(net, shape_dict={"x": [2, 3, 8, 8], "y": [2, 10]})
    with pytest.raises(tvmc.TVMCException, match="unknown target kind"):
        tvmc.compile(model, target="nonsense")
    with pytest.raises(tvmc.TVMCException, match="--opt-level must be an integer from 0 to 3"):
        tvmc.compile(model, target="llvm", opt_level=7)
    with pytest.raises(tvmc.TVMCException, match=re.escape("the model takes [2,10] float32")):
        tvmc.run(package, inputs={"y": np.zeros((10,), "float32")})
    with pytest.raises(tvmc.TVMCException, match="--fill-mode must be one of"):
        tvmc.run(package, fill_mode="gaussian")
    with pytest.raises(tvmc.TVMCException, match="--device 'tpu'"):
        tvmc.run(package, device="tpu")
    if not tvm.cuda().exist:
        with pytest.raises(tvmc.TVMCException, match="there is no cuda device"):
            tvmc.run(package, device="cuda")
    with pytest.raises(tvmc.TVMCException, match="no output named 'output_3'"):
        tvmc.run(package).get_output("output_3")


def test_console_script_entry_point_resolves():
    """pyproject.toml's `tvmc` script names this main (what pip's generated wrapper calls)."""
    tomllib = pytest.importorskip("tomllib")
    root = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, os.pardir)
    with open(os.path.join(root, "pyproject.toml"), "rb") as f:
        entry = tomllib.load(f)["project"]["scripts"]["tvmc"]
    module_name, func_name = entry.split(":")
    func = getattr(__import__(module_name, fromlist=[func_name]), func_name)
    assert func is main


def test_version_and_no_command(capsys):
    """--version prints tvm's version; no command prints the help on stderr, status 2."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"tvmc {tvm.__version__}\n"
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: tvmc") and "compile" in err and "run" in err


@pytest.mark.parametrize("kind", [
    pytest.param("opencl", marks=pytest.mark.skipif(not tvm.opencl().exist,
                                                    reason="no OpenCL device")),
    pytest.param("cuda", marks=pytest.mark.skipif(not tvm.cuda().exist,
                                                  reason="no CUDA device here")),
])
def test_cli_gpu_target_round_trip(net, tmp_path, kind):
    """--target opencl / cuda packs the device kernels into mod.so; tvmc run --device runs
    them there and matches onnxruntime."""
    pkg = tmp_path / "net.tar"
    out = _tvmc("compile", net, "--target", kind, "--input-shapes", SHAPES, "-o", pkg)
    assert out.returncode == 0, out.stderr
    feeds = _inputs()
    np.savez(tmp_path / "in.npz", **feeds)
    out = _tvmc("run", pkg, "--device", kind, "--inputs", tmp_path / "in.npz",
                "--outputs", tmp_path / "out.npz")
    assert out.returncode == 0, out.stderr
    ref, ref_relu = _ort(net, feeds)
    got = np.load(tmp_path / "out.npz")
    np.testing.assert_allclose(got["output_0"], ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got["output_1"], ref_relu, rtol=1e-5, atol=1e-5)
