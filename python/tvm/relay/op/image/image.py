"""Image ops."""
from . import _make

__all__ = ["resize2d", "decode"]


def resize2d(data, size, roi=None, layout="NCHW", method="linear",
             coordinate_transformation_mode="half_pixel", rounding_method="", cubic_alpha=-0.5,
             cubic_exclude=0, extrapolation_value=0.0, out_dtype=None):
    """The spatial axes of `data` resized to `size` (height, width)."""
    if roi is not None and any(float(r) != 0.0 for r in roi):
        raise NotImplementedError("image.resize2d: roi (tf_crop_and_resize) is not supported yet")
    size = [int(size), int(size)] if isinstance(size, int) else [int(s) for s in size]
    return _make.resize2d(data, size, layout, method, coordinate_transformation_mode,
                          rounding_method, float(cubic_alpha), int(cubic_exclude),
                          float(extrapolation_value), str(out_dtype or ""))


def decode(data, pixel_format="RGB"):
    """The pixels of an encoded image: data is the file's bytes (1-D uint8); the result is
    uint8 [H, W, 3] in RGB or BGR order, or [H, W, 1] for "Grayscale" (ITU-R 601-2 luma, as
    Pillow's convert("L")). BMP, JPEG, JPEG 2000, PNG, PNM, TIFF and WebP files are read (the
    codecs are in libtvm_runtime_image.so); runs as a host kernel on the Relay VM."""
    return _make.decode(data, str(pixel_format))
