"""x86 batch_matmul.

schedule_batch_matmul handles three computes:
- nn.batch_matmul with transpose_b=False (y is [B, K, N]): the GEMM micro-kernel applies
  directly, tile_y rows x tile_x columns (vectorized) of accumulators, K outside;
- nn.batch_matmul with transpose_b=True (y is [B, N, K], TVM's default): each output is a dot
  product along K, vectorized by rfactor over K chunks;
- x86.batch_matmul, which for transpose_b=True first packs y into [B, N/bn, K, bn] panels (a
  pass over y, cheap next to the product when M is not tiny) so that the GEMM micro-kernel
  applies again.
"""
from ... import te
from ..utils import get_const_tuple
from .utils import (epilogue_path, knob, largest_divisor, schedule_tagged, schedule_tile_chain,
                    simd_lanes)


def batch_matmul(tensor_a, tensor_b, out_shape=None, out_dtype=None, transpose_a=False,
                 transpose_b=True, bn=None):
    """batch_matmul for the x86 schedule: with transpose_b, y is packed into [B, N/bn, K, bn]
    panels (bn: dense_pack_default_bn, one vector when it divides N); otherwise this is
    nn.batch_matmul."""
    from .. import nn  # pylint: disable=import-outside-toplevel
    from .dense import dense_pack_default_bn  # pylint: disable=import-outside-toplevel

    del out_shape
    if not transpose_b or transpose_a:
        return nn.batch_matmul(tensor_a, tensor_b, out_dtype=out_dtype, transpose_a=transpose_a,
                               transpose_b=transpose_b)
    out_dtype = out_dtype or tensor_a.dtype
    bx, m, k_extent = get_const_tuple(tensor_a.shape)
    by, n, k2 = get_const_tuple(tensor_b.shape)
    if k2 != k_extent:
        raise ValueError(f"batch_matmul: the reduction extents of the two operands must agree, "
                         f"found {k_extent} and {k2}")
    if bx != by and 1 not in (bx, by):
        raise ValueError(f"batch_matmul: the batch extents (or one of them 1) must agree, found "
                         f"{bx} and {by}")
    bn = bn or dense_pack_default_bn(n, out_dtype)
    packed = te.compute((by, n // bn, k_extent, bn),
                        lambda b, z, k, x: tensor_b[b, z * bn + x, k], name="T_batch_matmul_packY",
                        tag="batch_matmul_pack_y")
    k = te.reduce_axis((0, k_extent), "k")
    batch = max(bx, by)

    def body(b, i, j):
        xa = tensor_a[0 if bx == 1 else b, i, k].astype(out_dtype)
        yb = packed[0 if by == 1 else b, j // bn, k, j % bn].astype(out_dtype)
        return te.sum(xa * yb, axis=k)

    return te.compute((batch, m, n), body, name="T_batch_matmul", tag="batch_matmul_pack")


def schedule_batch_matmul(outs, cfg=None):
    """Schedule batch_matmul (and its elementwise epilogue).

    Knobs (cfg dict):
      tile_y  rows per tile (default: x86.dense.gemm_tile_rows, up to 24 accumulators)
      tile_x  columns per tile (default: the packed panel, or one vector when
              transpose_b=False, or 16 for the dot-product form)
      tile_k  the vectorized K chunk of the dot products (transpose_b=True without packing;
              default: the vector width), else the unrolled reduction step (default 4)
    """
    return schedule_tagged(outs, ("batch_matmul", "batch_matmul_pack"), _schedule, cfg)


def _transpose_b(bmm):
    """Whether y is read as y[b, j, k] (the reduction variable last)."""
    from ... import tir  # pylint: disable=import-outside-toplevel

    y = bmm.op.input_tensors[1]
    k = bmm.op.reduce_axis[0].var
    found = []

    def visit(node):
        if isinstance(node, tir.ProducerLoad) and node.producer.same_as(y):
            found.append(node.indices[-1].same_as(k))

    tir.post_order_visit(tir.Evaluate(bmm.op.body[0]), visit)
    return bool(found and found[0])


def _schedule(s, cfg, bmm, last):
    _, m, n = get_const_tuple(bmm.shape)
    lanes = simd_lanes(bmm.dtype)
    path = epilogue_path(bmm, last)
    if bmm.op.tag == "batch_matmul_pack":
        packed = bmm.op.input_tensors[1]
        b_, z, _, x = s[packed].op.axis
        s[packed].parallel(s[packed].fuse(b_, z))
        s[packed].vectorize(x)
        tile_x = knob(cfg, "tile_x", get_const_tuple(packed.shape)[-1])
    elif _transpose_b(bmm):
        tile_x = knob(cfg, "tile_x", largest_divisor(n, 16))
        tile_k = knob(cfg, "tile_k", lanes)
        (k,) = s[bmm].op.reduce_axis
        _, ki = s[bmm].split(k, factor=tile_k)
        partial = s.rfactor(bmm, ki, factor_axis=3)
        b, y, x = s[last].op.axis
        xo, xi = s[last].split(x, factor=tile_x)
        fused = s[last].fuse(b, y, xo)
        s[last].parallel(fused)
        if len(path) > 1:
            s[last].vectorize(xi)
            stage, loop = schedule_tile_chain(s, path, fused, [1, 1, tile_x])
            s[bmm].compute_at(stage, loop)
            s[partial].compute_at(s[bmm], s[bmm].op.axis[2])
        else:
            s[partial].compute_at(s[last], xi)
        pk = s[partial].op.axis[3]
        (pko,) = s[partial].op.reduce_axis
        s[partial].reorder(pko, pk)
        s[partial].vectorize(pk)
        return
    else:
        tile_x = knob(cfg, "tile_x", largest_divisor(n, lanes))
    from .dense import gemm_tile_rows  # pylint: disable=import-outside-toplevel

    tile_y = knob(cfg, "tile_y", gemm_tile_rows(m, max(1, -(-tile_x // lanes))))
    if len(path) == 1:
        acc = s.cache_write(bmm, "local")
        out = bmm
    else:
        acc = bmm
        out = last
    b, y, x = s[out].op.axis
    yo, xo, yi, xi = s[out].tile(y, x, tile_y, tile_x)
    s[out].reorder(b, yo, xo, yi, xi)
    fused = s[out].fuse(b, yo, xo)
    s[out].parallel(fused)
    s[out].vectorize(xi)
    stage, loop = schedule_tile_chain(s, path, fused, [1, tile_y, tile_x])
    s[acc].compute_at(stage, loop)
    _, ay, ax = s[acc].op.axis
    (k,) = s[acc].op.reduce_axis
    ko, ki = s[acc].split(k, factor=knob(cfg, "tile_k", 4))
    s[acc].reorder(ko, ki, ay, ax)
    s[acc].unroll(ki)
    s[acc].unroll(ay)
    s[acc].vectorize(ax)
