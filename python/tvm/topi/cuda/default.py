"""The GPU schedule that is correct for any computation, and the thread-count rules."""
from ... import te, tir
from ..utils import is_injective_tag


def _as_list(outs):
    return [outs] if isinstance(outs, te.Tensor) else list(outs)


def knob(cfg, name, default):
    """cfg[name] as an int when the schedule's cfg dict sets it, else default."""
    return int(cfg[name]) if cfg and cfg.get(name) is not None else default


def reductions_feeding(outs):
    """The reduction stages the outputs read through injective stages (each stops the walk)."""
    found = []

    def visit(t):
        op = t.op
        if not isinstance(op, te.ComputeOp):
            return
        if op.reduce_axis:
            if not any(op.same_as(f) for f in found):
                found.append(op)
            return
        for inp in op.input_tensors:
            visit(inp)

    for o in outs:
        visit(o)
    return found


def inline_injective(s, outs, keep=None):
    """Inline every injective compute stage that is not an output (nor `keep`)."""
    outputs = [o.op for o in outs]
    for stage in list(s.stages):
        op = stage.op
        if isinstance(op, te.ComputeOp) and not op.reduce_axis and is_injective_tag(op.tag) \
                and not any(op.same_as(o) for o in outputs) and \
                not (keep is not None and op.same_as(keep)):
            stage.compute_inline()


def max_threads(target=None):
    """Threads per block the target allows: its max_num_threads attribute, else 1024 for CUDA
    and 256 for OpenCL (the CUDA default without a target)."""
    from ... import target as _target  # pylint: disable=import-outside-toplevel

    tgt = target if target is not None else _target.Target.current(allow_none=True)
    if tgt is None:
        return 1024
    if not isinstance(tgt, _target.Target):
        tgt = _target.Target(str(tgt))
    for key in ("max_num_threads", "max_threads_per_block"):
        value = tgt.attrs.get(key) if hasattr(tgt.attrs, "get") else None
        if value is not None:
            return int(value)
    return 256 if str(tgt.kind) == "opencl" else 1024


def _const_extent(iv):
    dom = iv.dom
    if dom is None or not isinstance(dom.extent, tir.IntImm):
        return None
    return int(dom.extent.value)


def _product(axes):
    total = 1
    for iv in axes:
        ext = _const_extent(iv)
        if ext is None:
            return None
        total *= ext
    return total


def bind_spatial(s, stage, threads):
    """Fuse the data-parallel axes of `stage`, split by `threads`, bind the parts to
    blockIdx.x / threadIdx.x. Returns the thread axis."""
    axes = list(s[stage].op.axis)
    if not axes:
        # A scalar: the singleton axis of an empty fuse, run by one thread.
        single = s[stage].fuse()
        s[stage].bind(single, te.thread_axis("threadIdx.x"))
        return single
    fused = s[stage].fuse(*axes) if len(axes) > 1 else axes[0]
    total = _product(axes)
    if total is not None:
        threads = max(1, min(threads, total))
    bx, tx = s[stage].split(fused, factor=threads)
    s[stage].bind(bx, te.thread_axis("blockIdx.x"))
    s[stage].bind(tx, te.thread_axis("threadIdx.x"))
    return tx


def _pow2_at_most(n, limit):
    p = 1
    while p * 2 <= min(n, limit):
        p *= 2
    return p


def _schedule_reduction(s, stage, threads, cfg=None):
    """A reduction stage: one thread per output when there are enough outputs for the device
    and the reduced extent is short; otherwise one block per output, the reduced elements split
    over the block's threads and combined by a cross-thread reduction (tuple reducers such as
    argmax stay one thread per output)."""
    op = s[stage].op
    spatial = _product(op.axis) if op.axis else 1
    red = _product(op.reduce_axis)
    cross = red is not None and (red >= 32 or not op.axis) and op.num_outputs == 1 and \
        (spatial is None or spatial < 4096 or red >= 256 * 1)
    if cfg and "cross_thread" in cfg:
        cross = bool(cfg["cross_thread"]) and op.num_outputs == 1
    if not cross:
        bind_spatial(s, stage, min(threads, 256))
        return
    raxes = list(op.reduce_axis)
    fused_r = s[stage].fuse(*raxes) if len(raxes) > 1 else raxes[0]
    nthreads = _pow2_at_most(red, min(threads, 256))
    _, ki = s[stage].split(fused_r, factor=nthreads)
    if op.axis:
        axes = list(op.axis)
        fused = s[stage].fuse(*axes) if len(axes) > 1 else axes[0]
        s[stage].bind(fused, te.thread_axis("blockIdx.x"))
    s[stage].bind(ki, te.thread_axis("threadIdx.x"))


def schedule_default(outs, target=None, cfg=None):
    """Any computation on a GPU: injective stages that are not outputs are inlined into their
    consumers; every other compute stage becomes a kernel (reductions by _schedule_reduction,
    the rest one thread per element, `threads_per_block` threads: knob, default 256 capped
    by the target)."""
    outs = _as_list(outs)
    s = te.create_schedule([o.op for o in outs])
    limit = max_threads(target)
    threads = min(limit, int((cfg or {}).get("threads_per_block", 256)))
    outputs = [o.op for o in outs]
    for stage in list(s.stages):
        op = stage.op
        if isinstance(op, te.ExternOp):
            raise ValueError(
                f"operation {op.name!r} is an extern (host library) call, which has no GPU "
                "implementation: run it on a CPU target")
        if not isinstance(op, te.ComputeOp):
            continue
        is_output = any(op.same_as(o) for o in outputs)
        if not op.reduce_axis and is_injective_tag(op.tag) and not is_output:
            stage.compute_inline()
    for stage in list(s.stages):
        op = stage.op
        if not isinstance(op, te.ComputeOp) or _is_inlined(stage):
            continue
        if op.reduce_axis:
            _schedule_reduction(s, op.output(0), limit, cfg)
        else:
            bind_spatial(s, op.output(0), threads)
    return s


def _is_inlined(stage):
    return int(stage.attach_type) == 2  # kInline


schedule_injective = schedule_default
schedule_reduce = schedule_default
schedule_softmax = schedule_default
schedule_layer_norm = schedule_default
schedule_depthwise_conv2d_nchw = schedule_default


def schedule_pool(outs, layout=None, target=None, cfg=None):
    del layout
    return schedule_default(outs, target, cfg)


def schedule_adaptive_pool(outs, target=None, cfg=None):
    return schedule_default(outs, target, cfg)
