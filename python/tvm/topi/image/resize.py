"""2-D resize."""
from . import _ffi_api


def resize2d(data, roi, size, layout="NCHW", method="linear",
             coordinate_transformation_mode="half_pixel", rounding_method="",
             bicubic_alpha=-0.5, bicubic_exclude=0, extrapolation_value=0.0, out_dtype=None,
             output_shape=None):
    """Resize the H and W axes of `layout` (NCHW / NHWC) to `size`.

    method: "nearest_neighbor" or "linear" ("cubic" is not supported);
    coordinate_transformation_mode: "half_pixel", "align_corners", "asymmetric",
    "pytorch_half_pixel" or "tf_half_pixel_for_nn" ("tf_crop_and_resize", which uses `roi`,
    is not supported); rounding_method (nearest only): "round", "floor", "ceil",
    "round_prefer_floor", "round_prefer_ceil", or "" for round with align_corners and floor
    otherwise.
    """
    del roi, bicubic_alpha, bicubic_exclude, extrapolation_value, output_shape
    if method == "cubic":
        raise ValueError("resize2d: method 'cubic' is not supported; use 'linear' or "
                         "'nearest_neighbor'")
    return _ffi_api.resize2d(data, list(size), layout, method, coordinate_transformation_mode,
                             rounding_method, out_dtype or data.dtype)
