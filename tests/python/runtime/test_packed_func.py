"""Global PackedFuncs: registration, argument and return conversion, and errors crossing the
Python/C++ boundary in both directions."""
import math
import uuid

import numpy as np
import pytest

import tvm
from tvm.runtime import PackedFunc


class CustomError(Exception):
    """An exception class the runtime knows nothing about."""


def through_cpp(name, f):
    """Register `f` under `name` and fetch it back: calls then go through the C++ registry and
    the packed calling convention, converting arguments and results both ways."""
    tvm.register_func(name, f)
    g = tvm.get_global_func(name)
    assert isinstance(g, PackedFunc)
    return g


@pytest.fixture
def register():
    """register(f) registers f under a fresh name and returns it fetched back through C++;
    every name is removed after the test."""
    names = []

    def reg(f):
        names.append(f"testing.runtime.{uuid.uuid4().hex}")
        return through_cpp(names[-1], f)

    yield reg
    for name in names:
        tvm._ffi.remove_global_func(name)


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


def test_get_global_func_returns_packed_func():
    """A C++ global is returned as a callable PackedFunc."""
    f = tvm.get_global_func("runtime.NumThreads")
    assert isinstance(f, PackedFunc)
    assert f() >= 1
    assert "runtime.NumThreads" in tvm._ffi.list_global_func_names()


def test_get_missing_global_func():
    """A missing name is a ValueError naming it, or None with allow_missing=True."""
    with pytest.raises(ValueError, match="no.such.function"):
        tvm.get_global_func("no.such.function")
    assert tvm.get_global_func("no.such.function", allow_missing=True) is None


def test_register_func_as_decorator(global_name):
    """@register_func(name) registers the function and leaves it usable from Python."""

    @tvm.register_func(global_name)
    def triple(x):
        return 3 * x

    assert triple(2) == 6
    assert tvm.get_global_func(global_name)(5) == 15


def test_register_func_bare_decorator_uses_function_name():
    """@register_func without a name registers under the function's own name."""

    def testing_runtime_bare_decorated(x):
        return x - 1

    try:
        tvm.register_func(testing_runtime_bare_decorated)
        assert tvm.get_global_func("testing_runtime_bare_decorated")(10) == 9
    finally:
        tvm._ffi.remove_global_func("testing_runtime_bare_decorated")


def test_register_func_direct_call(global_name):
    """register_func(name, f) registers f."""
    tvm.register_func(global_name, lambda a, b: a * b)
    assert tvm.get_global_func(global_name)(6, 7) == 42


def test_register_non_callable_is_type_error(global_name):
    """Registering something that cannot be called is a TypeError."""
    with pytest.raises(TypeError):
        tvm.register_func(global_name, 42)


def test_duplicate_registration_needs_override(global_name):
    """A second registration of a name is an error naming it unless override=True, which
    replaces the function."""
    tvm.register_func(global_name, lambda: "first")
    with pytest.raises(ValueError, match=global_name):
        tvm.register_func(global_name, lambda: "second")
    assert tvm.get_global_func(global_name)() == "first"
    tvm.register_func(global_name, lambda: "third", override=True)
    assert tvm.get_global_func(global_name)() == "third"


def test_duplicate_registration_of_cpp_global_is_refused():
    """A Python function cannot silently replace a C++ global."""
    with pytest.raises(tvm.error.TVMError, match="runtime.NumThreads"):
        tvm.register_func("runtime.NumThreads", lambda: 0)
    assert tvm.get_global_func("runtime.NumThreads")() >= 1


def test_remove_global_func(global_name):
    """remove_global_func unregisters a name and reports whether it existed."""
    tvm.register_func(global_name, lambda: 1)
    assert tvm._ffi.remove_global_func(global_name)
    assert tvm.get_global_func(global_name, allow_missing=True) is None
    assert not tvm._ffi.remove_global_func(global_name)


def test_packed_func_repr():
    """repr of a PackedFunc names it."""
    assert "NumThreads" in repr(tvm.runtime._ffi_api.NumThreads)
    assert "PackedFunc" in repr(tvm.get_global_func("runtime.NumThreads"))


# --------------------------------------------------------------------------------------------
# Argument and return conversion (through a Python function called via C++)
# --------------------------------------------------------------------------------------------


@pytest.fixture
def echo(register):
    """A registered Python function returning its argument, called through C++."""
    return register(lambda x: x)


@pytest.fixture
def type_name(register):
    """A registered Python function returning the type name of the argument it received."""
    return register(lambda x: type(x).__name__)


@pytest.mark.parametrize(
    "value",
    [0, 1, -1, 2**63 - 1, -(2**63), 1.5, -0.25, 1e300, float("inf"), "", "text", "héllo ☃"],
    ids=repr,
)
def test_scalars_round_trip(echo, value):
    """int (full 64-bit range), float and str arrive and come back unchanged."""
    out = echo(value)
    assert type(out) is type(value)
    assert out == value


def test_none_round_trips(echo):
    """None arrives as None."""
    assert echo(None) is None


def test_nan_round_trips(echo):
    """A NaN float comes back as NaN."""
    assert math.isnan(echo(float("nan")))


def test_bool_arrives_as_int(echo, type_name):
    """True and False arrive as the ints 1 and 0."""
    assert type_name(True) == "int"
    assert echo(True) == 1 and echo(False) == 0


@pytest.mark.parametrize("value", [b"", b"abc", b"\x00\xff\xfe binary \x00", bytearray(b"xy\x00z")])
def test_bytes_round_trip(echo, value):
    """bytes and bytearray arrive as bytes (any content, including NUL and non-UTF-8) and come
    back as bytes."""
    out = echo(value)
    assert type(out) is bytes
    assert out == bytes(value)


def test_list_and_tuple_become_array(echo, type_name):
    """Lists and tuples (nested, mixed) arrive as an Array with converted elements."""
    assert type_name([1]) == "Array" and type_name((1,)) == "Array"
    arr = echo([1, "a", [2.5, None], (3,)])
    assert len(arr) == 4
    assert arr[0] == 1 and arr[1] == "a"
    assert arr[2][0] == 2.5 and arr[2][1] is None
    assert list(arr[3]) == [3]
    assert list(echo((4, 5))) == [4, 5]


def test_dict_becomes_map(echo, type_name):
    """A dict arrives as a Map with converted keys and values."""
    assert type_name({"a": 1}) == "Map"
    m = echo({"a": 1, "b": [1, 2], "c": {"d": 2.0}})
    assert len(m) == 3
    assert m["a"] == 1
    assert list(m["b"]) == [1, 2]
    assert m["c"]["d"] == 2.0


def test_device_round_trips(echo, type_name):
    """A Device arrives as an equal Device."""
    assert type_name(tvm.cpu(3)) == "Device"
    assert echo(tvm.cpu(3)) == tvm.cpu(3)
    assert echo(tvm.cuda(1)) == tvm.cuda(1)


def test_data_type_round_trips(echo):
    """A DataType arrives as its type name."""
    assert echo(tvm.runtime.DataType("float16")) == "float16"
    int8x4 = tvm.runtime.DataType("int8x4")
    assert tvm.runtime.DataType(echo(int8x4)) == int8x4


def test_ndarray_is_passed_by_reference(echo, type_name):
    """An NDArray arrives as the same array, not a copy."""
    a = tvm.nd.array(np.arange(4, dtype="float32"))
    assert type_name(a) == "NDArray"
    b = echo(a)
    assert b.same_as(a)
    np.testing.assert_array_equal(b.numpy(), np.arange(4, dtype="float32"))


def test_callee_writes_into_ndarray_argument(register):
    """A callback can fill an NDArray argument in place."""

    def fill(out):
        out.copyfrom(np.full(3, 7, dtype="int32"))

    f = register(fill)
    a = tvm.nd.empty((3,), "int32")
    f(a)
    np.testing.assert_array_equal(a.numpy(), np.full(3, 7, dtype="int32"))


@pytest.mark.parametrize(
    "value, expected",
    [
        (np.int8(-5), -5),
        (np.int32(7), 7),
        (np.int64(-(2**62)), -(2**62)),
        (np.uint8(200), 200),
        (np.uint32(2**32 - 1), 2**32 - 1),
        (np.bool_(True), 1),
        (np.float32(1.5), 1.5),
        (np.float64(-2.25), -2.25),
        (np.float16(0.5), 0.5),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, np.generic) else None,
)
def test_numpy_scalars_convert_like_python_numbers(echo, value, expected):
    """numpy integer and float scalars arrive as int and float."""
    out = echo(value)
    assert type(out) is type(expected)
    assert out == expected


@pytest.mark.parametrize(
    "value", [np.complex128(1 + 2j), np.datetime64("2020-01-01"), np.timedelta64(3, "s")], ids=repr
)
def test_numpy_scalars_without_runtime_type_are_type_errors(echo, value):
    """numpy complex and date scalars are refused by type instead of losing information."""
    with pytest.raises(TypeError, match=type(value).__name__):
        echo(value)
    with pytest.raises(TypeError, match=type(value).__name__):
        echo([value])


def test_callable_argument_becomes_packed_func(register):
    """A Python callable passed as an argument arrives as a PackedFunc the callee can call."""
    f = register(lambda fn, x: [type(fn).__name__, fn(x)])
    kind, result = f(lambda v: v * 10, 4)
    assert kind == "PackedFunc"
    assert result == 40


@pytest.mark.parametrize(
    "result",
    [None, 3, 2.5, "s", b"\x00b", [1, [2]], {"k": "v"}, tvm.cpu(1)],
    ids=repr,
)
def test_return_values_convert(register, result):
    """Values a callback returns come back converted like arguments."""
    f = register(lambda: result)
    out = f()
    if isinstance(result, list):
        assert out[0] == 1 and list(out[1]) == [2]
    elif isinstance(result, dict):
        assert dict(out.items()) == result
    else:
        assert out == result


def test_returned_ndarray_is_the_same_object(register):
    """An NDArray a callback returns is the very same array."""
    a = tvm.nd.array(np.zeros(2, dtype="int8"))
    assert register(lambda: a)().same_as(a)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**100, np.uint64(2**64 - 1)], ids=str)
def test_int_beyond_64_bits_is_value_error(echo, value):
    """An integer that does not fit in int64 is a ValueError naming it."""
    with pytest.raises(ValueError, match=str(int(value))):
        echo(value)
    with pytest.raises(ValueError, match="64 bits"):
        echo([1, value])


def test_numpy_array_argument_is_type_error(echo):
    """A numpy array is not converted silently: TypeError suggesting tvm.nd.array."""
    with pytest.raises(TypeError, match=r"tvm\.nd\.array"):
        echo(np.zeros(3))
    with pytest.raises(TypeError, match=r"tvm\.nd\.array"):
        echo([np.zeros(3)])


def test_unconvertible_argument_is_type_error(echo):
    """An object with no runtime equivalent is a TypeError naming its type."""

    class Opaque:
        pass

    with pytest.raises(TypeError, match="Opaque"):
        echo(Opaque())
    with pytest.raises(TypeError, match="set"):
        echo({1, 2})


def test_unconvertible_return_value_is_type_error(register):
    """A callback returning a value with no runtime equivalent raises TypeError in the caller."""
    f = register(lambda: object())
    with pytest.raises(TypeError, match="object"):
        f()


def test_variadic_arguments(register):
    """Any number of arguments arrives in order."""
    f = register(lambda *args: list(args))
    assert list(f()) == []
    assert list(f(*range(20))) == list(range(20))


# --------------------------------------------------------------------------------------------
# Typed C++ globals check their arguments
# --------------------------------------------------------------------------------------------


def test_wrong_argument_count_is_type_error():
    """Calling a typed C++ global with the wrong number of arguments is a TypeError that names
    the function and both counts."""
    f = tvm.get_global_func("runtime.ModuleGetFunction")
    with pytest.raises(TypeError, match=r"runtime\.ModuleGetFunction.*3.*1"):
        f(tvm.runtime.system_lib())
    with pytest.raises(TypeError, match="NDArrayCopyTo"):
        tvm.get_global_func("runtime.NDArrayCopyTo")()


def test_wrong_argument_type_is_type_error():
    """A wrong argument type is a TypeError naming the function, the argument's position, the
    expected and the given type."""
    f = tvm.get_global_func("runtime.ModuleGetFunction")
    with pytest.raises(TypeError) as info:
        f(1, "name", False)
    msg = str(info.value)
    assert "runtime.ModuleGetFunction" in msg and "argument 0" in msg
    assert "runtime.Module" in msg and "int" in msg

    copy_to = tvm.get_global_func("runtime.NDArrayCopyTo")
    with pytest.raises(TypeError) as info:
        copy_to(tvm.nd.array(np.zeros(2, "float32")), "cpu")
    msg = str(info.value)
    assert "runtime.NDArrayCopyTo" in msg and "argument 1" in msg and "Device" in msg
    with pytest.raises(TypeError, match="argument 0"):
        copy_to(tvm.cpu(), tvm.cpu())


# --------------------------------------------------------------------------------------------
# Exceptions crossing the boundary
# --------------------------------------------------------------------------------------------


def expected_error(fn):
    """The exception plain Python raises for fn()."""
    try:
        fn()
    except Exception as err:  # pylint: disable=broad-except
        return err
    raise AssertionError("expected an exception")


def test_builtin_exceptions_from_callbacks_keep_type_and_message(register):
    """A KeyError or ZeroDivisionError raised in a callback called from C++ reaches the caller
    as the same exception type with its message."""
    lookup = register(lambda key: {"a": 1}[key])
    with pytest.raises(KeyError) as info:
        lookup("missing-key")
    assert type(info.value) is KeyError
    assert info.value.args == ("missing-key",)

    divide = register(lambda x: 1 / x)
    with pytest.raises(ZeroDivisionError) as info:
        divide(0)
    assert type(info.value) is ZeroDivisionError
    assert str(info.value) == str(expected_error(lambda: 1 / 0))


def test_custom_exception_from_callback_is_the_original_object(register):
    """A user-defined exception raised in a callback comes back as that very object, with its
    arguments and the callback's frame in its traceback."""
    raised = CustomError("custom failure", 17)

    def fail():
        raise raised

    with pytest.raises(CustomError) as info:
        register(fail)()
    assert info.value is raised
    assert info.value.args == ("custom failure", 17)
    assert any(entry.name == "fail" for entry in info.traceback)


def test_exception_crosses_two_levels(register):
    """Python -> C++ -> Python -> C++ -> Python: an exception raised at the innermost level
    reaches the outermost caller with its type and message."""

    def inner_fn(key):
        if key:
            return {}[key]
        raise CustomError("deep")

    inner = register(inner_fn)
    outer = register(lambda fn, x: fn(x) + 1)
    with pytest.raises(CustomError, match="deep"):
        outer(inner, 0)
    with pytest.raises(KeyError, match="k"):
        outer(inner, "k")
    # The same with a lambda, which becomes a PackedFunc on its way into C++.
    with pytest.raises(ZeroDivisionError):
        outer(lambda v: 1 // v, 0)
    assert outer(lambda v: v * 2, 20) == 41


def test_cpp_error_inside_callback_reaches_caller(register):
    """A C++ error raised by a global that a callback calls propagates through the callback
    to the Python caller with its type and message."""
    copy_to = tvm.get_global_func("runtime.NDArrayCopyTo")
    f = register(lambda a: copy_to(a, "not a device"))
    with pytest.raises(TypeError, match="argument 1"):
        f(tvm.nd.array(np.zeros(1, "float32")))


def test_callback_can_catch_cpp_error_and_raise_its_own(register):
    """A callback may catch a C++ error and raise another exception, which the caller sees."""

    def convert_error(name):
        try:
            tvm.get_global_func(name)
        except ValueError as err:
            raise CustomError(f"wrapped: {err}") from err
        return "found"

    f = register(convert_error)
    assert f("runtime.NumThreads") == "found"
    with pytest.raises(CustomError, match="wrapped: .*no.such.thing"):
        f("no.such.thing")


def test_callback_is_usable_after_an_exception(register):
    """A callback that raised can be called again normally."""
    f = register(lambda x: 10 // x)
    with pytest.raises(ZeroDivisionError):
        f(0)
    assert f(5) == 2
