"""x86 dense: a packed schedule (weight in [N/bn, K, bn] panels, the GEMM micro-kernel of
benchmarks/gemm.py) and a no-pack schedule for small outputs (vectorized along K).

dense_pack's weight may be given already packed (3-D [N/bn, K, bn]), which is what a compiled
network does with constant weights; a 2-D [N, K] weight is packed by a stage of the compute.
"""
import math

from ... import te
from ..utils import get_const_tuple
from .utils import (epilogue_path, knob, largest_divisor, schedule_tagged, schedule_tile_chain,
                    simd_lanes)


def dense_pack_default_bn(n, dtype="float32"):
    """The default panel width: one vector (16 float32 with AVX-512) when it divides N, else
    the widest smaller power of two that does. (Measured: one vector x 16-24 rows beats two
    vectors x 8 rows, as each B vector then feeds more FMAs with broadcast A operands.)"""
    lanes = simd_lanes(dtype)
    bn = lanes
    while bn > 1 and n % bn:
        bn //= 2
    return max(bn, 1)


ACCUMULATORS = 24
"""Vector accumulators of a GEMM tile: 24 of the 32 AVX-512 registers (the rest hold the B
vector, addresses and loop state)."""


def gemm_tile_rows(m, vecs):
    """Rows of a GEMM tile whose columns take `vecs` vectors: the largest divisor of M within
    the accumulator budget, or the budget itself (a guarded tail) when M has no divisor near
    it."""
    limit = max(1, ACCUMULATORS // vecs)
    d = largest_divisor(m, limit)
    return d if 2 * d >= min(m, limit) else min(m, limit)


def pack_weight(weight, bn, name="packed_weight"):
    """[N, K] -> [N/bn, K, bn] panels (a te stage)."""
    n, k = get_const_tuple(weight.shape)
    return te.compute((n // bn, k, bn), lambda z, y, x: weight[z * bn + x, y], name=name,
                      tag="dense_pack_weight")


def dense_pack(data, weight, bias=None, out_dtype=None, bn=None):
    """data [M, K] x weight -> [M, N] (+ bias): weight [N, K] (packed by a stage, panel width
    `bn`, default dense_pack_default_bn) or already packed [N/bn, K, bn]."""
    out_dtype = out_dtype or data.dtype
    m, k_extent = get_const_tuple(data.shape)
    if len(weight.shape) == 3:
        nb, _, bn = get_const_tuple(weight.shape)
        packed = weight
        n = nb * bn
    else:
        n, _ = get_const_tuple(weight.shape)
        bn = bn or dense_pack_default_bn(n, out_dtype)
        if n % bn:
            raise ValueError(f"dense_pack: bn ({bn}) must divide the output features ({n})")
        packed = pack_weight(weight, bn)
    k = te.reduce_axis((0, k_extent), "k")
    out = te.compute(
        (m, n),
        lambda y, x: te.sum(data[y, k].astype(out_dtype)
                            * packed[x // bn, k, x % bn].astype(out_dtype), axis=k),
        name="T_dense_pack", tag="dense_pack")
    if bias is not None:
        out = te.compute((m, n), lambda i, j: out[i, j] + bias[j].astype(out_dtype),
                         name="T_add", tag="broadcast")
    return out


def schedule_dense_pack(outs, cfg=None):
    """Blocked GEMM: a tile of tile_y rows x (panels x bn) columns of accumulators stays in
    vector registers (bn lanes vectorized, rows and panels unrolled) while K runs outside in
    steps of tile_k; parallel over the tiles. The bias / activation epilogue runs on the tile.

    The tiles run row block by row block (all the column tiles of a row block, then the next),
    except when the packed weight is larger than WEIGHT_RESIDENT_BYTES: then the column tiles
    go in groups of x_group (their weight panels together within WEIGHT_GROUP_BYTES, kept in
    L2) and every row block passes over one group before the next group starts, so the weight
    is read from memory once rather than once per row block.

    When the row stride of data is a multiple of a large power of two (K = 1024, 2048, 3072
    float32), the tile_y rows read together at each step of K fall into one or two L1 sets and
    evict each other (measured: half speed at K = 2048 and 3072). copy_data then copies data
    once (a parallel pass, M x K) into a buffer whose row stride is padded by one cache line.

    Knobs (cfg dict):
      tile_y     rows per tile (default gemm_tile_rows: up to 24 accumulators)
      panels     weight panels per tile (default: fill the remaining accumulator budget with a
                 divisor of N / bn)
      tile_k     the unrolled reduction step (default 4; 16 when M < 4, where the few
                 accumulators leave the loop overhead exposed)
      copy_data  copy data into a padded-stride buffer (default rows_share_l1_sets: when more
                 than 8 rows of a tile share an L1 set)
      x_group    column tiles per weight group (default: all of them, one group, when the
                 packed weight fits in WEIGHT_RESIDENT_BYTES; else the largest divisor of the
                 number of column tiles whose panels fit in WEIGHT_GROUP_BYTES)
      k_block    block K (default None: off): parallel over row blocks only, each with a
                 [tile_y, N] accumulator in memory updated one K block at a time over all
                 the column tiles (the data block stays in L1). Rounded down to a divisor of
                 K (a multiple of tile_k). Measured no faster than the default once copy_data
                 removes the set conflicts (and at 2 threads slower: fewer parallel tasks), so
                 it is opt-in; x_group and the epilogue on the tile do not apply to it.
    """
    return schedule_tagged(outs, "dense_pack", _schedule_dense_pack, cfg)


CACHE_LINE_BYTES = 64
L1_WAY_BYTES = 4096
"""The L1 data cache's way size (size / associativity): 4 KiB on current x86 cores (32 KiB
8-way, 48 KiB 12-way). Addresses this far apart share a set."""
WEIGHT_RESIDENT_BYTES = 8 << 20
"""A packed weight up to this size stays in the last-level cache between row blocks
(measured on a 32 MiB shared L3: 6 MiB weights run at full speed row block by row block,
9.4 and 12.6 MiB ones lose 10-45%)."""
WEIGHT_GROUP_BYTES = 256 << 10
"""The weight panels of one x_group, kept in L2 while the row blocks pass over them."""


def _bytes(dtype):
    return max(1, int("".join(c for c in str(dtype) if c.isdigit()) or 32) // 8)


def rows_share_l1_sets(k_extent, itemsize, tile_y):
    """Whether the tile_y rows of data [M, K] that a GEMM tile reads at each step of K crowd
    into so few L1 sets that they evict each other: more than 8 (the usual associativity)
    rows per set. Row addresses a multiple of L1_WAY_BYTES apart share a set, so the rows
    fall into L1_WAY_BYTES / gcd(stride, L1_WAY_BYTES) sets (1 for K = 1024, 2048, 3072
    float32; 2 for K = 512, which measured fine with 16 rows)."""
    stride = k_extent * itemsize
    if stride % CACHE_LINE_BYTES:
        return False
    sets = L1_WAY_BYTES // math.gcd(stride, L1_WAY_BYTES)
    return tile_y > 8 * sets


def dense_pack_default_x_group(n, k, tile_x, itemsize=4):
    """The default x_group of schedule_dense_pack (column tiles per weight group)."""
    x_tiles = max(1, n // tile_x)
    if n * k * itemsize <= WEIGHT_RESIDENT_BYTES:
        return x_tiles
    return largest_divisor(x_tiles, max(1, WEIGHT_GROUP_BYTES // (tile_x * k * itemsize)))


def _schedule_dense_pack(s, cfg, dense, last):
    data, packed = dense.op.input_tensors[:2]
    m, n = get_const_tuple(dense.shape)
    _, k_extent, bn = get_const_tuple(packed.shape)
    lanes = simd_lanes(dense.dtype)
    vecs = max(1, -(-bn // lanes))
    tile_y = knob(cfg, "tile_y", gemm_tile_rows(m, vecs))
    panels = knob(cfg, "panels",
                  largest_divisor(n // bn, max(1, ACCUMULATORS // (tile_y * vecs))))
    tile_k = knob(cfg, "tile_k", 16 if m < 4 and k_extent % 16 == 0 else 4)
    tile_x = bn * panels
    if packed.op.tag == "dense_pack_weight":
        z, _, x = s[packed].op.axis
        s[packed].parallel(z)
        s[packed].vectorize(x)
    path = epilogue_path(dense, last)
    k_block = knob(cfg, "k_block", None)
    if k_block and k_extent % tile_k == 0:
        k_block = tile_k * largest_divisor(k_extent // tile_k, max(1, k_block // tile_k))
    if k_block and k_block < k_extent:
        acc = _k_blocked_outer(s, dense, last, tile_y, lanes)
    else:
        k_block = None
        if len(path) == 1:
            acc = s.cache_write(dense, "local")
            out = dense
        else:
            acc = dense
            out = last
        y, x = s[out].op.axis
        yo, xo, yi, xi = s[out].tile(y, x, tile_y, tile_x)
        x_tiles = -(-n // tile_x)
        group = knob(cfg, "x_group",
                     dense_pack_default_x_group(n, k_extent, tile_x, _bytes(packed.dtype)))
        if 1 <= group < x_tiles:
            xg, xo = s[out].split(xo, factor=group)
            outer = (xg, yo, xo)
        else:
            outer = (yo, xo)
        s[out].reorder(*outer, yi, xi)
        s[out].vectorize(xi)
        fused = s[out].fuse(*outer)
        s[out].parallel(fused)
        stage, loop = schedule_tile_chain(s, path, fused, [tile_y, tile_x])
        s[acc].compute_at(stage, loop)
    if knob(cfg, "copy_data", rows_share_l1_sets(k_extent, _bytes(data.dtype), tile_y)):
        # A row-major copy of data with the row stride padded by one cache line: the tile's
        # rows, read together at each step of K, then fall in distinct L1 sets.
        copy = s.cache_read(data, "global", [acc])
        row, col = s[copy].op.axis
        s[copy].parallel(row)
        _, col_v = s[copy].split(col, factor=lanes)
        s[copy].vectorize(col_v)
        itemsize = _bytes(data.dtype)
        s[copy].storage_align(row, L1_WAY_BYTES // itemsize, CACHE_LINE_BYTES // itemsize)
    ay, ax = s[acc].op.axis
    (k,) = s[acc].op.reduce_axis
    if k_block:
        axo, axi = s[acc].split(ax, factor=tile_x)
        axp, axv = s[acc].split(axi, factor=bn)
        kbo, kbi = s[acc].split(k, factor=k_block)
        ko, ki = s[acc].split(kbi, factor=tile_k)
        s[acc].reorder(kbo, axo, ko, ki, ay, axp, axv)
    else:
        axp, axv = s[acc].split(ax, factor=bn)
        ko, ki = s[acc].split(k, factor=tile_k)
        s[acc].reorder(ko, ki, ay, axp, axv)
    s[acc].unroll(ki)
    s[acc].unroll(ay)
    s[acc].unroll(axp)
    s[acc].vectorize(axv)


def _k_blocked_outer(s, dense, last, tile_y, lanes):
    """The outer loops of the k_block variant: parallel over row blocks of the output, an
    accumulator [tile_y, N] (a cache_write in memory) per row block, the epilogue (inlined)
    applied by the output's loops, vectorized. Returns the accumulator stage's tensor."""
    acc = s.cache_write(dense, "global")
    if not last.op.same_as(dense.op):
        s[dense].compute_inline()
    y, x = s[last].op.axis
    yo, yi = s[last].split(y, factor=tile_y)
    xo, xi = s[last].split(x, factor=lanes)
    s[last].reorder(yo, yi, xo, xi)
    s[last].vectorize(xi)
    s[last].parallel(yo)
    s[acc].compute_at(s[last], yo)
    return acc


def schedule_dense_nopack(outs, cfg=None):
    """dense with weight [N, K] as given: each output element is a dot product vectorized along
    K (rfactor by the vector width, the lanes summed at the end); parallel over rows x column
    blocks. Good when the output is small (M = 1) and weight packing does not pay.

    Knobs (cfg dict):
      tile_x  output columns per parallel task (default 16)
      tile_k  the vectorized K chunk (default: the vector width)
    """
    return schedule_tagged(outs, "dense", _schedule_dense_nopack, cfg)


def _schedule_dense_nopack(s, cfg, dense, last):
    lanes = simd_lanes(dense.dtype)
    tile_x = knob(cfg, "tile_x", 16)
    tile_k = knob(cfg, "tile_k", lanes)
    path = epilogue_path(dense, last)
    (k,) = s[dense].op.reduce_axis
    _, ki = s[dense].split(k, factor=tile_k)
    partial = s.rfactor(dense, ki, factor_axis=2)
    out = last
    y, x = s[out].op.axis
    xo, xi = s[out].split(x, factor=tile_x)
    fused = s[out].fuse(y, xo)
    s[out].parallel(fused)
    if len(path) > 1:
        s[out].vectorize(xi)
        stage, loop = schedule_tile_chain(s, path, fused, [1, tile_x])
        s[dense].compute_at(stage, loop)
        dx = s[dense].op.axis[1]
        s[partial].compute_at(s[dense], dx)
    else:
        s[partial].compute_at(s[out], xi)
    _, _, pk = s[partial].op.axis
    (pko,) = s[partial].op.reduce_axis
    s[partial].reorder(pko, pk)
    s[partial].vectorize(pk)


def dense_gemv_default_lanes(k, dtype="float32"):
    """The width of the K split of dense_gemv: the vector width, halved while a row holds
    fewer than two vectors (at least 1)."""
    lanes = simd_lanes(dtype)
    while lanes > 1 and k < 2 * lanes:
        lanes //= 2
    return lanes


def _halve(prev, n, width):
    return te.compute((n, width), lambda j, t: prev[j, t] + prev[j, t + width],
                      name=f"T_dense_gemv_half{width}")


def _first_lane(half, n):
    return te.compute((n,), lambda j: half[j, 0], name="T_dense_gemv_red")


def dense_gemv(data, weight, bias=None, out_dtype=None, lanes=None):
    """Batch-1 dense (matrix-vector product): data [1, K] x weight [N, K] (as given, no
    packing) -> [1, N] (+ bias).

    Stages: T_dense_gemv_acc [N, lanes] holds `lanes` partial sums per output (K split as
    ko * lanes + l, the lanes summed over ko: whole vectors of a weight row times the same
    vector of data); T_dense_gemv_tail [N] sums the K % lanes last elements (only when lanes
    does not divide K); T_dense_gemv_red [N] adds the lanes (a power of two: pairwise, by
    halves, in stages T_dense_gemv_half{lanes/2, ..., 1}); the output T_dense_gemv (tag
    dense_gemv) adds the tail and the bias."""
    out_dtype = out_dtype or data.dtype
    m, k_extent = get_const_tuple(data.shape)
    n, wk = get_const_tuple(weight.shape)
    if m != 1:
        raise ValueError(f"dense_gemv: data must have one row (batch 1), found shape "
                         f"{tuple(get_const_tuple(data.shape))}")
    if wk != k_extent:
        raise ValueError(f"dense_gemv: weight [N, K] must have K = {k_extent} (data's), found "
                         f"shape {(n, wk)}")
    lanes = int(lanes or dense_gemv_default_lanes(k_extent, out_dtype))
    if lanes < 1 or lanes > k_extent:
        raise ValueError(f"dense_gemv: lanes must be in [1, K={k_extent}], found {lanes}")
    k_main = k_extent // lanes

    def prod(kk, j):
        return data[0, kk].astype(out_dtype) * weight[j, kk].astype(out_dtype)

    ko = te.reduce_axis((0, k_main), "ko")
    acc = te.compute((n, lanes), lambda j, l: te.sum(prod(ko * lanes + l, j), axis=ko),
                     name="T_dense_gemv_acc")
    if lanes & (lanes - 1) == 0:
        # The lanes summed pairwise, halves first (lanes/2 + lanes/2, then quarters...): a
        # vector add per halving instead of a chain of lanes - 1 scalar adds.
        half = acc
        width = lanes
        while width > 1:
            width //= 2
            half = _halve(half, n, width)
        red = _first_lane(half, n)
    else:
        lr = te.reduce_axis((0, lanes), "l")
        red = te.compute((n,), lambda j: te.sum(acc[j, lr], axis=lr), name="T_dense_gemv_red")
    rem = k_extent - k_main * lanes
    tail = None
    if rem:
        kr = te.reduce_axis((0, rem), "kr")
        tail = te.compute((n,), lambda j: te.sum(prod(k_main * lanes + kr, j), axis=kr),
                          name="T_dense_gemv_tail")

    def fout(i, j):
        v = red[j]
        if tail is not None:
            v = v + tail[j]
        if bias is not None:
            v = v + bias[j].astype(out_dtype)
        return v

    return te.compute((1, n), fout, name="T_dense_gemv", tag="dense_gemv")


def schedule_dense_gemv(outs, cfg=None):
    """Batch-1 dense: parallel over blocks of `rows` outputs; per block, for each step of K
    one vector of data times one vector of each of the `rows` weight rows (rows unrolled, the
    lanes vectorized: `rows` vector accumulators in registers, the data vector loaded once for
    all of them), then the lanes of each accumulator summed, the K tail and the bias added,
    and the bias / activation epilogue applied on the block, vectorized.

    Knobs (cfg dict):
      rows    outputs per block (default 8: 8 weight rows streamed at once)
    The K split (lanes) is fixed by the compute (dense_gemv's lanes)."""
    return schedule_tagged(outs, "dense_gemv", _schedule_dense_gemv, cfg)


def _schedule_dense_gemv(s, cfg, dense, last):
    inputs = {t.op.name: t for t in dense.op.input_tensors}
    red = inputs["T_dense_gemv_red"]
    tail = inputs.get("T_dense_gemv_tail")
    halves = []
    acc = red.op.input_tensors[0]
    while acc.op.name.startswith("T_dense_gemv_half"):
        halves.append(acc)
        acc = acc.op.input_tensors[0]
    _, n = get_const_tuple(dense.shape)
    rows = int(knob(cfg, "rows", min(8, n)))
    if rows < 1:
        raise ValueError(f"schedule_dense_gemv: rows must be positive, found {rows}")
    vec = simd_lanes(dense.dtype)
    path = epilogue_path(dense, last)
    out = last
    i, j = s[out].op.axis
    jo, ji = s[out].split(j, factor=rows)
    fused = s[out].fuse(i, jo)
    s[out].parallel(fused)
    if rows >= vec and rows % vec == 0:
        _, jv = s[out].split(ji, factor=vec)
        s[out].vectorize(jv)
    if len(path) > 1:
        stage, loop = schedule_tile_chain(s, path, fused, [1, rows], vector_last=False)
        s[dense].compute_at(stage, loop)
        parent, at = s[dense], s[dense].op.axis[0]
    else:
        parent, at = s[out], fused
    for t in [acc, red] + halves + ([tail] if tail is not None else []):
        s[t].compute_at(parent, at)
    for h in halves:
        hj, ht = s[h].op.axis
        s[h].unroll(hj)
        if get_const_tuple(h.shape)[1] > 1:
            s[h].vectorize(ht)
    s[red].unroll(s[red].op.axis[0])
    aj, al = s[acc].op.axis
    (ko,) = s[acc].op.reduce_axis
    s[acc].reorder(ko, aj, al)
    s[acc].unroll(aj)
    s[acc].vectorize(al)
