"""MakePackedAPI: every argument check raises a typed error naming the argument, the
expected and the actual value."""
import numpy as np
import pytest

import tvm
from tvm import tir

from llvm_helpers import elementwise


@pytest.fixture(scope="module")
def add17():
    return tvm.build(elementwise(17, ["float32"] * 3, lambda a, b: a + b), name="myadd")["myadd"]


def arr(shape, dtype="float32"):
    return tvm.nd.array(np.zeros(shape, dtype))


def test_wrong_argument_count(add17):
    """Two arguments for three parameters."""
    with pytest.raises(TypeError, match=r"myadd: expected 3 arguments, got 2"):
        add17(arr(17), arr(17))


def test_non_ndarray_argument(add17):
    """An int where a tensor is expected is a TypeError with its type code."""
    with pytest.raises(TypeError,
                       match=r"myadd: argument 1 \(B\) expected an NDArray or DLTensor, got type "
                             r"code 0"):
        add17(arr(17), 3, arr(17))


def test_wrong_dtype(add17):
    """float64 data for a float32 buffer."""
    with pytest.raises(ValueError,
                       match=r"myadd: argument A.dtype has an unexpected value: expected float32 "
                             r"\(type code 2, bits 32, lanes 1\), got type code 2, bits 64"):
        add17(arr(17, "float64"), arr(17), arr(17))


def test_wrong_ndim(add17):
    """A 2-D array for a 1-D buffer."""
    with pytest.raises(ValueError,
                       match=r"myadd: argument B.ndim has an unexpected value: expected 1, got 2"):
        add17(arr(17), arr((17, 1)), arr(17))


def test_wrong_constant_shape(add17):
    """The message is exactly the documented one."""
    with pytest.raises(ValueError) as err:
        add17(arr(17), arr(17), arr(8))
    assert str(err.value).endswith(
        "myadd: argument C.shape[0] has an unexpected value: expected 17, got 8")


def _numpy_view_at(raw, byte_misalignment, n):
    """A float32 view of `raw` of n elements starting byte_misalignment bytes past a 64-byte
    boundary, shared with TVM through DLPack (no copy, so the address is kept)."""
    first = (-raw.ctypes.data % 64 + byte_misalignment) // 4
    view = raw[first:first + n]
    assert view.ctypes.data % 64 == byte_misalignment
    return tvm.nd.from_dlpack(view)


def test_misaligned_data(add17):
    """A DLPack-shared numpy view 4 bytes past a 64-byte boundary is rejected, naming the
    argument, the required alignment and the actual offset; an aligned view is accepted."""
    raw = np.arange(64, dtype="float32")
    out = arr(17)
    add17(_numpy_view_at(raw, 0, 17), arr(17), out)
    with pytest.raises(ValueError,
                       match=r"myadd: argument A.data is misaligned: expected an address aligned "
                             r"to 64 bytes, got one 4 bytes past an aligned address"):
        add17(_numpy_view_at(raw, 4, 17), arr(17), out)


def test_mismatched_symbolic_dims():
    """n binds at A.shape[0]; B.shape[0] must equal it."""
    n = tir.SizeVar("n", "int32")
    f = tvm.build(elementwise(n, ["float32"] * 2, lambda a: a), name="copy")["copy"]
    f(arr(10), arr(10))
    with pytest.raises(ValueError,
                       match=r"copy: argument B.shape\[0\] has an unexpected value: expected 10 "
                             r"\(n, bound by A.shape\[0\]\), got 9"):
        f(arr(10), arr(9))


def test_scalar_argument_type():
    """An array passed for an int parameter is a TypeError."""
    A = tir.decl_buffer((4,), "int32", "A")
    k = tir.Var("k", "int32")
    f = tvm.build(tir.PrimFunc([A, k], tir.BufferStore(A, k, [0])), name="setk")["setk"]
    f(arr(4, "int32"), 5)
    with pytest.raises(TypeError, match=r"setk: argument 1 \(k\) expected an int, got type code"):
        f(arr(4, "int32"), arr(4, "int32"))


def test_declared_symbolic_strides_bind_from_compact_arrays():
    """A buffer declaring stride variables binds them (compact strides when none are given)."""
    m, n = tir.SizeVar("m", "int32"), tir.SizeVar("n", "int32")
    s0 = tir.Var("s0", "int32")
    A = tir.decl_buffer((m, n), "float32", "A", strides=[s0, 1])
    B = tir.decl_buffer((m, n), "float32", "B")
    i, j = tir.Var("i", "int32"), tir.Var("j", "int32")
    body = tir.For(i, 0, m, tir.ForKind.SERIAL, tir.For(
        j, 0, n, tir.ForKind.SERIAL, tir.BufferStore(B, A[i, j] + 1.0, [i, j])))
    f = tvm.build(tir.PrimFunc([A, B], body), name="f")["f"]
    a = np.random.rand(3, 5).astype("float32")
    b = arr((3, 5))
    f(tvm.nd.array(a), b)
    np.testing.assert_allclose(b.numpy(), a + 1)


def test_make_packed_api_signature():
    """After the pass the function takes the six packed parameters and checks them."""
    f = elementwise(4, ["float32"] * 2, lambda a: a)
    f = f.with_attr("global_symbol", "g")
    packed = tir.transform.MakePackedAPIFunc(f)
    assert [p.name_hint for p in packed.params] == [
        "args", "arg_type_ids", "num_args", "out_ret_value", "out_ret_tcode", "resource_handle"]
    text = str(packed)
    assert "expected 2 arguments" in text and "A.shape[0]" in text
    mod = tir.transform.MakePackedAPI()(tvm.IRModule({"g": f}))
    assert len(mod["g"].params) == 6
