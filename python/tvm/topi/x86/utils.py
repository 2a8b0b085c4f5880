"""Helpers of the x86 schedules: the SIMD width, knob lookup, divisor choices, and the
epilogue chain (elementwise stages computed at the tile of the reduction they follow)."""
import functools

from ... import te


@functools.lru_cache(maxsize=None)
def _host_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def simd_bits():
    """The vector register width of the current target (or the host): 512 with AVX-512,
    256 with AVX2, 128 otherwise."""
    from ... import target as _target  # pylint: disable=import-outside-toplevel

    tgt = _target.Target.current(allow_none=True) if hasattr(_target, "Target") else None
    mcpu = ""
    if tgt is not None:
        try:
            mcpu = str(tgt.attrs.get("mcpu", ""))
        except (AttributeError, TypeError):
            mcpu = ""
    if mcpu:
        if any(k in mcpu for k in ("avx512", "skylake-avx512", "cascadelake", "icelake",
                                   "sapphirerapids", "znver4", "tigerlake", "cooperlake")):
            return 512
        if any(k in mcpu for k in ("core-avx2", "haswell", "broadwell", "skylake", "znver")):
            return 256
    flags = _host_flags()
    if "avx512f" in flags:
        return 512
    if "avx2" in flags:
        return 256
    return 128


def simd_lanes(dtype="float32"):
    """How many elements of dtype one vector register holds (16 float32 with AVX-512)."""
    bits = int("".join(c for c in str(dtype) if c.isdigit()) or 32)
    return max(1, simd_bits() // bits)


def knob(cfg, name, default):
    """cfg[name] when the caller set it, else the analytic default."""
    if cfg and name in cfg and cfg[name] is not None:
        return cfg[name]
    return default


def largest_divisor(n, limit):
    """The largest divisor of n that is <= limit (at least 1)."""
    for d in range(min(n, limit), 0, -1):
        if n % d == 0:
            return d
    return 1


def outputs_list(outs):
    return [outs] if isinstance(outs, te.Tensor) else list(outs)


def schedule_tagged(outs, tags, schedule_op, cfg=None):
    """A schedule of `outs` where every compute op whose tag is in `tags` (a string or a tuple)
    is scheduled by schedule_op(s, cfg, op_output, last_output); the injective stages around
    it are inlined (traverse_inline), so its epilogue ends in the last output."""
    from ..utils import traverse_inline  # pylint: disable=import-outside-toplevel

    outs = outputs_list(outs)
    s = te.create_schedule([o.op for o in outs])
    tags = (tags,) if isinstance(tags, str) else tuple(tags)

    def callback(op):
        if op.tag in tags:
            schedule_op(s, cfg, op.output(0), outs[0])

    traverse_inline(s, outs[0].op, callback)
    return s


def is_pad_op(op):
    return "pad" in op.tag.split(",") or op.name in ("PadInput", "data_pad")


def _path(out_op, producer_op):
    """Ops from out_op down to producer_op, each reading the next ([out, ..., producer]), or
    None when producer_op is not reached through single-input-chain compute ops."""
    if out_op.same_as(producer_op):
        return [out_op]
    for t in out_op.input_tensors:
        if isinstance(t.op, te.PlaceholderOp):
            continue
        sub = _path(t.op, producer_op)
        if sub is not None:
            return [out_op] + sub
    return None


def epilogue_path(anchor, out):
    """[out, ..., anchor]: the chain of stages from the output down to the anchor reduction."""
    path = _path(out.op, anchor.op)
    if path is None:
        raise ValueError(f"{out.op.name} does not read {anchor.op.name}")
    return path


def accumulator_stages(s, anchor, last):
    """(path, acc, out) for a reduction `anchor` whose result ends in the output `last`:
    without an epilogue the reduction accumulates in a local cache (cache_write) and `out` is
    the reduction itself; with one, the reduction stage accumulates and `out` is `last`."""
    path = epilogue_path(anchor, last)
    if len(path) == 1:
        return path, s.cache_write(anchor, "local"), anchor
    return path, anchor, last


def schedule_tile_chain(s, path, out_loop, tile, vector_last=True):
    """Compute the elementwise stages path[1:-1] between an output and the reduction it
    follows (path from epilogue_path) inside the output's tile, and return (stage, loop) where
    the reduction's accumulator is to be computed.

    The caller has split and reordered the output so that `out_loop`, its innermost outer
    loop, encloses exactly one tile. tile has one entry per axis: None (outside the tile) or
    the tile's extent on that axis. Each stage in between is computed at its consumer's tile
    loop and split the same way, so its outer loops have extent 1 and its producer goes inside
    them: the whole epilogue runs on the tile while it is hot, in one loop nest. (A stage's
    loops can host only a producer it reads directly, which is why the chain is walked stage by
    stage rather than inlined.)"""
    consumer, loop = s[path[0]], out_loop
    for op in path[1:-1]:
        st = s[op]
        st.compute_root()  # undo traverse_inline's inlining
        st.compute_at(consumer, loop)
        outer, inner = [], []
        for ax, f in zip(st.op.axis, tile):
            if f is None:
                outer.append(ax)
            else:
                o, i = st.split(ax, factor=f)
                outer.append(o)
                inner.append(i)
        st.reorder(*(outer + inner))
        if vector_last and inner:
            st.vectorize(inner[-1])
        consumer, loop = st, outer[-1]
    return consumer, loop


def vectorize_reduction(s, t, lanes, at=None):
    """Vectorize the reduction computing t: its innermost reduction axis is split by `lanes`
    and the lanes factored out (rfactor) into a partial stage that keeps `lanes` independent
    accumulators in one vector, computed at t's loop `at` (default: its innermost data axis,
    which must not have been split or fused); t then combines the lanes.
    A plain reduction is one serial chain of adds (one per FMA latency); this makes it one
    vector op per `lanes` elements. Does nothing (returns None) unless the extent is a
    multiple of 2 * lanes; returns the partial tensor otherwise."""
    from ..utils import get_const_int  # pylint: disable=import-outside-toplevel

    k = s[t].op.reduce_axis[-1]
    try:
        extent = get_const_int(k.dom.extent)
    except ValueError:
        return None
    if extent % lanes or extent < 2 * lanes:
        return None
    _, ki = s[t].split(k, factor=lanes)
    partial = s.rfactor(t, ki, factor_axis=len(t.shape))
    axes = list(s[partial].op.axis)
    s[partial].reorder(*(axes[:-1] + list(s[partial].op.reduce_axis) + [axes[-1]]))
    s[partial].vectorize(axes[-1])
    t_axes = list(s[t].op.axis)
    if at is None and t_axes:
        at = t_axes[-1]
    if at is not None:
        s[partial].compute_at(s[t], at)
    return partial
