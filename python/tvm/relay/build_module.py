"""relay.build and relay.create_executor."""
import tvm
from tvm import transform as _transform

from .backend import interpreter
from .backend.executor_factory import GraphExecutorFactoryModule


def _pass(name, *args):
    return tvm._ffi.get_global_func("relay._transform." + name)(*args)


def optimize(mod, target=None, params=None):
    """The graph-level pipeline of relay.build: (mod, params) after the passes."""
    if params:
        mod = tvm.IRModule(dict(mod.functions.items()))
        mod["main"] = bind_params_by_name(mod["main"], params)
    # Each pass runs when its opt_level is at most the PassContext's (FoldConstant 2;
    # EliminateCommonSubexpr, FoldScaleAxis, CanonicalizeOps, AlterOpLayout 3; the Combine
    # passes 4, so off by default); the rest always run. ConvertLayout is never run here: the
    # user applies it before relay.build.
    passes = [
        _pass("InferType"),
        _pass("SimplifyInference"),
        _pass("InferType"),
        _pass("EliminateCommonSubexpr", None),
        _pass("InferType"),
        _pass("FoldConstant"),
        _pass("InferType"),
        # The batch_norm scales (constants now) move into the convolution weights.
        _pass("FoldScaleAxis"),
        _pass("InferType"),
        # After the scales are folded, so that the per-channel shifts and the activations
        # following sibling convolutions are constants and identical ops, and come along.
        _pass("CombineParallelConv2D", 3),
        _pass("InferType"),
        _pass("CombineParallelDense", 3, True),
        _pass("InferType"),
    ]
    if _transform.PassContext.current().opt_level >= 4:
        # The joined weights and biases of the Combine passes are concatenations of constants.
        passes += [_pass("FoldConstant"), _pass("InferType")]
    # bias_add -> add of a (C, 1, 1) constant, before AlterOpLayout blocks it.
    passes += [_pass("CanonicalizeOps"), _pass("InferType")]
    if target is not None and "cpu" in [str(k) for k in target.keys]:
        # Blocked NCHW[x]c convolutions; the weight transforms then fold at compile time.
        from .transform import AlterOpLayout  # pylint: disable=import-outside-toplevel

        passes += [AlterOpLayout(), _pass("InferType"), _pass("FoldConstant"),
                   _pass("InferType")]
    passes += [_pass("FuseOps", -1), _pass("InferType")]
    seq = _transform.Sequential(passes, opt_level=0, name="relay.build")
    return seq(mod), params or {}


def build(ir_mod, target=None, target_host=None, executor=None, runtime=None,
          workspace_memory_pools=None, constant_memory_pools=None, params=None,
          mod_name="default"):
    """Compile a Relay module for the graph executor.

    Returns a GraphExecutorFactoryModule: lib["default"](dev), lib.get_graph_json(),
    lib.get_lib(), lib.get_params(), lib.export_library(path).
    """
    from .function import Function  # pylint: disable=import-outside-toplevel

    if isinstance(ir_mod, Function):
        ir_mod = tvm.IRModule.from_expr(ir_mod)
    if not isinstance(ir_mod, tvm.IRModule):
        raise TypeError(f"relay.build: expected an IRModule, got {type(ir_mod).__name__}")
    target = tvm.target.Target(target if target is not None else "llvm") \
        if not isinstance(target, tvm.target.Target) else target
    mod = tvm.IRModule(dict(ir_mod.functions.items())) if hasattr(ir_mod, "functions") else ir_mod
    mod, _ = optimize(mod, target, params)
    out = tvm._ffi.get_global_func("relay.build_module._GraphCodegen")(mod, target)
    lowered = out["lowered"]
    lib = tvm.build(lowered, target=target) if len(lowered.functions) else \
        tvm.build(tvm.IRModule(), target=target)
    return GraphExecutorFactoryModule(str(out["graph_json"]), lib, dict(out["params"].items()),
                                      mod_name, int(out["storage_bytes"]))


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
    return Function(kept, body, None, None, func.attrs)


class Executor:
    """An executor of `kind` over `mod` on `device`, compiling for `target`."""

    def __init__(self, kind, mod, device, target):
        self.kind, self.mod, self.device, self.target = kind, mod, device, target

    def evaluate(self, expr=None, binds=None):
        """A Python function running expr (mod["main"] when None) on numpy/NDArray inputs."""
        if self.kind == "debug" or expr is not None or binds:
            return interpreter.evaluate(self.mod, self.device, self.target, expr, binds)
        if self.kind == "vm":
            from .vm import VMExecutor  # pylint: disable=import-outside-toplevel

            return VMExecutor(self.mod, self.device, self.target).evaluate()
        return self._graph_function()

    def _graph_function(self):
        """relay.build the module once, then run it on the graph executor per call."""
        from tvm.contrib import graph_executor  # pylint: disable=import-outside-toplevel
        from . import transform  # pylint: disable=import-outside-toplevel
        from .ty import TupleType  # pylint: disable=import-outside-toplevel

        mod = transform.InferType()(self.mod)
        main = mod["main"]
        names = [p.name_hint for p in main.params]
        is_tuple = isinstance(main.checked_type.ret_type, TupleType)
        lib = build(mod, target=self.target)
        gmod = graph_executor.GraphModule(lib["default"](self.device))

        def run(*args, **kwargs):
            if len(args) > len(names):
                raise TypeError(f"main takes {len(names)} arguments, got {len(args)}")
            for name, value in zip(names, args):
                gmod.set_input(name, value)
            for name, value in kwargs.items():
                gmod.set_input(name, value)
            gmod.run()
            outs = [gmod.get_output(i).copyto(tvm.cpu(0)) for i in range(gmod.get_num_outputs())]
            return tuple(outs) if is_tuple else outs[0]

        return run


def create_executor(kind="debug", mod=None, device=None, target="llvm", params=None):
    """An executor of `kind`: "debug" (one compiled kernel per operator, any program),
    "graph" (relay.build + the graph executor; dataflow programs of static shapes) or "vm"
    (relay.vm.compile + the virtual machine; shapes known at run time, if, global calls).

    params: {name: array} bound to main's parameters of those names."""
    if kind not in ("debug", "graph", "vm"):
        raise ValueError(f"create_executor: kind must be 'debug', 'graph' or 'vm', got {kind!r}")
    if mod is None:
        mod = tvm.IRModule()
    device = device or tvm.cpu(0)
    if params:
        # A new module: the caller's keeps its parameters unbound.
        mod = tvm.IRModule(dict(mod.functions.items()))
        mod["main"] = bind_params_by_name(mod["main"], params)
    return Executor(kind, mod, device, target)
