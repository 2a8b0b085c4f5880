"""Constant padding (compute in src/topi/nn/pad.cc)."""
from . import _ffi_api


def pad(data, pad_before, pad_after=None, pad_value=0.0, name="PadInput", attrs=None):
    """`data` padded with `pad_value`: pad_before[i] / pad_after[i] elements on axis i
    (pad_after defaults to pad_before; missing trailing axes are not padded)."""
    del attrs
    pad_after = pad_before if pad_after is None else pad_after
    from ... import tir  # pylint: disable=import-outside-toplevel

    value = pad_value if isinstance(pad_value, tir.PrimExpr) else tir.const(pad_value, data.dtype)
    return _ffi_api.pad(data, list(pad_before), list(pad_after), value, name)
