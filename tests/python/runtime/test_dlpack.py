"""DLPack: NDArray shares memory with numpy and torch both ways, without copies."""
import gc

import numpy as np
import pytest

import tvm

# numpy exchanges bool through DLPack from version 1.25 on (DLPack's kDLBool).
NUMPY_DTYPES = ["float32", "float64", "float16", "int8", "int16", "int32", "int64", "uint8"] + [
    pytest.param(
        "bool",
        marks=pytest.mark.skipif(
            np.lib.NumpyVersion(np.__version__) < "1.25.0", reason="numpy < 1.25 has no DLPack bool"
        ),
    )
]
# Big enough that the allocator returns it to the OS when freed: a use after free crashes
# instead of silently reading stale data.
BIG = (1024, 1024)


def values(dtype, shape, seed=0):
    """Deterministic random values of `dtype`."""
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype.startswith(("int", "uint")):
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    return (rng.standard_normal(shape) * 10).astype(dtype)


# --------------------------------------------------------------------------------------------
# numpy
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", NUMPY_DTYPES)
def test_from_numpy_shares_memory(dtype):
    """tvm.nd.from_dlpack(numpy array) is a view: writes on either side show on the other."""
    x = values(dtype, (3, 4))
    a = tvm.nd.from_dlpack(x)
    assert a.dtype == dtype and a.shape == (3, 4) and a.device == tvm.cpu(0)
    np.testing.assert_array_equal(a.numpy(), x)
    x[...] = values(dtype, (3, 4), seed=1)
    np.testing.assert_array_equal(a.numpy(), values(dtype, (3, 4), seed=1))
    a.copyfrom(values(dtype, (3, 4), seed=2))
    np.testing.assert_array_equal(x, values(dtype, (3, 4), seed=2))


@pytest.mark.parametrize("dtype", NUMPY_DTYPES)
def test_to_numpy_shares_memory(dtype):
    """np.from_dlpack(NDArray) is a view: writes through the NDArray show in numpy."""
    a = tvm.nd.array(values(dtype, (2, 5)))
    y = np.from_dlpack(a)
    assert y.dtype == np.dtype(dtype) and y.shape == (2, 5)
    np.testing.assert_array_equal(y, values(dtype, (2, 5)))
    a.copyfrom(values(dtype, (2, 5), seed=3))
    np.testing.assert_array_equal(y, values(dtype, (2, 5), seed=3))


def test_numpy_round_trip_is_the_same_memory():
    """numpy -> NDArray -> numpy gives an array over the original buffer."""
    x = np.arange(12, dtype="float32").reshape(3, 4)
    y = np.from_dlpack(tvm.nd.from_dlpack(x))
    assert np.shares_memory(x, y)
    np.testing.assert_array_equal(y, x)


def test_from_dlpack_accepts_a_capsule():
    """from_dlpack takes a DLPack capsule (to_dlpack) as well as an object with __dlpack__."""
    a = tvm.nd.array(np.arange(4, dtype="int32"))
    b = tvm.nd.from_dlpack(a.to_dlpack())
    a.copyfrom(np.full(4, 9, dtype="int32"))
    np.testing.assert_array_equal(b.numpy(), np.full(4, 9, dtype="int32"))
    assert a.__dlpack_device__() == (1, 0)


@pytest.mark.parametrize("shape", [(), (0,), (3, 0, 2)])
def test_numpy_zero_dim_and_zero_size(shape):
    """0-d and zero-size arrays cross in both directions with their shape."""
    x = np.full(shape, 7.0, dtype="float64")
    a = tvm.nd.from_dlpack(x)
    assert a.shape == shape
    np.testing.assert_array_equal(a.numpy(), x)
    y = np.from_dlpack(tvm.nd.array(x))
    assert y.shape == shape
    np.testing.assert_array_equal(y, x)


def test_numpy_source_may_be_deleted():
    """An NDArray made from a numpy array keeps the memory alive after numpy lets it go."""
    x = values("float64", BIG)
    expected = x.copy()
    a = tvm.nd.from_dlpack(x)
    del x
    gc.collect()
    np.testing.assert_array_equal(a.numpy(), expected)


def test_ndarray_source_may_be_deleted():
    """A numpy view of an NDArray keeps the memory alive after the NDArray is dropped."""
    expected = values("float32", BIG)
    a = tvm.nd.array(expected)
    y = np.from_dlpack(a)
    del a
    gc.collect()
    np.testing.assert_array_equal(y, expected)


def test_unconsumed_capsule_releases_its_reference():
    """A capsule that nobody consumed gives back its reference to the array when dropped."""
    a = tvm.nd.array(np.arange(3, dtype="int8"))
    count = a.handle.use_count()
    capsule = a.to_dlpack()
    assert a.handle.use_count() == count + 1
    del capsule
    gc.collect()
    assert a.handle.use_count() == count


def test_consumed_capsule_cannot_be_reused():
    """A DLPack capsule is consumed by its first from_dlpack; using it again is a TypeError."""
    a = tvm.nd.array(np.arange(3, dtype="float32"))
    capsule = a.to_dlpack()
    tvm.nd.from_dlpack(capsule)
    with pytest.raises(TypeError, match="consumed"):
        tvm.nd.from_dlpack(capsule)


def test_from_dlpack_of_other_objects_is_type_error():
    """from_dlpack of something that is neither a capsule nor has __dlpack__ is a TypeError."""
    with pytest.raises(TypeError):
        tvm.nd.from_dlpack([1, 2, 3])
    with pytest.raises(TypeError):
        tvm.nd.from_dlpack(None)


@pytest.mark.parametrize(
    "make",
    [
        lambda: np.arange(24.0).reshape(4, 6)[:, ::2],
        lambda: np.arange(24.0).reshape(4, 6).T,
        lambda: np.arange(24.0)[::-1],
    ],
    ids=["strided", "transposed", "reversed"],
)
def test_non_contiguous_numpy_is_value_error(make):
    """from_dlpack of a non-contiguous numpy view is a ValueError saying it must be compact."""
    with pytest.raises(ValueError, match="compact"):
        tvm.nd.from_dlpack(make())


def test_read_only_numpy_is_value_error():
    """from_dlpack of a read-only numpy array is a ValueError pointing to tvm.nd.array."""
    x = np.arange(4.0)
    x.flags.writeable = False
    with pytest.raises(ValueError, match=r"tvm\.nd\.array"):
        tvm.nd.from_dlpack(x)


# --------------------------------------------------------------------------------------------
# torch
# --------------------------------------------------------------------------------------------

TORCH_DTYPES = ["float32", "float64", "float16", "int8", "int16", "int32", "int64", "uint8"]


@pytest.fixture
def torch():
    """The torch module; the test is skipped without it."""
    return pytest.importorskip("torch")


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
def test_from_torch_shares_memory(torch, dtype):
    """tvm.nd.from_dlpack(torch tensor) is a view: writes on either side show on the other."""
    t = torch.from_numpy(values(dtype, (4, 3)))
    a = tvm.nd.from_dlpack(t)
    assert a.dtype == dtype and a.shape == (4, 3)
    np.testing.assert_array_equal(a.numpy(), t.numpy())
    t[0, 0] = 1
    assert a.numpy()[0, 0] == 1
    a.copyfrom(values(dtype, (4, 3), seed=5))
    np.testing.assert_array_equal(t.numpy(), values(dtype, (4, 3), seed=5))


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
def test_to_torch_shares_memory(torch, dtype):
    """torch.utils.dlpack.from_dlpack(NDArray) is a view: writes on either side show."""
    import torch.utils.dlpack  # pylint: disable=import-outside-toplevel

    a = tvm.nd.array(values(dtype, (2, 6)))
    t = torch.utils.dlpack.from_dlpack(a.to_dlpack())
    assert tuple(t.shape) == (2, 6)
    np.testing.assert_array_equal(t.numpy(), values(dtype, (2, 6)))
    t.fill_(3)
    np.testing.assert_array_equal(a.numpy(), np.full((2, 6), 3, dtype=dtype))
    a.copyfrom(values(dtype, (2, 6), seed=6))
    np.testing.assert_array_equal(t.numpy(), values(dtype, (2, 6), seed=6))


def test_torch_from_dlpack_protocol(torch):
    """torch.from_dlpack accepts an NDArray directly through __dlpack__."""
    if not hasattr(torch, "from_dlpack"):
        pytest.skip("this torch has no torch.from_dlpack")
    a = tvm.nd.array(np.arange(5, dtype="float32"))
    t = torch.from_dlpack(a)
    t += 1
    np.testing.assert_array_equal(a.numpy(), np.arange(5, dtype="float32") + 1)


def test_torch_bfloat16_bits(torch):
    """bfloat16 crosses to torch with its bits: torch reads the values numpy's truncation of
    float32 gives, and torch's own bfloat16 bits come back unchanged."""
    import torch.utils.dlpack  # pylint: disable=import-outside-toplevel

    f32 = np.array([1.0, -2.5, 3.14159265, 1e-3, 65504.0, -0.0, 1.2345e20], dtype="float32")
    bits = (f32.view("uint32") >> 16).astype("uint16")
    truncated = (f32.view("uint32") & 0xFFFF0000).view("float32")
    a = tvm.nd.array(bits, dtype="bfloat16")
    t = torch.utils.dlpack.from_dlpack(a.to_dlpack())
    assert t.dtype == torch.bfloat16
    np.testing.assert_array_equal(t.float().numpy(), truncated)

    # The other way: torch's rounding of values exactly representable in bfloat16.
    t2 = torch.tensor(truncated.tolist(), dtype=torch.bfloat16)
    b = tvm.nd.from_dlpack(t2)
    assert b.dtype == "bfloat16"
    np.testing.assert_array_equal(b.numpy(), bits)


@pytest.mark.parametrize("shape", [(), (0,), (2, 0)])
def test_torch_zero_dim_and_zero_size(torch, shape):
    """0-d and zero-size tensors cross in both directions with their shape."""
    import torch.utils.dlpack  # pylint: disable=import-outside-toplevel

    t = torch.full(shape, 2.0)
    a = tvm.nd.from_dlpack(t)
    assert a.shape == shape
    np.testing.assert_array_equal(a.numpy(), t.numpy())
    t2 = torch.utils.dlpack.from_dlpack(tvm.nd.array(np.full(shape, 4.0, "float32")).to_dlpack())
    assert tuple(t2.shape) == shape


def test_torch_source_may_be_deleted(torch):
    """An NDArray made from a torch tensor keeps the memory alive after torch drops it."""
    t = torch.from_numpy(values("float64", BIG))
    expected = t.numpy().copy()
    a = tvm.nd.from_dlpack(t)
    del t
    gc.collect()
    np.testing.assert_array_equal(a.numpy(), expected)


def test_ndarray_source_of_torch_may_be_deleted(torch):
    """A torch tensor made from an NDArray keeps the memory alive after the NDArray is dropped."""
    import torch.utils.dlpack  # pylint: disable=import-outside-toplevel

    expected = values("float32", BIG)
    a = tvm.nd.array(expected)
    t = torch.utils.dlpack.from_dlpack(a.to_dlpack())
    del a
    gc.collect()
    np.testing.assert_array_equal(t.numpy(), expected)


def test_capsule_consumed_by_torch_cannot_be_reused(torch):
    """A capsule torch consumed is a TypeError for tvm.nd.from_dlpack."""
    import torch.utils.dlpack  # pylint: disable=import-outside-toplevel

    capsule = tvm.nd.array(np.arange(3, dtype="float32")).to_dlpack()
    torch.utils.dlpack.from_dlpack(capsule)
    with pytest.raises(TypeError, match="consumed"):
        tvm.nd.from_dlpack(capsule)


@pytest.mark.parametrize(
    "make",
    [
        lambda torch: torch.arange(12.0).reshape(3, 4).t(),
        lambda torch: torch.arange(12.0).reshape(3, 4)[:, ::2],
        lambda torch: torch.arange(24.0).reshape(2, 3, 4).permute(2, 0, 1),
    ],
    ids=["transposed", "strided", "permuted"],
)
def test_non_contiguous_torch_is_value_error(torch, make):
    """from_dlpack of a non-contiguous torch tensor is a ValueError saying it must be compact."""
    with pytest.raises(ValueError, match="compact"):
        tvm.nd.from_dlpack(make(torch))
