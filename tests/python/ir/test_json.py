"""tvm.ir.save_json / load_json and pickling: round trips (NDArrays and sharing included), a
document Python's json module can read and edit, and a ValueError naming the problem for every
kind of malformed document."""
import json
import math
import pickle

import numpy as np
import pytest

import tvm
from tvm import ir


def _has_tir():
    try:
        from tvm import tir  # pylint: disable=import-outside-toplevel,unused-import

        return hasattr(tir, "Var") and hasattr(tir, "PrimFunc")
    except ImportError:
        return False


requires_tir = pytest.mark.skipif(not _has_tir(), reason="tvm.tir (Var, PrimFunc, ...) is not available")


def int_imm(value, dtype="int32", span=None):
    return ir._ffi_api.IntImm(dtype, value, span)


def round_trip(node, map_free_vars=False):
    text = ir.save_json(node)
    loaded = ir.load_json(text)
    ir.assert_structural_equal(node, loaded, map_free_vars)
    assert ir.structural_hash(node, map_free_vars) == ir.structural_hash(loaded, map_free_vars)
    return loaded


RANGE_DOC = {
    "root": 1,
    "nodes": [
        {"type_key": ""},
        {"type_key": "Range", "attrs": {"min": "2", "extent": "3", "span": "null"}},
        {"type_key": "IntImm", "attrs": {"dtype": "int32", "value": "0", "span": "null"}},
        {"type_key": "IntImm", "attrs": {"dtype": "int32", "value": "4", "span": "null"}},
    ],
    "b64ndarrays": [],
    "attrs": {"tvm_version": "0.14.0"},
}


def load_edited(edit):
    """Load a copy of RANGE_DOC after `edit(doc)` changed it."""
    doc = json.loads(json.dumps(RANGE_DOC))
    edit(doc)
    return ir.load_json(json.dumps(doc))


def test_ir_nodes_round_trip():
    i32 = ir.PrimType("int32")
    round_trip(i32)
    round_trip(ir.PointerType(i32, "shared"))
    round_trip(ir.TupleType([i32, ir.PrimType("float16x4")]))
    round_trip(ir.FuncType([i32], ir.TupleType([])))
    round_trip(ir.GlobalVar("main"))
    round_trip(ir.Range.from_min_extent(int_imm(0), int_imm(8)))
    round_trip(ir.Span("model.onnx", 1, 2, 3, 4))
    round_trip(ir.IRModule({}))


def test_spans_survive():
    loaded = ir.load_json(ir.save_json(int_imm(3, span=ir.Span("conv1", 7, 2))))
    assert loaded.span.source_name == "conv1"
    assert loaded.span.line == 7


def test_python_values_round_trip():
    assert list(round_trip([1, 2.5, "a", None])) == [1, 2.5, "a", None]
    loaded = round_trip({"b": [1, 2], "a": "x"})
    assert loaded["a"] == "x"
    assert ir.load_json(ir.save_json("text \"quoted\" \u2713\n")) == "text \"quoted\" \u2713\n"
    assert math.isnan(ir.load_json(ir.save_json([math.nan]))[0])
    assert ir.load_json(ir.save_json([math.inf]))[0] == math.inf
    assert ir.load_json(ir.save_json([0.1]))[0] == 0.1
    assert ir.load_json(ir.save_json([-(2**63)]))[0] == -(2**63)


def test_ndarray_inside_a_container_round_trips():
    a = np.arange(12, dtype="float32").reshape(3, 4)
    b = np.array([1, -2, 3], dtype="int8")
    arr_a = tvm.nd.array(a)
    loaded = round_trip({"weights": arr_a, "more": [tvm.nd.array(b), arr_a]})
    np.testing.assert_array_equal(loaded["weights"].numpy(), a)
    np.testing.assert_array_equal(loaded["more"][0].numpy(), b)
    assert loaded["more"][0].dtype == "int8"
    # The array used twice is stored once and shared again.
    assert loaded["more"][1].same_as(loaded["weights"])
    assert len(json.loads(ir.save_json({"weights": arr_a, "more": [arr_a]}))["b64ndarrays"]) == 1


def test_sharing_is_preserved():
    shared = ir.TupleType([ir.PrimType("int32")])
    loaded = ir.load_json(ir.save_json([shared, shared, ir.TupleType([ir.PrimType("int32")])]))
    assert loaded[0].same_as(loaded[1])
    assert not loaded[0].same_as(loaded[2])


def test_document_is_plain_json():
    doc = json.loads(ir.save_json(ir.Range.from_min_extent(int_imm(0), int_imm(4))))
    assert doc["attrs"]["tvm_version"] == "0.14.0"
    assert doc["nodes"][0] == {"type_key": ""}
    root = doc["nodes"][doc["root"]]
    assert root["type_key"] == "Range"
    assert doc["nodes"][int(root["attrs"]["extent"])]["attrs"]["value"] == "4"
    # Edited with the json module, it loads with the edit.
    doc["nodes"][int(root["attrs"]["extent"])]["attrs"]["value"] = "16"
    assert ir.load_json(json.dumps(doc)).extent.value == 16
    assert load_edited(lambda d: None).extent.value == 4


def test_pickle_round_trips_objects():
    for node in [
        ir.FuncType([ir.PrimType("int32")], ir.TupleType([])),
        ir.GlobalVar("main"),
        tvm.runtime.convert([1, "a", {"k": 2.5}]),
        tvm.runtime.convert([tvm.nd.array(np.ones((2, 2), "float32"))]),
    ]:
        loaded = pickle.loads(pickle.dumps(node))
        assert type(loaded) is type(node)
        ir.assert_structural_equal(node, loaded)


@requires_tir
def test_tir_round_trips_and_pickles():
    from tvm import tir  # pylint: disable=import-outside-toplevel

    n = tir.Var("n", "int32")
    buf_a = tir.decl_buffer((n,), "float32", name="A")
    i = tir.Var("i", "int32")
    body = tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(buf_a, tir.exp(tir.BufferLoad(buf_a, [i])), [i]))
    a = tir.Var("a", "handle")
    func = tir.PrimFunc([a], body, buffer_map={a: buf_a})
    mod = tvm.IRModule({"main": func})
    loaded = round_trip(mod)
    assert isinstance(loaded["main"], tir.PrimFunc)
    ir.assert_structural_equal(pickle.loads(pickle.dumps(func)), func)
    # Free variables come back as new variables: equal only when mapped.
    x = tir.Var("x", "int32")
    assert not ir.structural_equal(ir.load_json(ir.save_json(x + 1)), x + 1)
    round_trip(x + 1, map_free_vars=True)
    # The operator of a call is the registered one.
    call = ir.load_json(ir.save_json(tir.exp(tir.Var("f", "float32"))))
    assert call.op.same_as(ir.Op.get("tir.exp"))


# ---- malformed documents ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "hello", "{", '{"root": 1,', '{"a" 1}', "{} extra", "{'a': 1}", '{"a": "\\q"}', "[" * 10000],
)
def test_not_json_is_a_value_error(text):
    with pytest.raises(ValueError, match="not valid JSON"):
        ir.load_json(text)


def test_errors_are_tvm_errors_too():
    with pytest.raises(tvm.error.TVMError):
        ir.load_json("{")


def test_every_truncation_is_a_value_error():
    text = ir.save_json([ir.Range.from_min_extent(int_imm(0), int_imm(4)), tvm.nd.array(np.ones(3, "float32"))])
    for cut in range(len(text)):
        with pytest.raises(ValueError):
            ir.load_json(text[:cut])


def test_wrong_or_missing_version():
    def set_version(doc):
        doc["attrs"]["tvm_version"] = "0.6.0"

    with pytest.raises(ValueError, match=r'format version "0.6.0" is not supported \(expected 0.14.x\)'):
        load_edited(set_version)
    with pytest.raises(ValueError, match='has no "tvm_version"'):
        load_edited(lambda doc: doc["attrs"].clear())
    with pytest.raises(ValueError, match='has no "attrs"'):
        load_edited(lambda doc: doc.pop("attrs"))


def test_unknown_type_key():
    def rename(doc):
        doc["nodes"][1]["type_key"] = "no.such.Node"

    with pytest.raises(ValueError, match=r'node 1 \(no.such.Node\): unknown type key "no.such.Node"'):
        load_edited(rename)


def test_missing_field():
    with pytest.raises(ValueError, match=r'node 2 \(IntImm\): missing field "value"'):
        load_edited(lambda doc: doc["nodes"][2]["attrs"].pop("value"))


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", 'expected an integer, found the string "abc"'),
        ([1], "expected an integer, found an array"),
        (None, "expected an integer, found null"),
        ("1.5", "expected an integer"),
    ],
)
def test_field_of_the_wrong_kind(value, message):
    def edit(doc):
        doc["nodes"][2]["attrs"]["value"] = value

    with pytest.raises(ValueError, match=r'node 2 \(IntImm\): field "value": ' + message):
        load_edited(edit)


def test_bad_dtype():
    def edit(doc):
        doc["nodes"][2]["attrs"]["dtype"] = "float33"

    with pytest.raises(ValueError, match=r'node 2 \(IntImm\): field "dtype"'):
        load_edited(edit)


@pytest.mark.parametrize("index", ["9", "-1"])
def test_dangling_node_index(index):
    def edit(doc):
        doc["nodes"][1]["attrs"]["min"] = index

    with pytest.raises(ValueError, match=f"node index {index} is out of range"):
        load_edited(edit)


def test_dangling_root():
    def edit(doc):
        doc["root"] = 17

    with pytest.raises(ValueError, match=r"node index 17 is out of range \(the document has 4 nodes\)"):
        load_edited(edit)


def test_reference_of_the_wrong_type():
    def edit(doc):
        doc["nodes"][2] = {"type_key": "runtime.String", "repr_str": "oops"}

    with pytest.raises(ValueError, match=r'field "min": expected PrimExpr, found runtime.String'):
        load_edited(edit)


def test_reference_cycle():
    def edit(doc):
        doc["nodes"].append({"type_key": "runtime.Array", "data": [4]})
        doc["root"] = 4

    with pytest.raises(ValueError, match="closes a cycle"):
        load_edited(edit)


def test_bad_ndarray_data():
    doc = json.loads(ir.save_json([tvm.nd.array(np.ones(3, "float32"))]))
    good = doc["b64ndarrays"][0]
    doc["b64ndarrays"][0] = "not base64!"
    with pytest.raises(ValueError, match="must be a base64 string"):
        ir.load_json(json.dumps(doc))
    doc["b64ndarrays"][0] = good[:-8]
    with pytest.raises(ValueError, match="bad NDArray data"):
        ir.load_json(json.dumps(doc))
    doc["b64ndarrays"] = []
    with pytest.raises(ValueError, match="out of range"):
        ir.load_json(json.dumps(doc))


def test_objects_without_reflection_cannot_be_saved():
    with pytest.raises(ValueError, match="cannot serialize an object of type runtime.PackedFunc"):
        ir.save_json([tvm.get_global_func("ir.SaveJSON")])
