"""The debug executor: evaluates a Relay program expression by expression, compiling each
operator call on its own through the TE compiler (one kernel per op), so any program runs,
whatever its control flow."""
import itertools

import numpy as np

import tvm
import tvm._ffi
from tvm import nd

from .. import expr as _expr
from ..function import Function
from ... import ir
from .te_compiler import lower_primitive


class Closure:
    """A Relay function value: the function and the environment it was created in."""

    def __init__(self, func, env, interp):
        self.func, self.env, self.interp = func, env, interp

    def __call__(self, *args):
        env = dict(self.env)
        if len(args) != len(self.func.params):
            raise TypeError(f"function takes {len(self.func.params)} arguments, got {len(args)}")
        for p, a in zip(self.func.params, args):
            env[p] = a
        return self.interp.eval(self.func.body, env)


class Interpreter:
    """Runs expressions of `mod` on `device`, compiling operators for `target`."""

    _names = itertools.count()

    def __init__(self, mod, device, target, kernels=None):
        self.mod = mod
        self.device = device
        self.target = tvm.target.Target(target) if isinstance(target, str) else target
        self._kernels = {} if kernels is None else kernels

    def eval(self, e, env):
        if isinstance(e, _expr.Var):
            if e not in env:
                raise ValueError(f"unbound variable {e.name_hint}")
            return env[e]
        if isinstance(e, _expr.Constant):
            return e.data
        if isinstance(e, _expr.Tuple):
            return tuple(self.eval(f, env) for f in e.fields)
        if isinstance(e, _expr.TupleGetItem):
            return self.eval(e.tuple_value, env)[e.index]
        if isinstance(e, _expr.Let):
            env = dict(env)
            env[e.var] = self.eval(e.value, env)
            return self.eval(e.body, env)
        if isinstance(e, _expr.If):
            cond = self.eval(e.cond, env)
            branch = e.true_branch if bool(np.asarray(cond.numpy()).item()) else e.false_branch
            return self.eval(branch, env)
        if isinstance(e, Function):
            return Closure(e, env, self)
        if isinstance(e, ir.GlobalVar):
            return Closure(self.mod[e], {}, self)
        if isinstance(e, _expr.Call):
            args = [self.eval(a, env) for a in e.args]
            if isinstance(e.op, ir.Op):
                return self.call_op(e, args)
            callee = self.eval(e.op, env)
            return callee(*args)
        raise TypeError(f"the debug executor cannot evaluate {type(e).__name__}")

    def call_op(self, call, args):
        """Compile (once per distinct call signature) and run one operator call."""
        params = [_expr.var(f"p{i}", a.checked_type) for i, a in enumerate(call.args)]
        body = _expr.Call(call.op, params, call.attrs, call.type_args)
        func = Function(params, body).with_attr("Primitive", 1)
        mod = tvm.IRModule.from_expr(func)
        from .. import transform  # pylint: disable=import-outside-toplevel

        func = transform.InferType()(mod)["main"]
        key = tvm.ir.structural_hash(func)
        entry = None
        for cand_func, cand in self._kernels.get(key, []):
            if tvm.ir.structural_equal(cand_func, func):
                entry = cand
        if entry is None:
            name = f"{call.op.name.replace('.', '_')}_{next(self._names)}"
            cached = lower_primitive(func, self.target, name)
            lib = tvm.build(cached.funcs, target=self.target)
            entry = (lib[str(cached.func_name)], cached)
            self._kernels.setdefault(key, []).append((func, entry))
        kernel, cached = entry
        flat = []
        for a in args:
            flat.extend(a if isinstance(a, tuple) else [a])
        outs = [nd.empty([int(d) for d in t.shape], t.dtype, self.device) for t in cached.outputs]
        kernel(*flat, *outs)
        ret = call.checked_type
        if isinstance(ret, ir.TupleType):
            return tuple(outs)
        return outs[0]


def evaluate(mod, device, target, expr=None, binds=None, kernels=None):
    """A Python callable evaluating `expr` (mod["main"] by default) on NDArray/numpy args.

    kernels: a dict shared between calls caching the compiled operator kernels by structure
    (for one device and target)."""
    from .. import transform  # pylint: disable=import-outside-toplevel

    if expr is None:
        mod = transform.InferType()(mod)
        func = mod["main"]
    else:
        if isinstance(expr, Function):
            mod = tvm.IRModule.from_expr(expr) if mod is None else mod
            mod["main"] = expr
        else:
            mod = tvm.IRModule.from_expr(expr)
        mod = transform.InferType()(mod)
        func = mod["main"]
    interp = Interpreter(mod, device, target, kernels)
    env = dict(binds or {})

    def run(*args, **kwargs):
        values = list(args)
        params = list(func.params)
        for p in params[len(values):]:
            if p.name_hint not in kwargs:
                raise TypeError(f"missing argument {p.name_hint}")
            values.append(kwargs[p.name_hint])
        local = dict(env)
        for p, v in zip(params, values):
            local[p] = _to_value(v, device)
        return interp.eval(func.body, local)

    return run


def _to_value(v, device):
    if isinstance(v, (tuple, list)):
        return tuple(_to_value(x, device) for x in v)
    if isinstance(v, nd.NDArray):
        return v
    return nd.array(np.asarray(v), device)


# FoldConstant evaluates one closed expression per call; the kernels compiled for them are
# kept across calls (a network's folded subexpressions, such as the batch-norm scales of every
# layer, repeat a few operator signatures many times). Bounded: cleared when it grows large.
_CONSTANT_KERNELS = {}
_CONSTANT_KERNELS_MAX = 1024


@tvm._ffi.register_func("relay.backend.EvalConstant")
def _eval_constant(expr):
    """The value of a closed expression (FoldConstant's evaluator): an NDArray or a list."""
    if len(_CONSTANT_KERNELS) > _CONSTANT_KERNELS_MAX:
        _CONSTANT_KERNELS.clear()
    value = evaluate(None, tvm.cpu(0), "llvm", expr=Function([], expr),
                     kernels=_CONSTANT_KERNELS)()

    def to_obj(v):
        return [to_obj(x) for x in v] if isinstance(v, tuple) else v

    return to_obj(value)
