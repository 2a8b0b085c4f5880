"""GPU schedules of dense (Y = X W^T) and batch_matmul.

Many rows: each block computes a `block_m` x `block_n` tile of the output with
`threads_m` x `threads_n` threads, each thread a (block_m/threads_m) x (block_n/threads_n)
register tile; the X and W panels of every `tile_k` step are staged in shared memory by all
threads of the block (barriers around). Few rows (the batch-1 GEMV of inference): one block
per output element, the reduction split over the block's threads (consecutive threads read
consecutive weights: coalesced), combined by a cross-thread reduction.

An elementwise epilogue (bias, activation) is computed from the register tile in the same
kernel, so the product never goes through global memory.
"""
from ... import te
from .default import (_as_list, _product, _schedule_reduction, bind_spatial, inline_injective,
                      knob, max_threads, reductions_feeding)




def _divisor(extent, choices):
    for c in choices:
        if extent % c == 0:
            return c
    return None


def _tile_sizes(prod, cfg):
    """(block_m, block_n, threads_m, threads_n, tile_k) for the product's extents, each block
    dividing its extent (the shared-memory panels then need no bound checks); None when the
    rows or columns have no such divisor (the caller then uses the untiled form)."""
    m = _product(prod.axis[-2:-1])
    n = _product(prod.axis[-1:])
    k = _product(prod.reduce_axis)
    if m is None or n is None or k is None:
        return None
    bm = knob(cfg, "block_m", None) or _divisor(m, (64, 32, 16, 8))
    bn = knob(cfg, "block_n", None) or _divisor(n, (64, 32, 16, 8))
    tk = knob(cfg, "tile_k", None) or _divisor(k, (8, 4, 2, 1))
    if bm is None or bn is None or m % bm or n % bn or k % tk:
        return None
    tm = knob(cfg, "threads_m", min(16, bm))
    tn = knob(cfg, "threads_n", min(16, bn))
    return bm, bn, tm, tn, tk


def _tiled(s, out, prod, sizes, batch):
    """The shared-memory tiled GEMM on `prod` (axes [b,] i, j; reduce k) written by `out`."""
    bm, bn, tm, tn, tk = sizes
    if bm % tm or bn % tn:
        raise ValueError(f"schedule_dense: block_m {bm} / block_n {bn} must be multiples of "
                         f"threads_m {tm} / threads_n {tn}")
    a_t, b_t = prod.input_tensors[:2]
    if prod.same_as(out.op):
        local = s.cache_write(out, "local")
    else:
        s[prod].set_scope("local")
        local = prod.output(0)
    axes = list(s[out].op.axis)
    i, j = axes[-2], axes[-1]
    bi, ii = s[out].split(i, factor=bm)
    bj, jj = s[out].split(j, factor=bn)
    ti, ri = s[out].split(ii, nparts=tm)
    tj, rj = s[out].split(jj, nparts=tn)
    lead = axes[:-2]
    s[out].reorder(*lead, bi, bj, ti, tj, ri, rj)
    if batch and lead:
        fused_b = s[out].fuse(*lead) if len(lead) > 1 else lead[0]
        s[out].bind(fused_b, te.thread_axis("blockIdx.z"))
    s[out].bind(bi, te.thread_axis("blockIdx.y"))
    s[out].bind(bj, te.thread_axis("blockIdx.x"))
    s[out].bind(ti, te.thread_axis("threadIdx.y"))
    s[out].bind(tj, te.thread_axis("threadIdx.x"))
    s[local].compute_at(s[out], tj)
    laxes = list(s[local].op.axis)
    k = s[local].op.reduce_axis[0]
    ko, ki = s[local].split(k, factor=tk)
    s[local].reorder(ko, ki, *laxes)
    # The register tile: unrolled, so that the accumulators stay in registers.
    s[local].unroll(ki)
    for ax in laxes[-2:]:
        s[local].unroll(ax)
    s[out].unroll(ri)
    s[out].unroll(rj)
    for tensor in (a_t, b_t):
        shared = s.cache_read(tensor, "shared", [local])
        s[shared].compute_at(s[local], ko)
        sh_axes = list(s[shared].op.axis)
        fused = s[shared].fuse(*sh_axes) if len(sh_axes) > 1 else sh_axes[0]
        rest, tx = s[shared].split(fused, factor=tn)
        _, ty = s[shared].split(rest, factor=tm)
        s[shared].bind(ty, te.thread_axis("threadIdx.y"))
        s[shared].bind(tx, te.thread_axis("threadIdx.x"))


def _schedule(outs, target, cfg, batch):
    outs = _as_list(outs)
    s = te.create_schedule([o.op for o in outs])
    found = reductions_feeding(outs)
    if not found:
        raise ValueError("schedule_dense: no reduction (the matrix product) among the outputs' "
                         "producers")
    prod = found[0]
    inline_injective(s, outs, prod)
    limit = max_threads(target)
    rows = _product(prod.axis[:-1])
    small = rows is not None and rows < knob(cfg, "gemv_rows", 16)
    main = outs[0]
    if small or len(prod.reduce_axis) != 1 or len(outs) != 1:
        _schedule_reduction(s, prod.output(0), limit, cfg={"cross_thread": True}
                            if small else None)
        if not prod.same_as(main.op):
            bind_spatial(s, main, min(limit, 256))
        return s
    sizes = _tile_sizes(prod, cfg)
    if sizes is None:
        # No block size divides the rows or columns: one thread per output element.
        bind_spatial(s, prod.output(0), min(limit, 256))
        if not prod.same_as(main.op):
            bind_spatial(s, main, min(limit, 256))
        return s
    if sizes[2] * sizes[3] > limit:
        raise ValueError(f"schedule_dense: threads_m x threads_n = {sizes[2] * sizes[3]} "
                         f"exceeds the target's {limit} threads per block")
    # The epilogue (inlined elementwise stages) reads the register tile directly.
    _tiled(s, main, prod, sizes, batch)
    return s


def schedule_dense(outs, target=None, cfg=None):
    """Schedule nn.dense / nn.matmul outputs (with any elementwise epilogue).

    Knobs: block_m, block_n (output tile per block; default the largest of 64, 32, 16, 8
    dividing the rows / columns), threads_m, threads_n (16x16 or the block size when smaller),
    tile_k (the k step staged in shared memory: 8, 4, 2 or 1, dividing k), gemv_rows (16:
    fewer rows than this use the one-block-per-output GEMV form)."""
    return _schedule(outs, target, cfg, batch=False)


def schedule_batch_matmul(outs, target=None, cfg=None):
    """Schedule nn.batch_matmul: the dense tiling with the batch on blockIdx.z (same knobs)."""
    return _schedule(outs, target, cfg, batch=True)

