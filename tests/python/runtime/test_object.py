"""Runtime objects seen from Python: containers, reflection, identity and printing."""
import numpy as np
import pytest

import tvm
from tvm.runtime import Array, Map, Object, ShapeTuple, convert, make_node


# --------------------------------------------------------------------------------------------
# Array
# --------------------------------------------------------------------------------------------


def test_convert_list_to_array():
    """A list converts to an Array with len, indexing and iteration over converted elements."""
    arr = convert([1, "two", 3.5, None])
    assert isinstance(arr, Array) and isinstance(arr, Object)
    assert arr.type_key == "runtime.Array"
    assert len(arr) == 4
    assert arr[0] == 1 and arr[1] == "two" and arr[2] == 3.5 and arr[3] is None
    assert list(arr) == [1, "two", 3.5, None]


def test_convert_tuple_and_nested_lists():
    """Tuples convert to Array too, and nested lists to nested Arrays."""
    arr = convert((1, [2, [3, 4]], ()))
    assert isinstance(arr, Array)
    assert isinstance(arr[1], Array) and isinstance(arr[1][1], Array)
    assert list(arr[1][1]) == [3, 4]
    assert len(arr[2]) == 0


def test_array_negative_index():
    """Negative indices count from the end."""
    arr = convert([10, 20, 30])
    assert arr[-1] == 30
    assert arr[-3] == 10


@pytest.mark.parametrize("index", [3, 100, -4, -100])
def test_array_index_out_of_range_is_index_error(index):
    """An index outside [-len, len) is an IndexError naming the index and the size."""
    arr = convert([10, 20, 30])
    with pytest.raises(IndexError, match=str(index)) as info:
        arr[index]  # pylint: disable=pointless-statement
    assert "3" in str(info.value)


def test_array_slicing():
    """Slices give Python lists of the selected elements."""
    arr = convert(list(range(6)))
    assert list(arr[1:4]) == [1, 2, 3]
    assert list(arr[::-2]) == [5, 3, 1]
    assert list(arr[10:]) == []


def test_array_non_integer_index_is_type_error():
    """Indexing with a non-integer is a TypeError."""
    with pytest.raises(TypeError):
        convert([1])["0"]  # pylint: disable=expression-not-assigned


def test_array_compares_equal_to_equal_list():
    """An Array equals a list or tuple with the same elements."""
    arr = convert([1, 2, 3])
    assert arr == [1, 2, 3]
    assert arr == (1, 2, 3)
    assert arr != [1, 2]


def test_empty_array():
    """The empty list converts to an empty Array."""
    arr = convert([])
    assert len(arr) == 0
    assert list(arr) == []
    with pytest.raises(IndexError):
        arr[0]  # pylint: disable=pointless-statement


def test_array_holds_objects_by_reference():
    """Objects stored in an Array are the same objects when read back."""
    a = tvm.nd.array(np.arange(3, dtype="int32"))
    arr = convert([a, a])
    assert arr[0].same_as(a) and arr[1].same_as(a)


# --------------------------------------------------------------------------------------------
# Map
# --------------------------------------------------------------------------------------------


def test_convert_dict_to_map():
    """A dict converts to a Map with len, lookup, membership and iteration."""
    m = convert({"a": 1, "b": "text", "c": [1, 2]})
    assert isinstance(m, Map)
    assert m.type_key == "runtime.Map"
    assert len(m) == 3
    assert m["a"] == 1 and m["b"] == "text" and list(m["c"]) == [1, 2]
    assert "a" in m and "zzz" not in m
    assert sorted(m) == ["a", "b", "c"]
    assert sorted(m.keys()) == ["a", "b", "c"]
    assert dict(m.items())["b"] == "text"
    assert sorted(v for v in m.values() if isinstance(v, int)) == [1]
    assert m.get("a") == 1 and m.get("missing", 42) == 42


def test_map_with_number_keys():
    """Integer and float keys are found by value, as in a dict."""
    m = convert({1: "one", 2: "two", 2.5: "half"})
    assert m[1] == "one" and m[2] == "two" and m[2.5] == "half"
    assert 1 in m and 3 not in m
    assert sorted(k for k in m.keys() if isinstance(k, int)) == [1, 2]


def test_map_missing_key_is_key_error():
    """Looking up a missing key is a KeyError naming the key."""
    m = convert({"a": 1, 7: 2})
    with pytest.raises(KeyError, match="nope"):
        m["nope"]  # pylint: disable=pointless-statement
    with pytest.raises(KeyError, match="8"):
        m[8]  # pylint: disable=pointless-statement


def test_nested_map():
    """Dicts nested in dicts and lists convert recursively."""
    m = convert({"outer": {"inner": [1, {"deep": 2}]}})
    assert m["outer"]["inner"][1]["deep"] == 2


def test_empty_map():
    """The empty dict converts to an empty Map."""
    m = convert({})
    assert len(m) == 0 and list(m) == [] and "a" not in m


# --------------------------------------------------------------------------------------------
# Other conversions
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [3, -7, 2.5, "text", None], ids=repr)
def test_convert_scalars_come_back_as_python_values(value):
    """Scalars box into runtime objects and come back as the same Python values."""
    out = convert(value)
    assert out == value and type(out) is type(value)


def test_convert_callable_to_packed_func():
    """A Python callable converts to a PackedFunc that calls it."""
    f = convert(lambda x: x * 3)
    assert isinstance(f, tvm.runtime.PackedFunc)
    assert f(4) == 12


def test_convert_unsupported_value_is_type_error():
    """A value with no runtime equivalent is a TypeError naming its type."""
    with pytest.raises(TypeError, match="object"):
        convert(object())
    with pytest.raises(TypeError, match=r"tvm\.nd\.array"):
        convert([np.zeros(2)])


def test_shape_tuple():
    """ShapeTuple holds ints with len, indexing, iteration and equality to tuples."""
    s = ShapeTuple([2, 3, 4])
    assert s.type_key == "runtime.ShapeTuple"
    assert len(s) == 3 and s[0] == 2 and s[-1] == 4
    assert list(s) == [2, 3, 4]
    assert s == (2, 3, 4) and s == [2, 3, 4] and s == ShapeTuple((2, 3, 4))
    assert s != (2, 3)


# --------------------------------------------------------------------------------------------
# Reflection
# --------------------------------------------------------------------------------------------


def test_make_node_sets_fields_by_name():
    """make_node creates a registered node and sets its fields; boxed numbers read back as
    Python numbers (the FFI unboxes runtime.BoxInt and runtime.BoxFloat)."""
    boxed = make_node("runtime.BoxInt", value=3)
    assert boxed == 3 and type(boxed) is int
    assert make_node("runtime.BoxInt", value=-(2**40)) == -(2**40)
    assert make_node("runtime.BoxFloat", value=2.5) == 2.5
    assert make_node("runtime.BoxInt") == 0


def test_make_node_unknown_field_is_attribute_error():
    """Setting a field the node does not have is an AttributeError listing its fields."""
    with pytest.raises(AttributeError, match="value"):
        make_node("runtime.BoxInt", valeu=3)


def test_make_node_wrong_field_type_is_type_error():
    """A field value of the wrong type is a TypeError naming the node and the field."""
    with pytest.raises(TypeError, match=r"runtime\.BoxInt\.value"):
        make_node("runtime.BoxInt", value="three")


def test_make_node_unknown_type_is_value_error():
    """An unknown type key is a ValueError naming it."""
    with pytest.raises(ValueError, match="runtime.NoSuchNode"):
        make_node("runtime.NoSuchNode")


def test_missing_attribute_is_attribute_error():
    """Reading a field an object does not have is an AttributeError naming the type and the
    attribute; hasattr is False."""
    arr = convert([1, 2])
    with pytest.raises(AttributeError) as info:
        arr.no_such_field  # pylint: disable=pointless-statement
    assert "runtime.Array" in str(info.value) and "no_such_field" in str(info.value)
    assert not hasattr(arr, "no_such_field")
    assert not hasattr(tvm.nd.array(np.zeros(1)), "value")


def test_dir_lists_python_attributes():
    """dir() of an object works and includes its Python methods."""
    names = dir(convert([1]))
    assert "same_as" in names and "type_key" in names


# --------------------------------------------------------------------------------------------
# Identity, equality, hashing, printing
# --------------------------------------------------------------------------------------------


def test_same_as_eq_and_hash_follow_identity():
    """Two references to one C++ object are same_as, equal and hash alike; two separately
    built objects with equal content are neither same_as nor (Map) equal."""
    m = convert({"a": 1})
    echo = tvm.runtime.convert(lambda x: x)
    m2 = echo(m)  # the same C++ object, through a call into C++ and back
    assert m2 is not m
    assert m2.same_as(m) and m2 == m and hash(m2) == hash(m)
    other = convert({"a": 1})
    assert not other.same_as(m) and other != m
    assert len({m, m2, other}) == 2


def test_objects_compare_unequal_to_other_types():
    """An object never equals a non-object, and same_as of a non-object is False."""
    m = convert({"a": 1})
    assert m != 1 and m != "a" and m != None  # noqa: E711 pylint: disable=singleton-comparison
    assert not m.same_as(1)


def test_object_lifetime_follows_python_references():
    """An object reached only through a container stays valid after the other references go."""
    arr = convert([convert({"k": [1, 2, 3]})])
    inner = arr[0]
    del arr
    assert list(inner["k"]) == [1, 2, 3]


def test_repr_of_containers():
    """repr of Array and Map shows their elements."""
    text = repr(convert([1, "a", 2.5, [3]]))
    for part in ["1", "a", "2.5", "3"]:
        assert part in text
    assert text.startswith("[") and text.endswith("]")
    text = repr(convert({"key": 7}))
    assert "key" in text and "7" in text
    assert text.startswith("{") and text.endswith("}")


def test_repr_of_other_objects():
    """repr of a ShapeTuple, Module and PackedFunc says what they are."""
    assert "2" in repr(ShapeTuple([2, 5])) and "5" in repr(ShapeTuple([2, 5]))
    assert "system_lib" in repr(tvm.runtime.system_lib())
    assert "PackedFunc" in repr(tvm.get_global_func("runtime.NumThreads"))
