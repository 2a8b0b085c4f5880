"""String tensors: NDArrays of dtype "string" (tvm/runtime/string_tensor.h), their numpy
round trip, copies, views, the binary format, and the errors for what they cannot do."""
import numpy as np
import pytest

import tvm
from tvm import relay

TEXT = np.array([["", "a"], ["héllo wörld", "的中\n\t"], ["x" * 1000, "\x00inner nul"]], dtype=object)


@pytest.mark.parametrize("src", [TEXT, TEXT.astype(str), np.array("scalar"), np.empty((0, 3), object),
                                 np.array([b"bytes", "text"], dtype=object)])
def test_numpy_round_trip(src):
    arr = tvm.nd.array(src)
    assert arr.dtype == "string" and arr.shape == src.shape and arr.device == tvm.cpu(0)
    expected = np.vectorize(lambda v: v.decode() if isinstance(v, bytes) else v, otypes=[object])(src) \
        if src.size else src
    got = arr.numpy()
    assert got.dtype == object and got.shape == src.shape
    assert got.tolist() == np.asarray(expected, dtype=object).tolist()


def test_copies_are_deep_and_views_share():
    a = tvm.nd.array(TEXT)
    b = tvm.nd.empty(TEXT.shape, "string")
    assert b.numpy().tolist() == [[""] * 2] * 3  # empty strings, not garbage
    a.copyto(b)
    a.copyfrom(np.full(TEXT.shape, "changed", dtype=object))
    assert b.numpy().tolist() == TEXT.tolist()
    view = b._create_view((6,))
    assert view.numpy().tolist() == TEXT.ravel().tolist()
    del b  # the view keeps the strings alive
    assert view.numpy()[2] == "héllo wörld"


def test_save_load_and_param_dict(tmp_path):
    a = tvm.nd.array(TEXT)
    tvm.nd.save(tmp_path / "s.nd", a)
    assert tvm.nd.load(tmp_path / "s.nd").numpy().tolist() == TEXT.tolist()
    blob = relay.save_param_dict({"s": a, "f": tvm.nd.array(np.arange(3, dtype="float32"))})
    back = relay.load_param_dict(blob)
    assert back["s"].numpy().tolist() == TEXT.tolist()
    np.testing.assert_array_equal(back["f"].numpy(), np.arange(3, dtype="float32"))


def test_corrupt_bytes_are_errors(tmp_path):
    tvm.nd.save(tmp_path / "s.nd", tvm.nd.array(np.array(["abc", "defgh"], dtype=object)))
    data = (tmp_path / "s.nd").read_bytes()
    for cut in (len(data) - 1, len(data) - 6, len(data) - 14):
        (tmp_path / "t.nd").write_bytes(data[:cut])
        with pytest.raises(ValueError, match="NDArray load"):
            tvm.nd.load(tmp_path / "t.nd")
    # The second string's length field (before its 5 bytes) larger than what remains.
    bad = bytearray(data)
    bad[-13:-5] = (10**6).to_bytes(8, "little")
    (tmp_path / "u.nd").write_bytes(bytes(bad))
    with pytest.raises(ValueError, match="claims"):
        tvm.nd.load(tmp_path / "u.nd")


def test_what_string_tensors_cannot_do():
    a = tvm.nd.array(np.array(["a", "b"], dtype=object))
    with pytest.raises(TypeError, match="DLPack"):
        a.to_dlpack()
    with pytest.raises(TypeError, match="cannot be viewed as float32"):
        a._create_view((2,), "float32")
    with pytest.raises(TypeError, match="cannot be viewed as string"):
        tvm.nd.array(np.zeros(2, "int64"))._create_view((2,), "string")
    with pytest.raises(ValueError, match="live on the cpu"):
        tvm.nd.empty((2,), "string", tvm.opencl(0))
    with pytest.raises(TypeError, match="must be a string tensor"):
        a.copyto(tvm.nd.empty((2,), "int64"))
    with pytest.raises(ValueError, match="not UTF-8"):
        tvm.nd.array(np.array([b"\xff\xfe"], dtype=object))
    with pytest.raises(TypeError, match="expected str or bytes"):
        tvm.nd.array(np.array(["a", 3], dtype=object))
    with pytest.raises(ValueError, match="does not match"):
        a.copyfrom(np.array(["a", "b", "c"], dtype=object))
