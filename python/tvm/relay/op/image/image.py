"""Image ops."""
from . import _make

__all__ = ["resize2d"]


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
