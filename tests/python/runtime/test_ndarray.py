"""NDArray: creation, copies, dtypes, shapes, and the binary save/load format."""
import os
import struct

import numpy as np
import pytest

import tvm

DTYPES = ["float32", "float64", "float16", "int8", "int16", "int32", "int64", "uint8", "bool"]
NDARRAY_MAGIC = 0xDD5E40F096B4A13F
# The binary layout: magic, format version, device type, device id, ndim, dtype code, dtype
# bits, dtype lanes, then ndim int64 dims, the data size in bytes and the data.
HEADER = struct.Struct("<QQiiiBBH")


def sample(dtype, shape, seed=0):
    """Random values of `dtype` spanning its range (floats: normal values scaled by 100)."""
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype.startswith(("int", "uint")):
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    return (rng.standard_normal(shape) * 100).astype(dtype)


def bfloat16_bits(values):
    """bfloat16 bit patterns of float32 values, by truncation (the high half of each word)."""
    return (np.asarray(values, dtype="float32").view("uint32") >> 16).astype("uint16")


def bits_to_float32(bits):
    """The float32 values that bfloat16 bit patterns stand for."""
    return (np.asarray(bits, dtype="uint16").astype("uint32") << 16).view("float32")


# --------------------------------------------------------------------------------------------
# Creation and conversion back to numpy
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_array_round_trips_values(dtype):
    """tvm.nd.array(x).numpy() gives back x exactly, with x's dtype and shape."""
    x = sample(dtype, (3, 4, 5))
    a = tvm.nd.array(x)
    y = a.numpy()
    assert y.dtype == x.dtype
    assert y.shape == x.shape
    np.testing.assert_array_equal(y, x)
    np.testing.assert_array_equal(a.asnumpy(), x)


@pytest.mark.parametrize("dtype", DTYPES)
def test_array_metadata(dtype):
    """shape is a tuple of int, dtype the type name, device the default cpu(0)."""
    a = tvm.nd.array(sample(dtype, (2, 7)))
    assert a.shape == (2, 7)
    assert all(type(d) is int for d in a.shape)
    assert a.dtype == dtype
    assert a.device == tvm.cpu(0)
    assert a.ndim == 2


def test_array_copies_its_input():
    """nd.array copies: later writes to the numpy source do not show in the NDArray."""
    x = np.arange(6, dtype="int32")
    a = tvm.nd.array(x)
    x[:] = -1
    np.testing.assert_array_equal(a.numpy(), np.arange(6, dtype="int32"))


def test_numpy_returns_an_independent_copy():
    """Writing into the result of numpy() leaves the NDArray unchanged."""
    a = tvm.nd.array(np.arange(4, dtype="float32"))
    y = a.numpy()
    y[:] = 100
    np.testing.assert_array_equal(a.numpy(), np.arange(4, dtype="float32"))


def test_array_from_python_lists_and_scalars():
    """Lists and Python scalars convert like numpy.array would convert them."""
    nested = [[1, 2], [3, 4]]
    np.testing.assert_array_equal(tvm.nd.array(nested).numpy(), np.array(nested))
    assert tvm.nd.array([1.5, 2.5]).dtype == np.array([1.5, 2.5]).dtype.name
    a = tvm.nd.array([1, 2, 3], dtype="float16")
    assert a.dtype == "float16"
    np.testing.assert_array_equal(a.numpy(), np.array([1, 2, 3], dtype="float16"))


def test_array_of_an_ndarray_copies_it():
    """nd.array(NDArray) makes a new array with the same values."""
    a = tvm.nd.array(np.arange(5, dtype="int64"))
    b = tvm.nd.array(a)
    assert not b.same_as(a)
    a.copyfrom(np.zeros(5, dtype="int64"))
    np.testing.assert_array_equal(b.numpy(), np.arange(5, dtype="int64"))


@pytest.mark.parametrize("dtype", DTYPES + ["bfloat16"])
def test_empty_has_requested_shape_dtype_device(dtype):
    """nd.empty allocates the requested shape and dtype on cpu(0)."""
    a = tvm.nd.empty((3, 2), dtype)
    assert a.shape == (3, 2)
    assert a.dtype == dtype
    assert a.device == tvm.cpu(0)
    expected_np = "uint16" if dtype == "bfloat16" else dtype
    assert a.numpy().dtype == np.dtype(expected_np)
    assert a.numpy().shape == (3, 2)


def test_empty_accepts_int_shape_and_numpy_dtypes():
    """nd.empty takes an int as a 1-d shape and numpy dtypes or scalar types as dtype."""
    assert tvm.nd.empty(5).shape == (5,)
    assert tvm.nd.empty((2,), np.float32).dtype == "float32"
    assert tvm.nd.empty((2,), np.dtype("int8")).dtype == "int8"
    assert tvm.nd.empty((2,), dtype=np.dtype(bool)).dtype == "bool"


# --------------------------------------------------------------------------------------------
# Copies
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_copyto_ndarray(dtype):
    """copyto(NDArray) fills the target and returns it."""
    x = sample(dtype, (4, 3))
    target = tvm.nd.empty((4, 3), dtype)
    out = tvm.nd.array(x).copyto(target)
    assert out.same_as(target)
    np.testing.assert_array_equal(target.numpy(), x)


@pytest.mark.parametrize("dtype", DTYPES)
def test_copyto_device(dtype):
    """copyto(Device) returns a new array on that device with its own storage."""
    x = sample(dtype, (5,))
    a = tvm.nd.array(x)
    b = a.copyto(tvm.cpu(0))
    assert isinstance(b, tvm.nd.NDArray)
    assert not b.same_as(a)
    assert b.device == tvm.cpu(0) and b.dtype == dtype and b.shape == (5,)
    a.copyfrom(sample(dtype, (5,), seed=1))
    np.testing.assert_array_equal(b.numpy(), x)


@pytest.mark.parametrize("dtype", DTYPES)
def test_copyfrom_numpy(dtype):
    """copyfrom(numpy array) overwrites every element and returns the array itself."""
    a = tvm.nd.empty((2, 3), dtype)
    x = sample(dtype, (2, 3), seed=2)
    assert a.copyfrom(x).same_as(a)
    np.testing.assert_array_equal(a.numpy(), x)


def test_copyfrom_ndarray():
    """copyfrom(NDArray) copies the other array's values."""
    src = tvm.nd.array(np.arange(6, dtype="float64").reshape(2, 3))
    dst = tvm.nd.empty((2, 3), "float64")
    dst.copyfrom(src)
    np.testing.assert_array_equal(dst.numpy(), np.arange(6, dtype="float64").reshape(2, 3))


def test_copyfrom_casts_to_the_array_dtype():
    """copyfrom converts numpy data and Python lists to the NDArray's dtype, as astype does."""
    x = np.linspace(-3, 3, 7)  # float64
    a = tvm.nd.empty((7,), "float32").copyfrom(x)
    np.testing.assert_array_equal(a.numpy(), x.astype("float32"))
    b = tvm.nd.empty((3,), "int16").copyfrom([1, -2, 3])
    np.testing.assert_array_equal(b.numpy(), np.array([1, -2, 3], dtype="int16"))


@pytest.mark.parametrize("dtype", DTYPES)
def test_setitem_whole_array(dtype):
    """arr[:] = numpy array, NDArray, or the array itself assigns every element."""
    a = tvm.nd.empty((3, 3), dtype)
    x = sample(dtype, (3, 3), seed=3)
    a[:] = x
    np.testing.assert_array_equal(a.numpy(), x)
    y = sample(dtype, (3, 3), seed=4)
    a[:] = tvm.nd.array(y)
    np.testing.assert_array_equal(a.numpy(), y)
    a[:] = a
    np.testing.assert_array_equal(a.numpy(), y)


@pytest.mark.parametrize("index", [0, slice(1, None), (slice(None), 0), Ellipsis])
def test_setitem_of_part_is_value_error(index):
    """Only whole-array assignment is supported; anything else is a ValueError."""
    a = tvm.nd.empty((3, 3), "float32")
    with pytest.raises(ValueError, match=r"arr\[:\]"):
        a[index] = 1.0


def test_copyfrom_shape_mismatch_names_both_shapes():
    """copyfrom with a source of another shape is a ValueError that names both shapes."""
    a = tvm.nd.empty((2, 3), "float32")
    with pytest.raises(ValueError) as info:
        a.copyfrom(np.zeros((3, 2), dtype="float32"))
    assert "(3, 2)" in str(info.value) and "(2, 3)" in str(info.value)
    with pytest.raises(ValueError):
        a[:] = np.zeros(6, dtype="float32")


def test_copyto_shape_mismatch_names_both_shapes():
    """copyto into an NDArray of another shape is a ValueError that names both shapes."""
    a = tvm.nd.array(np.zeros((2, 3), dtype="float32"))
    with pytest.raises(ValueError) as info:
        a.copyto(tvm.nd.empty((3, 2), "float32"))
    assert "(2, 3)" in str(info.value) and "(3, 2)" in str(info.value)
    with pytest.raises(ValueError):
        a.copyto(tvm.nd.empty((7,), "float32"))


def test_copyto_bad_target_is_type_error():
    """copyto takes an NDArray or a Device; anything else is a TypeError naming its type."""
    a = tvm.nd.array(np.zeros(2, dtype="float32"))
    with pytest.raises(TypeError, match="str"):
        a.copyto("cpu")
    with pytest.raises(TypeError):
        a.copyto(np.zeros(2, dtype="float32"))


# --------------------------------------------------------------------------------------------
# bfloat16: stored as uint16 bit patterns
# --------------------------------------------------------------------------------------------

BF16_VALUES = np.array(
    [1.0, -2.5, 3.14159265, 1e-3, 65504.0, -0.0, np.inf, -np.inf, 1.2345e20, 7.0e-39],
    dtype="float32",
)


def test_bfloat16_holds_bit_patterns():
    """A bfloat16 array stores the given uint16 bit patterns and returns them from numpy()."""
    bits = bfloat16_bits(BF16_VALUES)
    from_array = tvm.nd.array(bits, dtype="bfloat16")
    from_copy = tvm.nd.empty(bits.shape, "bfloat16").copyfrom(bits)
    for a in (from_array, from_copy):
        assert a.dtype == "bfloat16"
        out = a.numpy()
        assert out.dtype == np.dtype("uint16")
        np.testing.assert_array_equal(out, bits)
        # The patterns decode to float32 values with the low 16 bits cleared.
        truncated = (BF16_VALUES.view("uint32") & 0xFFFF0000).view("float32")
        np.testing.assert_array_equal(bits_to_float32(out), truncated)


def test_bfloat16_storage_is_two_bytes_per_element():
    """A uint16 view of a bfloat16 array's memory shows the same bit patterns."""
    bits = bfloat16_bits(BF16_VALUES)
    a = tvm.nd.array(bits, dtype="bfloat16")
    view = a._create_view(a.shape, "uint16")
    np.testing.assert_array_equal(view.numpy(), bits)
    with pytest.raises(ValueError):
        a._create_view((bits.size + 1,), "uint16")


# --------------------------------------------------------------------------------------------
# 0-d, zero-size and non-contiguous data
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_zero_dim_arrays(dtype):
    """0-d arrays have shape () and hold one value, through array, empty, copyfrom and [:]."""
    x = sample(dtype, ())
    a = tvm.nd.array(x)
    assert a.shape == ()
    assert a.numpy().shape == ()
    np.testing.assert_array_equal(a.numpy(), x)
    b = tvm.nd.empty((), dtype)
    b[:] = x
    np.testing.assert_array_equal(b.numpy(), x)


def test_zero_dim_from_numpy_scalar():
    """A numpy scalar becomes a 0-d array of its dtype."""
    a = tvm.nd.array(np.float32(2.5))
    assert a.shape == () and a.dtype == "float32"
    assert a.numpy() == np.float32(2.5)


@pytest.mark.parametrize("shape", [(0,), (2, 0, 3), (0, 0)])
def test_zero_size_arrays(shape):
    """Arrays with a zero dimension can be created, copied and read back."""
    x = np.zeros(shape, dtype="float32")
    a = tvm.nd.array(x)
    assert a.shape == shape
    assert a.numpy().shape == shape
    b = tvm.nd.empty(shape, "float32")
    b.copyfrom(x)
    a.copyto(b)
    assert a.copyto(tvm.cpu()).shape == shape


NON_CONTIGUOUS_VIEWS = {
    "strided_columns": lambda x: x[:, ::2],
    "transpose": lambda x: x.T,
    "fortran_order": np.asfortranarray,
    "reversed_rows": lambda x: x[::-1],
    "sub_block": lambda x: x[1:3, 1:4],
}


@pytest.mark.parametrize("view", NON_CONTIGUOUS_VIEWS.values(), ids=NON_CONTIGUOUS_VIEWS.keys())
def test_array_from_non_contiguous_numpy(view):
    """Non-contiguous numpy input is copied element by element in logical order."""
    x = view(np.arange(24, dtype="float64").reshape(4, 6))
    a = tvm.nd.array(x)
    assert a.shape == x.shape
    np.testing.assert_array_equal(a.numpy(), np.ascontiguousarray(x))


@pytest.mark.parametrize("view", NON_CONTIGUOUS_VIEWS.values(), ids=NON_CONTIGUOUS_VIEWS.keys())
def test_copyfrom_non_contiguous_numpy(view):
    """copyfrom with a non-contiguous source copies it in logical order."""
    x = view(np.arange(24, dtype="int32").reshape(4, 6))
    a = tvm.nd.empty(x.shape, "int32")
    a.copyfrom(x)
    np.testing.assert_array_equal(a.numpy(), np.ascontiguousarray(x))


def test_big_endian_input_is_converted():
    """Big-endian numpy data is stored as native values."""
    x = np.array([1, 256, -70000], dtype=">i4")
    a = tvm.nd.array(x)
    assert a.dtype == "int32"
    np.testing.assert_array_equal(a.numpy(), np.array([1, 256, -70000], dtype="int32"))


# --------------------------------------------------------------------------------------------
# Unsupported dtypes and shapes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "x, name",
    [
        (np.zeros(3, dtype="complex128"), "complex128"),
        (np.zeros(3, dtype="complex64"), "complex64"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), "datetime64"),
    ],
)
def test_unsupported_numpy_dtypes_are_value_errors(x, name):
    """numpy arrays of complex or date elements are refused by name (text becomes a string
    tensor: test_string_tensor.py)."""
    with pytest.raises(ValueError, match=name):
        tvm.nd.array(x)


def test_object_arrays_must_hold_text():
    with pytest.raises(TypeError, match="expected str or bytes elements, got object"):
        tvm.nd.array(np.array([object(), 1], dtype=object))


@pytest.mark.parametrize("dtype", ["float33", "complex128", "int4", "int128", "tensor", ""])
def test_unsupported_dtype_names_are_value_errors(dtype):
    """nd.empty and nd.array refuse dtype names they cannot store, naming the dtype."""
    with pytest.raises(ValueError) as info:
        tvm.nd.empty((2,), dtype)
    assert f"{dtype}" in str(info.value)
    with pytest.raises(ValueError):
        tvm.nd.array([1.0, 2.0], dtype=dtype)


@pytest.mark.parametrize(
    "shape, dtype",
    [((-1, 2), "float32"), ((2**40, 2**40), "int8"), ((2**31, 2**31), "float64")],
)
def test_impossible_shapes_are_value_errors(shape, dtype):
    """Negative dimensions and sizes that overflow 64 bits are ValueErrors naming the shape."""
    with pytest.raises(ValueError, match=str(shape[0])):
        tvm.nd.empty(shape, dtype)


def test_repr_and_str_show_the_values():
    """repr names the shape and device and shows the values; str shows the values."""
    a = tvm.nd.array(np.array([1.5, -2.0], dtype="float32"))
    assert "shape=(2,)" in repr(a) and "cpu(0)" in repr(a)
    assert "1.5" in repr(a) and "-2." in repr(a)
    assert str(a) == str(np.array([1.5, -2.0], dtype="float32"))


# --------------------------------------------------------------------------------------------
# save / load
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES + ["bfloat16"])
@pytest.mark.parametrize("shape", [(3, 5), (), (0, 4), (1, 1, 1, 7)])
def test_save_load_round_trip(tmp_path, dtype, shape):
    """save then load gives back the same dtype, shape and values."""
    if dtype == "bfloat16":
        x = bfloat16_bits(sample("float32", shape))
        a = tvm.nd.array(x, dtype="bfloat16")
    else:
        x = sample(dtype, shape)
        a = tvm.nd.array(x)
    path = tmp_path / "a.nd"
    tvm.nd.save(path, a)
    b = tvm.nd.load(path)
    assert b.dtype == dtype
    assert b.shape == shape
    np.testing.assert_array_equal(b.numpy(), x)
    np.testing.assert_array_equal(tvm.nd.load(str(path)).numpy(), x)


def write_ndarray_file(path, data, code, bits, lanes=1, **overrides):
    """Write an NDArray file by hand in the documented layout. `overrides` replace the version,
    ndim, shape or nbytes fields, to make corrupt files."""
    assert set(overrides) <= {"version", "ndim", "shape", "nbytes"}, overrides
    shape = overrides.get("shape", data.shape)
    version = overrides.get("version", saved_format_version())
    ndim = overrides.get("ndim", len(shape))
    nbytes = overrides.get("nbytes")
    header = HEADER.pack(NDARRAY_MAGIC, version, 1, 0, ndim, code, bits, lanes)
    raw = data.tobytes()
    body = b"".join(struct.pack("<q", d) for d in shape)
    body += struct.pack("<q", len(raw) if nbytes is None else nbytes) + raw
    path.write_bytes(header + body)
    return path


def saved_format_version():
    """The format version this runtime writes (read from a file it saved)."""
    raw = tvm.get_global_func("runtime.NDArraySaveToBytes")(tvm.nd.array(np.zeros(1, "int8")))
    return HEADER.unpack_from(raw)[1]


def test_files_with_version_zero_load(tmp_path):
    """Version 0 (the reserved field of Apache TVM's identical layout) loads like version 1."""
    x = sample("float32", (3, 4))
    path = write_ndarray_file(tmp_path / "tvm_written.nd", x, 2, 32, version=0)
    np.testing.assert_array_equal(tvm.nd.load(path).numpy(), x)


def test_saved_file_layout(tmp_path):
    """A saved file has the documented header followed by the raw row-major data."""
    x = sample("int16", (2, 3))
    path = tmp_path / "a.nd"
    tvm.nd.save(path, tvm.nd.array(x))
    raw = path.read_bytes()
    magic, _, dev_type, dev_id, ndim, code, bits, lanes = HEADER.unpack_from(raw)
    assert (magic, dev_type, dev_id, ndim, code, bits, lanes) == (NDARRAY_MAGIC, 1, 0, 2, 0, 16, 1)
    offset = HEADER.size
    assert struct.unpack_from("<qq", raw, offset) == (2, 3)
    (nbytes,) = struct.unpack_from("<q", raw, offset + 16)
    assert nbytes == x.nbytes
    assert raw[offset + 24 :] == x.tobytes()


def test_load_hand_written_file(tmp_path):
    """A file written by hand in the documented layout loads with the right values."""
    x = sample("float32", (4, 2))
    b = tvm.nd.load(write_ndarray_file(tmp_path / "h.nd", x, code=2, bits=32))
    assert b.dtype == "float32"
    np.testing.assert_array_equal(b.numpy(), x)


def test_load_missing_file_is_value_error(tmp_path):
    """Loading a file that does not exist is a ValueError naming the file."""
    path = tmp_path / "nothing_here.nd"
    with pytest.raises(ValueError, match="nothing_here.nd"):
        tvm.nd.load(path)


@pytest.fixture
def saved_bytes(tmp_path):
    """The bytes of a saved 3x4 float64 array."""
    path = tmp_path / "full.nd"
    tvm.nd.save(path, tvm.nd.array(sample("float64", (3, 4))))
    return path.read_bytes()


def test_load_truncated_file_is_value_error(tmp_path, saved_bytes):
    """A file cut anywhere (in the magic, header, shape, size or data) is a ValueError that says
    it is truncated and names the file."""
    header_end = HEADER.size + 2 * 8 + 8
    cuts = [0, 1, 7, 8, 12, 16, 20, 24, 29, HEADER.size, HEADER.size + 5, header_end - 1,
            header_end, header_end + 1, len(saved_bytes) // 2, len(saved_bytes) - 1]
    for cut in cuts:
        path = tmp_path / f"cut_{cut}.nd"
        path.write_bytes(saved_bytes[:cut])
        with pytest.raises(ValueError, match="truncated") as info:
            tvm.nd.load(path)
        assert path.name in str(info.value), cut


def test_load_wrong_magic_is_value_error(tmp_path, saved_bytes):
    """A file with another magic number is a ValueError that says it is not an NDArray."""
    path = tmp_path / "magic.nd"
    path.write_bytes(bytes([saved_bytes[0] ^ 0xFF]) + saved_bytes[1:])
    with pytest.raises(ValueError, match="magic") as info:
        tvm.nd.load(path)
    assert "magic.nd" in str(info.value)


@pytest.mark.parametrize("size", [3, 64, 4096])
def test_load_garbage_is_value_error(tmp_path, size):
    """Random bytes are a ValueError naming the file."""
    path = tmp_path / "garbage.nd"
    path.write_bytes(np.random.default_rng(size).integers(0, 256, size, dtype="uint8").tobytes())
    with pytest.raises(ValueError, match="garbage.nd"):
        tvm.nd.load(path)


def test_load_text_file_is_value_error(tmp_path):
    """A text file is a ValueError, not a crash."""
    path = tmp_path / "notes.nd"
    path.write_text("these are not the bytes you are looking for\n" * 10)
    with pytest.raises(ValueError, match="magic"):
        tvm.nd.load(path)


CORRUPT_HEADERS = {
    "unknown_version": dict(version=99),
    "too_many_dims": dict(ndim=1000),
    "negative_ndim": dict(ndim=-1),
    "bad_dtype_code": dict(code=9, bits=32),
    "bad_dtype_bits": dict(code=2, bits=33),
    "zero_lanes": dict(code=2, bits=32, lanes=0),
    "negative_dim": dict(shape=(-2, 4)),
    "size_mismatch": dict(nbytes=12345),
    "size_overflow": dict(shape=(2**31, 2**31), nbytes=0),
    "elements_overflow": dict(shape=(2**40, 2**40, 2**40)),
    "huge_allocation": dict(shape=(2**30, 2**30), nbytes=2**62),
}


@pytest.mark.parametrize("fields", CORRUPT_HEADERS.values(), ids=CORRUPT_HEADERS.keys())
def test_load_corrupt_header_is_value_error(tmp_path, fields):
    """Inconsistent or impossible header fields are a ValueError naming the file."""
    fields = dict(dict(code=2, bits=32), **fields)
    path = write_ndarray_file(tmp_path / "corrupt.nd", np.zeros((2, 4), "float32"), **fields)
    with pytest.raises(ValueError, match="corrupt.nd"):
        tvm.nd.load(path)


def test_save_into_missing_directory_fails_cleanly(tmp_path):
    """Saving into a missing directory is a ValueError naming the path; files that exist stay
    as they were and nothing is left behind."""
    existing = tmp_path / "keep.nd"
    tvm.nd.save(existing, tvm.nd.array(np.arange(3, dtype="int32")))
    before = existing.read_bytes()
    target = tmp_path / "missing_dir" / "a.nd"
    with pytest.raises(ValueError, match="missing_dir"):
        tvm.nd.save(target, tvm.nd.array(np.ones(3, dtype="int32")))
    assert existing.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["keep.nd"]
    np.testing.assert_array_equal(tvm.nd.load(existing).numpy(), np.arange(3, dtype="int32"))


def test_failed_save_leaves_the_target_untouched(tmp_path):
    """A save that cannot replace its target (here a directory) raises and changes nothing."""
    target = tmp_path / "a.nd"
    target.mkdir()
    (target / "inside.txt").write_text("keep me")
    with pytest.raises(ValueError, match="a.nd"):
        tvm.nd.save(target, tvm.nd.array(np.ones(3, dtype="int32")))
    assert (target / "inside.txt").read_text() == "keep me"
    assert sorted(os.listdir(tmp_path)) == ["a.nd"]


def test_save_replaces_an_existing_file(tmp_path):
    """Saving onto an existing file replaces its content."""
    path = tmp_path / "a.nd"
    tvm.nd.save(path, tvm.nd.array(np.zeros(100, dtype="float64")))
    tvm.nd.save(path, tvm.nd.array(np.arange(2, dtype="int8")))
    b = tvm.nd.load(path)
    assert b.dtype == "int8"
    np.testing.assert_array_equal(b.numpy(), np.arange(2, dtype="int8"))
