"""Activations, bias_add and softmax (computes in src/topi/nn/activation.cc, softmax.cc)."""
from . import _ffi_api


def relu(x):
    """max(x, 0)."""
    return _ffi_api.relu(x)


def leaky_relu(x, alpha):
    """x where x > 0, else alpha * x."""
    return _ffi_api.leaky_relu(x, float(alpha))


def prelu(x, slope, axis=1):
    """x where x > 0, else slope[c] * x with c the index along `axis`."""
    return _ffi_api.prelu(x, slope, int(axis))


def bias_add(data, bias, axis=1):
    """data + bias broadcast along `axis`."""
    return _ffi_api.bias_add(data, bias, int(axis))


def softmax(x, axis=-1):
    """exp(x - max) / sum(exp(x - max)) along `axis`."""
    return _ffi_api.softmax(x, int(axis))


def log_softmax(x, axis=-1):
    """x - max - log(sum(exp(x - max))) along `axis`."""
    return _ffi_api.log_softmax(x, int(axis))
