"""Image decoding (relay.image.decode, ONNX ImageDecoder; codecs in libtvm_runtime_image.so)
against Pillow, which the ONNX reference implementation uses, on random images in every
format, through ONNX models on the VM, and the errors for bad data and bad attributes."""
import io
import json

import numpy as np
import pytest

import tvm
import tvm.runtime.vm
from tvm import relay

PIL = pytest.importorskip("PIL.Image")
onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper  # noqa: E402

_decode = tvm.get_global_func("tvm.contrib.image.decode")


def _ours(data, fmt="RGB"):
    return _decode(json.dumps({"pixel_format": fmt}),
                   tvm.nd.array(np.frombuffer(data, dtype="uint8"))).numpy()


def _encode(img, fmt, **kwargs):
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def _pillow(data, fmt="RGB"):
    img = PIL.open(io.BytesIO(data))
    if fmt == "Grayscale":
        return np.asarray(img.convert("L"))[:, :, None]
    rgb = np.asarray(img.convert("RGB"))
    return rgb[:, :, ::-1] if fmt == "BGR" else rgb


def _random_rgb(h, w, seed):
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype="uint8")


LOSSLESS = [("BMP", {}), ("PNG", {}), ("PPM", {}), ("TIFF", {}), ("WEBP", {"lossless": True})]


@pytest.mark.parametrize("fmt,options", LOSSLESS + [("JPEG", {"quality": 90}),
                                                    ("JPEG2000", {})])
@pytest.mark.parametrize("size", [(1, 1), (7, 13), (32, 24)])
@pytest.mark.parametrize("pixel_format", ["RGB", "BGR", "Grayscale"])
def test_formats_match_pillow(fmt, options, size, pixel_format):
    pixels = _random_rgb(*size, seed=size[0] * 31 + size[1])
    data = _encode(PIL.fromarray(pixels), fmt, **options)
    got = _ours(data, pixel_format)
    np.testing.assert_array_equal(got, _pillow(data, pixel_format))
    if (fmt, options) in LOSSLESS and pixel_format == "RGB":
        np.testing.assert_array_equal(got, pixels)


@pytest.mark.parametrize("mode,fmt", [("RGBA", "PNG"), ("P", "PNG"), ("L", "PNG"), ("LA", "PNG"),
                                      ("L", "PPM"), ("L", "JPEG"), ("P", "BMP"), ("RGBA", "TIFF"),
                                      ("RGBA", "WEBP")])
def test_alpha_palette_and_gray_sources(mode, fmt):
    """Alpha is dropped, palettes expanded and gray replicated, as Pillow's convert("RGB")."""
    img = PIL.fromarray(_random_rgb(9, 11, seed=5)).convert(mode)
    options = {"lossless": True} if fmt == "WEBP" else {}
    data = _encode(img, fmt, **options)
    for pixel_format in ("RGB", "Grayscale"):
        np.testing.assert_array_equal(_ours(data, pixel_format), _pillow(data, pixel_format))


def test_ascii_pnm_and_16_bit_png():
    text = b"P3\n# a comment\n2 1\n255\n255 0 0  0 128 255\n"
    np.testing.assert_array_equal(_ours(text), [[[255, 0, 0], [0, 128, 255]]])
    gray = PIL.fromarray(np.array([[0, 65535], [256, 4660]], dtype="uint16"))
    data = _encode(gray, "PNG")
    np.testing.assert_array_equal(_ours(data, "Grayscale")[:, :, 0],
                                  np.array([[0, 65535], [256, 4660]]) >> 8)


def _decoder_model(fmt="RGB"):
    node = helper.make_node("ImageDecoder", ["bytes"], ["pixels"], pixel_format=fmt, name="dec")
    graph = helper.make_graph([node], "g",
                              [helper.make_tensor_value_info("bytes", TensorProto.UINT8, ["n"])],
                              [helper.make_tensor_value_info("pixels", TensorProto.UINT8, None)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])


def test_onnx_model_on_the_vm_decodes_any_size():
    mod, params = relay.frontend.from_onnx(_decoder_model("BGR"))
    ret = relay.transform.InferType()(mod)["main"].checked_type.ret_type
    assert str(ret) == "Tensor[(?, ?, 3), uint8]"
    vm = tvm.runtime.vm.VirtualMachine(relay.vm.compile(mod, "llvm", params=params), tvm.cpu())
    for size, fmt in (((5, 8), "PNG"), ((17, 3), "JPEG"), ((2, 2), "BMP")):
        data = _encode(PIL.fromarray(_random_rgb(*size, seed=1)), fmt)
        got = vm.run(np.frombuffer(data, dtype="uint8")).numpy()
        np.testing.assert_array_equal(got, _pillow(data, "BGR"))


def test_bad_files_are_value_errors():
    png = _encode(PIL.fromarray(_random_rgb(8, 8, seed=2)), "PNG")
    cases = [(b"", "no data"), (b"\x00\x01garbage", "expected a BMP, JPEG, .* found bytes 00 01 67"),
             (png[: len(png) // 2], "PNG: .*"), (png[:40], "PNG: .*")]
    for fmt in ("JPEG", "BMP", "TIFF", "WEBP", "JPEG2000", "PPM"):
        data = _encode(PIL.fromarray(_random_rgb(16, 16, seed=3)), fmt)
        cases.append((data[: len(data) // 2], ""))
        cases.append((data[:20], ""))
    for data, pattern in cases:
        with pytest.raises(ValueError, match="image.decode: " + pattern):
            _ours(data)
    corrupt = bytearray(_encode(PIL.fromarray(_random_rgb(16, 16, seed=4)), "BMP"))
    corrupt[28] = 7  # bits per pixel
    with pytest.raises(ValueError, match="BMP: 7 bits per pixel"):
        _ours(bytes(corrupt))


def test_bad_arguments():
    data = _encode(PIL.fromarray(_random_rgb(4, 4, seed=6)), "PNG")
    with pytest.raises(ValueError, match="pixel_format must be RGB, BGR or Grayscale, got RGBA"):
        _ours(data, "RGBA")
    with pytest.raises(TypeError, match="1-D uint8 tensor, got float32 of shape \\(2, 2\\)"):
        _decode('{"pixel_format": "RGB"}', tvm.nd.array(np.zeros((2, 2), "float32")))
    x = relay.var("x", shape=(10,), dtype="int8")
    with pytest.raises(tvm.error.DiagnosticError, match="must be a 1-D uint8 tensor"):
        relay.transform.InferType()(tvm.IRModule.from_expr(relay.image.decode(x)))
    with pytest.raises(tvm.error.OpAttributeInvalid, match="ImageDecoder node 'dec'.*pixel_format"):
        relay.frontend.from_onnx(_decoder_model("CMYK"))


def test_graph_executor_points_to_the_vm():
    x = relay.var("x", shape=(100,), dtype="uint8")
    with pytest.raises(ValueError, match="relay.vm.compile"):
        relay.build(tvm.IRModule.from_expr(relay.Function([x], relay.image.decode(x))), "llvm")
