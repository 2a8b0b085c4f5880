"""Weight initialisation and workload creation for relay.testing networks."""
import numpy as np

import tvm
from tvm import relay


class Initializer:
    """Chooses each parameter's initial values from its name (like MXNet-style initialisers)."""

    def __init__(self, seed=0):
        self.rng = np.random.RandomState(seed)

    def __call__(self, name, shape, dtype):
        if name.endswith("gamma") or name.endswith("moving_var"):
            return np.ones(shape, dtype)
        if name.endswith(("beta", "bias", "moving_mean")):
            return np.zeros(shape, dtype)
        return self.weight(shape, dtype)

    def weight(self, shape, dtype):
        raise NotImplementedError


class Xavier(Initializer):
    """Uniform in ±sqrt(3 * magnitude / fan_avg) (Glorot)."""

    def __init__(self, magnitude=2.0, seed=0):
        super().__init__(seed)
        self.magnitude = magnitude

    def weight(self, shape, dtype):
        if len(shape) < 2:
            return self.rng.uniform(-0.1, 0.1, size=shape).astype(dtype)
        receptive = int(np.prod(shape[2:])) if len(shape) > 2 else 1
        fan_in, fan_out = shape[1] * receptive, shape[0] * receptive
        scale = np.sqrt(3.0 * self.magnitude / ((fan_in + fan_out) / 2.0))
        return self.rng.uniform(-scale, scale, size=shape).astype(dtype)


def create_workload(net, initializer=None, seed=0):
    """(mod, params) for the relay Function `net`: every free parameter but `data` gets
    values from `initializer` (Xavier by default)."""
    mod = tvm.IRModule.from_expr(net)
    mod = relay.transform.InferType()(mod)
    initializer = initializer or Xavier(seed=seed)
    params = {}
    for param in mod["main"].params[1:]:
        ttype = param.checked_type
        shape = tuple(int(d) for d in ttype.shape)
        params[param.name_hint] = tvm.nd.array(initializer(param.name_hint, shape, ttype.dtype))
    return mod, params
