"""Normalizations (computes in src/topi/nn/normalization.cc)."""
from . import _ffi_api
from .utils import as_list


def layer_norm(data, gamma, beta, axis, epsilon=1e-5):
    """(x - mean) / sqrt(var + epsilon) * gamma + beta over `axis` (an int or a list)."""
    return _ffi_api.layer_norm(data, gamma, beta, as_list(axis), float(epsilon))


def group_norm(data, gamma, beta, num_groups, channel_axis, axes, epsilon=1e-5):
    """Normalize over the channels of each group and over `axes`; gamma / beta are [C]."""
    return _ffi_api.group_norm(data, gamma, beta, int(num_groups), int(channel_axis),
                               as_list(axes), float(epsilon))


def batch_norm(data, gamma, beta, moving_mean, moving_var, axis=None, epsilon=None, center=None,
               scale=None, training=None, momentum=None):
    """Inference-form batch norm along `axis` (default 1). Returns [out, moving_mean,
    moving_var] like TVM; training=True is not supported."""
    del momentum
    if training:
        raise ValueError("batch_norm: training=True is not supported (inference form only)")
    return list(_ffi_api.batch_norm(data, gamma, beta, moving_mean, moving_var,
                                    1 if axis is None else int(axis),
                                    1e-5 if epsilon is None else float(epsilon),
                                    True if center is None else bool(center),
                                    True if scale is None else bool(scale)))


def lrn(data, size, axis=1, alpha=0.0001, beta=0.75, bias=2):
    """Local response normalization: x / (bias + alpha / size * sum_window(x^2)) ^ beta."""
    return _ffi_api.lrn(data, int(size), int(axis), float(alpha), float(beta), float(bias))
