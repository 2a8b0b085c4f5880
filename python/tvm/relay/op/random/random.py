"""Pseudo-random tensors (relay.random): uniform, normal, their _like forms, and multinomial.

The values are a pure function of a 64-bit key: element i of an output is computed from
(key, i) by the counter-based Philox4x32-10 generator (python/tvm/topi/random.py), so the same
seed gives the same tensor on every target and every run, and there is no generator state to
thread through the program (unlike Apache TVM's relay.random, whose ops take and return a
threefry key). `seed` is that key (taken modulo 2^64); without one, a key is drawn from
numpy's global random state when the op is built (numpy.random.seed makes that reproducible),
so a compiled program gives the same values on every run.
"""
import numpy as np

from ....error import OpAttributeInvalid
from . import _make

__all__ = ["uniform", "normal", "uniform_like", "normal_like", "multinomial", "draw_key"]

_FLOATS = ("float16", "float32", "float64")


def draw_key():
    """A fresh key from numpy's global random state."""
    return int(np.random.randint(0, 2**63, dtype=np.int64)) * 2 + int(np.random.randint(2))


def _key(seed):
    key = draw_key() if seed is None else int(seed) % 2**64
    return key - 2**64 if key >= 2**63 else key  # the attribute is an int64


def _check_dtype(op, dtype, allow_unset=False):
    if dtype is None and allow_unset:
        return ""
    if str(dtype) not in _FLOATS:
        raise OpAttributeInvalid(f"{op}: attribute dtype must be float16, float32 or float64, "
                                 f"got {dtype}")
    return str(dtype)


def _check_range(op, low, high):
    if not high >= low:
        raise OpAttributeInvalid(f"{op}: attribute high ({high}) must not be below low ({low})")


def uniform(shape, dtype="float32", low=0.0, high=1.0, seed=None):
    """A tensor of `shape` with values uniform in [low, high) (all `low` when high == low)."""
    _check_range("random.uniform", low, high)
    return _make.uniform([int(d) for d in shape], _check_dtype("random.uniform", dtype),
                         float(low), float(high), _key(seed))


def normal(shape, dtype="float32", mean=0.0, scale=1.0, seed=None):
    """A tensor of `shape` with values from the normal distribution N(mean, scale^2)."""
    return _make.normal([int(d) for d in shape], _check_dtype("random.normal", dtype),
                        float(mean), float(scale), _key(seed))


def uniform_like(data, dtype=None, low=0.0, high=1.0, seed=None):
    """uniform with the shape of `data` (and its dtype when dtype is None)."""
    _check_range("random.uniform_like", low, high)
    return _make.uniform_like(data, _check_dtype("random.uniform_like", dtype, True),
                              float(low), float(high), _key(seed))


def normal_like(data, dtype=None, mean=0.0, scale=1.0, seed=None):
    """normal with the shape of `data` (and its dtype when dtype is None)."""
    return _make.normal_like(data, _check_dtype("random.normal_like", dtype, True),
                             float(mean), float(scale), _key(seed))


def multinomial(data, sample_size=1, dtype="int32", seed=None, log_probs=True):
    """`sample_size` class indices per row of `data` [batch, classes], drawn independently with
    probabilities proportional to exp(data) (ONNX Multinomial: unnormalized log-probabilities)
    or, with log_probs=False, to the nonnegative weights `data`: [batch, sample_size] of
    `dtype`. Inverse-CDF sampling: with u uniform in [0, 1) and cdf the running sums of the
    weights, the sample is the number of classes c < classes - 1 with cdf[c] <= u * total.
    A composition of ordinary ops (the classes must be a static dimension)."""
    # pylint: disable=import-outside-toplevel
    from ... import op as _op
    from ...expr import const
    from ...frontend.common import infer_type

    if int(sample_size) < 1:
        raise OpAttributeInvalid(f"random.multinomial: attribute sample_size must be at least "
                                 f"1, got {sample_size}")
    if str(dtype) not in ("int32", "int64"):
        raise OpAttributeInvalid(f"random.multinomial: attribute dtype must be int32 or int64, "
                                 f"got {dtype}")
    ty = infer_type(data)
    if len(ty.shape) != 2:
        raise OpAttributeInvalid(f"random.multinomial: data must be [batch, classes], got "
                                 f"{ty}")
    classes = int(ty.shape[1])
    ftype = "float64" if str(ty.dtype) == "float64" else "float32"
    x = data if str(ty.dtype) == ftype else _op.cast(data, ftype)
    weights = _op.exp(_op.subtract(x, _op.max(x, axis=[1], keepdims=True))) if log_probs else x
    # A [batch, sample_size] tensor to give the uniforms their shape.
    like = _op.repeat(_op.strided_slice(x, [0], [1], axes=[1]), int(sample_size), 1)
    u = uniform_like(like, ftype, seed=seed)
    if classes == 1:
        return _op.cast(_op.zeros_like(u), dtype)
    target = _op.multiply(u, _op.sum(weights, axis=[1], keepdims=True))
    # cdf[b, c] = sum_{k <= c} weights[b, k] for c < classes - 1, a sum over a triangle.
    tri = (np.arange(classes)[None, :] <= np.arange(classes - 1)[:, None]).astype(ftype)
    cdf = _op.sum(_op.multiply(_op.expand_dims(weights, 1), const(tri)), axis=[2])
    below = _op.less_equal(_op.expand_dims(cdf, 1), _op.expand_dims(target, 2))
    return _op.sum(_op.cast(below, dtype), axis=[2])
