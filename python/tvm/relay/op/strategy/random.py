"""Strategies of the random-number ops: the Philox computes of topi.random, scheduled as
injective kernels (any element can be computed by any thread)."""
from tvm import topi

from .generic import register_injective


def _shape(inputs, out_type):
    """The output shape: a _like op's input's (dimensions known only at run time are
    variables there), else the static shape of the type."""
    return list(inputs[0].shape) if inputs else [int(d) for d in out_type.shape]


def _register():
    for name in ("random.uniform", "random.uniform_like"):
        register_injective(name, lambda a, i, t: topi.random.uniform(
            _shape(i, t), str(t.dtype), float(a.low), float(a.high), int(a.key) % 2**64))
    for name in ("random.normal", "random.normal_like"):
        register_injective(name, lambda a, i, t: topi.random.normal(
            _shape(i, t), str(t.dtype), float(a.mean), float(a.scale), int(a.key) % 2**64))


_register()
