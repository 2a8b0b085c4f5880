"""GPU direct convolution (NCHW): register-tiled, one thread per small block of output
channels x output pixels.

The output's channels split into (block, threadIdx.y, `vec_c` per thread); its columns into
groups of `vec_hw`, and (row, column group) pairs over (block, threadIdx.x); a thread
accumulates its vec_c x vec_hw outputs in registers over the whole reduction (input channels x
kernel window), so every input element it loads serves vec_c output channels and every weight
serves vec_hw pixels. Threads of a warp
share the output channels (the weight loads are broadcasts) and read consecutive pixels
(coalesced input loads). Padding is inlined (bound checks in the loads), an elementwise
epilogue that reads the convolution directly runs from the registers.
"""
from ... import te
from .default import (_as_list, inline_injective, knob, max_threads, reductions_feeding,
                      schedule_default)


def schedule_conv2d_nchw(outs, target=None, cfg=None):
    """Schedule nn.conv2d (NCHW, groups 1) outputs with any elementwise epilogue.

    Knobs: threads_c (threadIdx.y, default 8), vec_c (output channels per thread, 4),
    threads_hw (threadIdx.x, 32), vec_hw (adjacent columns per thread, 2). Falls back to
    schedule_default for shapes it does not handle (no single convolution stage)."""
    outs = _as_list(outs)
    convs = reductions_feeding(outs)
    conv = convs[0] if len(convs) == 1 else None
    if conv is None or len(outs) != 1 or len(conv.axis) != 4:
        return schedule_default(outs, target, cfg)
    s = te.create_schedule([o.op for o in outs])
    out = outs[0]
    inline_injective(s, outs)
    limit = max_threads(target)
    tc, vc = knob(cfg, "threads_c", 8), knob(cfg, "vec_c", 4)
    thw, vhw = knob(cfg, "threads_hw", 32), knob(cfg, "vec_hw", 2)
    if tc * thw > limit:
        raise ValueError(f"schedule_conv2d_nchw: threads_c x threads_hw = {tc * thw} exceeds "
                         f"the target's {limit} threads per block")
    # The epilogue (inlined elementwise stages: bias, batch-norm arithmetic, residual add,
    # activation) is computed from the registers.
    _tile(s, out, conv, tc, vc, thw, vhw)
    return s


def _tile(s, out, conv, tc, vc, thw, vhw):
    if conv.same_as(out.op):
        local = s.cache_write(out, "local")
    else:
        s[conv].set_scope("local")
        local = conv.output(0)
    n, c, h, w = s[out].op.axis
    bc, rest_c = s[out].split(c, factor=tc * vc)
    ty, ic = s[out].split(rest_c, factor=vc)
    wo, iw = s[out].split(w, factor=vhw)
    hw = s[out].fuse(h, wo)
    bhw, tx = s[out].split(hw, factor=thw)
    s[out].reorder(n, bc, bhw, ty, tx, ic, iw)
    nb = s[out].fuse(n, bc)
    s[out].bind(nb, te.thread_axis("blockIdx.y"))
    s[out].bind(bhw, te.thread_axis("blockIdx.x"))
    s[out].bind(ty, te.thread_axis("threadIdx.y"))
    s[out].bind(tx, te.thread_axis("threadIdx.x"))
    s[out].unroll(ic)
    s[out].unroll(iw)
    # Each thread's registers: vec_c channels x 1 row x vec_hw columns.
    s[local].compute_at(s[out], tx)
    ln, lc, lh, lw = s[local].op.axis
    rc, ry, rx = s[local].op.reduce_axis
    s[local].reorder(rc, ry, rx, ln, lh, lc, lw)
    s[local].unroll(lc)
    s[local].unroll(lw)
