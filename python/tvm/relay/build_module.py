"""relay.create_executor (relay.build comes with the graph pipeline)."""
import tvm

from .backend import interpreter


def bind_params_by_name(func, params):
    """func with the parameters named in `params` replaced by those constants (and removed
    from its parameter list); ValueError when two parameters share a bound name."""
    from . import expr as _expr  # pylint: disable=import-outside-toplevel
    from .function import Function  # pylint: disable=import-outside-toplevel

    names = [p.name_hint for p in func.params]
    binds = {}
    for name, value in params.items():
        if names.count(name) > 1:
            raise ValueError(f"bind_params_by_name: several parameters are named {name!r}")
        if name in names:
            binds[func.params[names.index(name)]] = _expr.const(value)
    if not binds:
        return func
    body = _expr.bind(func.body, binds)
    kept = [p for p in func.params if p not in binds]
    return Function(kept, body, func.ret_type, func.type_params, func.attrs)


class Executor:
    """An executor of `kind` over `mod` on `device`, compiling for `target`."""

    def __init__(self, kind, mod, device, target):
        self.kind, self.mod, self.device, self.target = kind, mod, device, target

    def evaluate(self, expr=None, binds=None):
        """A Python function running expr (mod["main"] when None) on numpy/NDArray inputs."""
        return interpreter.evaluate(self.mod, self.device, self.target, expr, binds)


def create_executor(kind="debug", mod=None, device=None, target="llvm", params=None):
    """An executor of `kind` ("debug": one compiled kernel per operator, any program).

    params: {name: array} bound to main's parameters of those names."""
    if kind not in ("debug", "graph"):
        raise ValueError(f"create_executor: kind must be 'debug' or 'graph', got {kind!r}")
    if mod is None:
        mod = tvm.IRModule()
    device = device or tvm.cpu(0)
    if params:
        mod["main"] = bind_params_by_name(mod["main"], params)
    return Executor(kind, mod, device, target)
