"""relay.vm: compile a Relay module for the virtual machine (tvm.runtime.vm), which runs
models whose shapes are known only at run time: inputs with `relay.Any()` dimensions and
operators whose output shapes depend on values (argwhere, unique, non-maximum suppression),
as well as control flow (if) and calls of global functions."""
import json

import tvm
from tvm.runtime import vm as _vm

from . import build_module
from .backend.vm import VMCompiler


def _target(target, target_host=None):  # pylint: disable=unused-argument
    if target is None:
        target = "llvm"
    if isinstance(target, dict):
        if len(target) != 1:
            raise ValueError("relay.vm.compile: one target at a time (heterogeneous execution "
                             "is not supported)")
        target = list(target.values())[0]
    return target if isinstance(target, tvm.target.Target) else tvm.target.Target(target)


def optimize(mod, target=None, params=None):
    """The module after the relay.build graph passes and fusion, as the VM compiles it."""
    return build_module.optimize(_module(mod), _target(target), params)


def _module(mod):
    from .function import Function  # pylint: disable=import-outside-toplevel

    if isinstance(mod, Function):
        mod = tvm.IRModule.from_expr(mod)
    if not isinstance(mod, tvm.IRModule):
        raise TypeError(f"relay.vm.compile: expected an IRModule, got {type(mod).__name__}")
    return tvm.IRModule(dict(mod.functions.items()))


def compile(mod, target=None, target_host=None, params=None):  # pylint: disable=redefined-builtin
    """A tvm.runtime.vm.Executable of `mod` (every global function; "main" is the entry) for
    `target`. params: {name: array} bound to main's parameters of those names."""
    target = _target(target, target_host)
    mod, _ = build_module.optimize(_module(mod), target, params)
    program, constants, lib = VMCompiler(mod, target).compile()
    consts = {f"c{k}": c for k, c in enumerate(constants)}
    exe = tvm._ffi.get_global_func("runtime.vm.Executable")(json.dumps(program), consts, lib)
    return _vm.Executable(exe)


class VMExecutor:
    """relay.create_executor("vm"): compiles once, runs main on each call."""

    def __init__(self, mod, device, target):
        self.mod, self.device, self.target = mod, device, target
        self._vm = None

    def evaluate(self):
        if self._vm is None:
            self._vm = _vm.VirtualMachine(compile(self.mod, self.target), self.device)
        return self._vm.run


__all__ = ["compile", "optimize", "VMExecutor"]
