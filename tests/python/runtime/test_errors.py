"""Errors: C++ error kinds arrive as Python classes that are both TVMError and the matching
built-in exception, with their message intact."""
import numpy as np
import pytest

import tvm
from tvm import error


@pytest.mark.parametrize(
    "cls, builtin",
    [
        (error.TVMError, RuntimeError),
        (error.InternalError, error.TVMError),
        (error.RPCSessionTimeoutError, TimeoutError),
        (error.OpNotImplemented, NotImplementedError),
        (error.OpAttributeRequired, AttributeError),
        (error.OpAttributeInvalid, AttributeError),
        (error.OpAttributeUnImplemented, NotImplementedError),
        (error.TVMValueError, ValueError),
        (error.TVMTypeError, TypeError),
        (error.TVMAttributeError, AttributeError),
        (error.TVMIndexError, IndexError),
        (error.TVMKeyError, KeyError),
    ],
)
def test_error_classes_derive_from_builtins(cls, builtin):
    """Each error class is a TVMError and the built-in exception of its kind."""
    assert issubclass(cls, error.TVMError)
    assert issubclass(cls, builtin)
    assert tvm.TVMError is error.TVMError


def test_value_error_from_cpp():
    """A C++ ValueError is caught as ValueError and as TVMError, message unchanged."""
    with pytest.raises(ValueError) as info:
        tvm.nd.empty((-3,), "float32")
    assert isinstance(info.value, error.TVMError)
    assert "negative dimension" in str(info.value)
    assert "(-3,)" in str(info.value)


def test_type_error_from_cpp():
    """A C++ TypeError is caught as TypeError and as TVMError."""
    with pytest.raises(TypeError) as info:
        tvm.get_global_func("runtime.NDArrayCopyTo")(1, 2)
    assert isinstance(info.value, error.TVMError)


def test_index_error_from_cpp():
    """A C++ IndexError is caught as IndexError and as TVMError, naming index and size."""
    arr = tvm.runtime.convert([1, 2])
    with pytest.raises(IndexError) as info:
        tvm.runtime._ffi_api.ArrayGetItem(arr, 5)
    assert isinstance(info.value, error.TVMError)
    assert "5" in str(info.value) and "2" in str(info.value)


def test_key_error_from_cpp_reads_cleanly():
    """A C++ KeyError is a KeyError and TVMError whose str is the message, without quotes."""
    m = tvm.runtime.convert({"a": 1})
    with pytest.raises(KeyError) as info:
        m["b"]  # pylint: disable=pointless-statement
    assert isinstance(info.value, error.TVMError)
    assert str(info.value) == 'key "b" not found in Map'


def test_attribute_error_from_cpp():
    """A C++ AttributeError is caught as AttributeError and as TVMError."""
    with pytest.raises(AttributeError) as info:
        tvm.runtime.make_node("runtime.BoxFloat", wrong=1.0)
    assert isinstance(info.value, error.TVMError)


def test_errors_do_not_leak_between_calls():
    """After an error, the next call succeeds and reports nothing stale."""
    with pytest.raises(ValueError):
        tvm.nd.empty((2,), "float33")
    a = tvm.nd.empty((2,), "float32")
    assert a.shape == (2,)


@pytest.mark.parametrize(
    "message, error_class",
    [
        ("ValueError: bad value", ValueError),
        ("TypeError: bad type", TypeError),
        ("IndexError: bad index", IndexError),
        ("AttributeError: no such thing", AttributeError),
        ("KeyError: no such key", KeyError),
        ("RuntimeError: generic", error.TVMError),
        ("InternalError: broken invariant", error.InternalError),
        ("OpNotImplemented: conv99", error.OpNotImplemented),
        ("RPCSessionTimeoutError: slow", error.RPCSessionTimeoutError),
        ("DiagnosticError: see above", error.DiagnosticError),
    ],
)
def test_error_kind_selects_class(test_lib, message, error_class):
    """The kind before ': ' in an error set by C code selects the registered Python class; the
    rest is the message."""
    with pytest.raises(error_class) as info:
        test_lib["fail_with"](message)
    assert isinstance(info.value, error.TVMError)
    assert str(info.value) == message.split(": ", 1)[1]


def test_builtin_kind_without_class_maps_to_builtin(test_lib):
    """A kind that names a built-in exception without a registered class raises the built-in."""
    with pytest.raises(ZeroDivisionError, match="divided by nothing"):
        test_lib["fail_with"]("ZeroDivisionError: divided by nothing")


def test_unknown_kind_is_tvm_error_with_full_message(test_lib):
    """An unknown kind, or a message without one, is a TVMError carrying the whole text."""
    with pytest.raises(error.TVMError) as info:
        test_lib["fail_with"]("SomethingOdd: what happened")
    assert "SomethingOdd" in str(info.value) and "what happened" in str(info.value)
    with pytest.raises(error.TVMError, match="no kind at all"):
        test_lib["fail_with"]("no kind at all")


def test_multiline_message_is_kept(test_lib):
    """A message spanning lines arrives whole."""
    with pytest.raises(ValueError) as info:
        test_lib["fail_with"]("ValueError: first line\n  second line\nthird: line")
    assert str(info.value) == "first line\n  second line\nthird: line"


def test_register_error_for_a_new_kind(test_lib):
    """register_error makes a new kind raise the registered class."""

    @error.register_error
    class TestingRuntimeCustomKind(error.TVMError):
        """A kind registered by this test."""

    with pytest.raises(TestingRuntimeCustomKind, match="custom kind raised"):
        test_lib["fail_with"]("TestingRuntimeCustomKind: custom kind raised")

    class Renamed(error.TVMError, LookupError):
        """Registered under an explicit kind name."""

    error.register_error("TestingRuntimeRenamedKind", Renamed)
    with pytest.raises(LookupError, match="renamed"):
        test_lib["fail_with"]("TestingRuntimeRenamedKind: renamed")


def test_errors_are_catchable_as_tvm_error_generically():
    """Every runtime error can be handled with one except TVMError clause."""
    failures = [
        lambda: tvm.nd.empty((2,), "float33"),
        lambda: tvm.get_global_func("runtime.ModuleGetFunction")(1),
        lambda: tvm.runtime._ffi_api.ArrayGetItem(tvm.runtime.convert([]), 0),
        lambda: tvm.runtime.load_module("/nonexistent/dir/lib.so"),
        lambda: tvm.nd.array(np.zeros((2, 2), "float32")).copyto(tvm.nd.empty((3,), "float32")),
    ]
    for fail in failures:
        with pytest.raises(error.TVMError):
            fail()
