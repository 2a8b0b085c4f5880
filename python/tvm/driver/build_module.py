"""tvm.build: TIR (or a TE schedule, once lowering lands) to a runtime Module."""
from .. import ir
from ..runtime import Module
from ..target import Target
from .._ffi.registry import get_global_func


def _to_irmodule(inputs, args, name, binds=None):
    from .. import tir  # pylint: disable=import-outside-toplevel

    if isinstance(inputs, tir.PrimFunc):
        func = inputs
        symbol = None
        if func.attrs is not None:
            try:
                symbol = str(func.attrs["global_symbol"])
            except (KeyError, IndexError, AttributeError, TypeError, ValueError):
                symbol = None
        if symbol is None:
            symbol = name
            func = func.with_attr("global_symbol", name)
        return ir.IRModule({symbol: func})
    if isinstance(inputs, ir.IRModule):
        return inputs
    if type(inputs).__name__ == "Schedule":
        # Hook for the TE flow: te.create_schedule -> tvm.lower -> IRModule of PrimFuncs.
        if get_global_func("driver.lower_schedule", allow_missing=True) is None:
            raise NotImplementedError(
                "tvm.build of a te.Schedule needs schedule lowering (the global "
                "'driver.lower_schedule' behind tvm.lower), which is not in this build: build a "
                "tir.PrimFunc or an IRModule instead")
        from ..lowering import lower  # pylint: disable=import-outside-toplevel

        return lower(inputs, args, name=name, binds=binds)
    raise TypeError(
        f"tvm.build: expected a tir.PrimFunc, an IRModule or a te.Schedule, got "
        f"{type(inputs).__name__}")


def build(inputs, args=None, target=None, target_host=None, runtime=None,
          name="default_function", binds=None):
    """Compile `inputs` (a tir.PrimFunc, an IRModule of PrimFuncs, or a te.Schedule with
    `args`) for `target` (default: the current target, else "llvm") and return the runtime
    Module; ``mod[name](*arrays)`` runs it.

    Each target kind has its generator, the global ``target.build.<kind>``: "llvm" (JIT-linked
    object code) or "c" (C source, compiled with the system C compiler on first use).
    """
    if target is None:
        target = Target.current() or "llvm"
    if isinstance(target, dict):
        if len(target) != 1:
            raise NotImplementedError("tvm.build: heterogeneous targets are not supported yet")
        target = list(target.values())[0]
    target = target if isinstance(target, Target) else Target(str(target))
    with target:  # lowering may adapt to the target (warp shuffles for CUDA reductions)
        mod = _to_irmodule(inputs, args, name, binds)
    kind = str(target.kind)
    builder = get_global_func("target.build." + kind, allow_missing=True)
    if builder is None:
        raise ValueError(f"tvm.build: no code generator for target kind '{kind}' in this build")
    from ..tir import transform  # pylint: disable=import-outside-toplevel

    if kind in _GPU_KINDS:
        return _build_gpu(mod, target, target_host, builder)
    # bfloat16 is storage only: its arithmetic runs in float32.
    mod = transform.BF16ComputeLegalize()(mod)
    # Math intrinsics as the target compiles them best (rules per kind: src/target/intrin_rule.cc).
    mod = transform.LowerIntrin(kind)(mod)
    mod = transform.MakePackedAPI()(mod)
    return builder(mod, target)


_GPU_KINDS = ("cuda", "opencl")


def _build_gpu(mod, target, target_host, device_builder):
    """GPU targets: serialize virtual threads, double the buffers marked double_buffer(),
    verify the thread bindings, insert barriers,
    split each function into host code (built for `target_host`, default llvm) and device
    kernels (built by `device_builder`), and return the host module importing the device
    module (docs/gpu.md)."""
    from ..tir import transform  # pylint: disable=import-outside-toplevel

    mod = transform.InjectVirtualThread()(mod)
    mod = transform.InjectDoubleBuffer()(mod)
    mod = transform.Simplify()(mod)
    mod = transform.VerifyGPULaunch(target)(mod)
    mod = transform.ThreadSync("shared")(mod)
    mod = transform.SplitHostDevice(target)(mod)
    host_funcs, device_funcs = {}, {}
    for gv, func in mod.functions_items:
        attrs = func.attrs
        is_kernel = attrs is not None and "calling_conv" in attrs and \
            int(attrs["calling_conv"]) == 2
        (device_funcs if is_kernel else host_funcs)[gv.name_hint] = func
    if target_host is None:
        has_llvm = get_global_func("target.build.llvm", allow_missing=True) is not None
        target_host = "llvm" if has_llvm else "c"
    target_host = target_host if isinstance(target_host, Target) else Target(str(target_host))
    host_builder = get_global_func("target.build." + str(target_host.kind), allow_missing=True)
    if host_builder is None:
        raise ValueError(f"tvm.build: no code generator for host target '{target_host}'")
    host_mod = host_builder(transform.MakePackedAPI()(ir.IRModule(host_funcs)), target_host)
    if device_funcs:
        host_mod.import_module(device_builder(ir.IRModule(device_funcs), target))
    return host_mod
