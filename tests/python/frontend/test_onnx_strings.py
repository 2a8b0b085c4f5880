"""ONNX models on text (StringNormalizer, StringSplit, StringConcat, RegexFullMatch, string
Equal and Cast, string initializers), imported and run on the Relay VM, against onnxruntime;
and the importer's errors for bad string attributes."""
import numpy as np
import pytest

import tvm
import tvm.runtime.vm
from tvm import relay

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

S, F, B, I64 = TensorProto.STRING, TensorProto.FLOAT, TensorProto.BOOL, TensorProto.INT64
TEXT = np.array(["Hello World", "  padded  ", "a.b..c", "École été", "x,y", "", "MONDAY",
                 "monday", "的中 文"], dtype=object)


def _model(nodes, inputs, outputs, inits=(), opset=20):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _vi(name, t, shape=None):
    return helper.make_tensor_value_info(name, t, shape)


def _check(model, feeds, shapes=None):
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    expected = sess.run(None, feeds)
    mod, params = relay.frontend.from_onnx(model, shape=shapes or {k: v.shape for k, v in feeds.items()})
    exe = relay.vm.compile(mod, target="llvm", params=params)
    out = tvm.runtime.vm.VirtualMachine(exe, tvm.cpu()).run(*feeds.values())
    got = [out.numpy()] if isinstance(out, tvm.nd.NDArray) else [o.numpy() for o in out]
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.shape == e.shape, (g, e)
        if e.dtype == object:
            assert g.tolist() == e.tolist()
        else:
            np.testing.assert_array_equal(g, e)
    return got


@pytest.mark.parametrize("action,sensitive,stops,shape", [
    ("NONE", 1, [], (9,)), ("UPPER", 1, ["monday"], (9,)), ("LOWER", 0, ["MONDAY", "x,y"], (1, 9)),
    ("UPPER", 0, list(TEXT), (9,))])
def test_string_normalizer(action, sensitive, stops, shape):
    # locale "C": onnxruntime needs <locale>.UTF-8 installed; in C only ASCII letters change.
    extra = {"stopwords": stops} if stops else {}
    node = helper.make_node("StringNormalizer", ["x"], ["y"], case_change_action=action,
                            is_case_sensitive=sensitive, locale="C", **extra)
    _check(_model([node], [_vi("x", S, list(shape))], [_vi("y", S)], opset=10),
           {"x": TEXT.reshape(shape)})


@pytest.mark.parametrize("attrs", [{}, {"delimiter": "."}, {"delimiter": " ", "maxsplit": 1},
                                   {"delimiter": ".."}, {"maxsplit": 0}])
def test_string_split(attrs):
    node = helper.make_node("StringSplit", ["x"], ["y", "n"], **attrs)
    text = TEXT.copy()
    text[text == ""] = "z"  # see test_string_split_of_an_empty_string
    _check(_model([node], [_vi("x", S, [3, 3])], [_vi("y", S), _vi("n", I64)]),
           {"x": text.reshape(3, 3)})


def test_string_split_of_an_empty_string():
    """"" split at a delimiter is one empty piece in the ONNX reference implementation (and in
    Python); onnxruntime reports none. We follow the reference."""
    from onnx.reference import ReferenceEvaluator  # pylint: disable=import-outside-toplevel

    model = _model([helper.make_node("StringSplit", ["x"], ["y", "n"], delimiter=",")],
                   [_vi("x", S, [2])], [_vi("y", S), _vi("n", I64)])
    x = np.array(["", "a,b"], dtype=object)
    expected = ReferenceEvaluator(model).run(None, {"x": x})
    mod, params = relay.frontend.from_onnx(model, shape={"x": (2,)})
    vm = tvm.runtime.vm.VirtualMachine(relay.vm.compile(mod, "llvm", params=params), tvm.cpu())
    pieces, counts = vm.run(x)
    assert pieces.numpy().tolist() == expected[0].tolist() == [["", ""], ["a", "b"]]
    np.testing.assert_array_equal(counts.numpy(), expected[1])


def test_concat_equal_regex_and_casts():
    nodes = [helper.make_node("StringConcat", ["x", "suffix"], ["joined"]),
             helper.make_node("Equal", ["x", "table"], ["same"]),
             helper.make_node("RegexFullMatch", ["joined"], ["match"], pattern=r"[A-Za-z ]+!"),
             helper.make_node("Cast", ["num"], ["num_text"], to=S),
             helper.make_node("Cast", ["num_text"], ["num_back"], to=F),
             helper.make_node("CastLike", ["digits", "num"], ["parsed"])]
    inits = [numpy_helper.from_array(np.array(["!"], dtype=object), "suffix"),
             numpy_helper.from_array(TEXT[::-1].copy(), "table")]
    model = _model(nodes, [_vi("x", S, [9]), _vi("num", F, [4]), _vi("digits", S, [3])],
                   [_vi("joined", S), _vi("same", B), _vi("match", B), _vi("num_text", S),
                    _vi("num_back", F), _vi("parsed", F)], inits)
    got = _check(model, {"x": TEXT, "num": np.array([0.5, -3.0, 1e-3, 123456.78], "float32"),
                         "digits": np.array(["1.5", "-2e3", "7"], dtype=object)})
    assert got[2].tolist()[0]  # "Hello World!" matches


def test_string_errors_name_the_node():
    def imported(node, x_shape=(3,)):
        return relay.frontend.from_onnx(_model([node], [_vi("x", S, list(x_shape))], [_vi("y", S)]))

    with pytest.raises(tvm.error.OpAttributeInvalid, match="StringNormalizer node 'norm'.*TITLE"):
        imported(helper.make_node("StringNormalizer", ["x"], ["y"], name="norm",
                                  case_change_action="TITLE"))
    with pytest.raises(tvm.error.OpAttributeInvalid, match=r"'norm2': X must be \[C\] or \[1, C\]"):
        imported(helper.make_node("StringNormalizer", ["x"], ["y"], name="norm2"), (2, 3))
    with pytest.raises(tvm.error.OpAttributeInvalid, match="'cut'.*maxsplit must be non-negative"):
        imported(helper.make_node("StringSplit", ["x"], ["y", "n"], name="cut", maxsplit=-2))
    with pytest.raises(tvm.error.OpAttributeInvalid, match="'re'.*pattern is required"):
        imported(helper.make_node("RegexFullMatch", ["x"], ["y"], name="re"))
    model = _model([helper.make_node("StringConcat", ["x", "f"], ["y"], name="glue")],
                   [_vi("x", S, [3]), _vi("f", F, [3])], [_vi("y", S)])
    with pytest.raises(tvm.error.OpAttributeInvalid, match="'glue': Y must be a string tensor, got float32"):
        relay.frontend.from_onnx(model)
