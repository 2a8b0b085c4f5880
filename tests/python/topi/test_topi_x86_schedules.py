"""x86 schedules: elementwise epilogues fused at the reduction's tile, knob overrides, the
shape of the generated loop nest (parallel outer loop, vectorized inner loop), and values
against numpy for shapes the default tiles do not divide.

Tolerance: float32 rtol/atol 1e-4.
"""
import numpy as np
import pytest

import tvm
from tvm import te, topi
from tvm.topi import testing as tt

F32 = dict(rtol=1e-4, atol=1e-4)


def _lowered(s, tensors):
    return str(tvm.lower(s, tensors))


def _conv_nchwc_epilogue(n_c, k, h, w, ic_bn, oc_bn, stride=1, pad=1):
    A = te.placeholder((1, n_c // ic_bn, h, w, ic_bn), name="A")
    W = te.placeholder((k // oc_bn, n_c // ic_bn, 3, 3, ic_bn, oc_bn), name="W")
    B = te.placeholder((k // oc_bn, 1, 1, oc_bn), name="B")
    conv = topi.x86.conv2d_NCHWc(A, W, stride, pad, 1)
    R = te.placeholder([int(d) for d in conv.shape], name="R")
    out = topi.add(topi.nn.relu(topi.add(conv, B)), R)
    return A, W, B, R, out


@pytest.mark.parametrize("cfg", [None, {"tile_ow": 3}, {"tile_ow": 4, "unroll_kw": True},
                                 {"inline_pad": True}])
def test_conv2d_NCHWc_bias_relu_residual_epilogue(cfg):
    """conv2d_NCHWc + bias + relu + residual add in one loop nest equals numpy, for several
    knob settings including a tile that does not divide the output width."""
    c, k, h, w, ic_bn, oc_bn = 8, 32, 10, 11, 4, 16
    A, W, B, R, out = _conv_nchwc_epilogue(c, k, h, w, ic_bn, oc_bn)
    a = tt.random_data((1, c, h, w), "float32")
    wt = tt.random_data((k, c, 3, 3), "float32")
    b = tt.random_data((k,), "float32")
    r = tt.random_data([int(d) for d in out.shape], "float32")
    conv = tt.conv2d_nchw_python(a, wt, 1, 1) + b.reshape(1, k, 1, 1)
    ref = np.maximum(tt.nchw_to_nchwc(conv, oc_bn), 0) + r
    s = topi.x86.schedule_conv2d_NCHWc([out], cfg)
    got = tt.build_and_run(s, [A, W, B, R, out],
                           [tt.nchw_to_nchwc(a, ic_bn), tt.oihw_to_oihwio(wt, ic_bn, oc_bn),
                            b.reshape(k // oc_bn, 1, 1, oc_bn), r])
    np.testing.assert_allclose(got, ref, **F32)


def test_conv2d_NCHWc_loop_nest_shape():
    """The NCHWc schedule yields one parallel loop and vector (Ramp) accesses of oc_bn lanes,
    with no separate root loop nest for the epilogue stages."""
    A, W, B, R, out = _conv_nchwc_epilogue(16, 32, 14, 14, 16, 16)
    s = topi.x86.schedule_conv2d_NCHWc([out])
    text = _lowered(s, [A, W, B, R, out])
    assert "T.parallel" in text
    assert "T.Ramp(" in text and ", 1, 16)" in text
    # Padding pass + fused conv/epilogue nest: two parallel loops at the root.
    assert text.count("T.parallel") == 2


def test_conv2d_NCHWc_default_blocks():
    """The analytic default picks one vector of channels and a tile that fits the registers."""
    lanes = topi.x86.simd_lanes("float32")
    ic_bn, oc_bn, tile_ow = topi.x86.conv2d_NCHWc_default_blocks(64, 128, 56)
    assert oc_bn == min(lanes, 128) and ic_bn == min(lanes, 64)
    assert 56 % tile_ow == 0 and 1 < tile_ow <= 28
    _, oc_bn, _ = topi.x86.conv2d_NCHWc_default_blocks(3, 10, 7)
    assert 10 % oc_bn == 0


def test_conv2d_nchw_direct_epilogue_and_knobs():
    """The direct NCHW schedule with a bias + relu epilogue, default and explicit knobs."""
    A = te.placeholder((1, 5, 13, 19), name="A")
    W = te.placeholder((6, 5, 3, 3), name="W")
    B = te.placeholder((6,), name="B")
    out = topi.nn.relu(topi.nn.bias_add(topi.x86.conv2d_nchw(A, W, 1, 1, 1), B))
    a, wt, b = (tt.random_data(t.shape, "float32") for t in (A, W, B))
    ref = np.maximum(tt.conv2d_nchw_python(a, wt, 1, 1) + b.reshape(1, 6, 1, 1), 0)
    for cfg in (None, {"tile_oc": 3, "tile_ow": 8}, {"tile_oc": 4, "tile_ow": 5}):
        s = topi.x86.schedule_conv2d_nchw([out], cfg)
        np.testing.assert_allclose(tt.build_and_run(s, [A, W, B, out], [a, wt, b]), ref, **F32)


@pytest.mark.parametrize("c, hw, k, ks, stride, pad, dil", [
    (5, (13, 19), 6, 3, 1, 1, 1),     # K below one vector, odd widths
    (16, (15, 15), 48, 3, 2, 1, 1),   # K = 3 vectors: one-vector tiles, stride 2
    (8, (11, 9), 64, 1, 1, 0, 1),     # 1x1, two-vector tiles
    (3, (17, 12), 32, 5, 1, 3, 2),    # dilation, padding wider than the kernel's reach
])
def test_conv2d_nhwc_register_tiles_against_torch(c, hw, k, ks, stride, pad, dil):
    """The x86 NHWC schedule (HWIO kernel) with a bias + relu epilogue, default and explicit
    knobs, equals torch's conv2d on the same data in NCHW."""
    torch = pytest.importorskip("torch")
    A = te.placeholder((2, hw[0], hw[1], c), name="A")
    W = te.placeholder((ks, ks, c, k), name="W")
    B = te.placeholder((k,), name="B")
    out = topi.nn.relu(topi.add(topi.nn.conv2d_nhwc(A, W, stride, pad, dil), B))
    a, wt, b = (tt.random_data(t.shape, "float32") for t in (A, W, B))
    ref = torch.nn.functional.conv2d(torch.from_numpy(a).permute(0, 3, 1, 2),
                                     torch.from_numpy(wt).permute(3, 2, 0, 1),
                                     torch.from_numpy(b), stride, pad, dil)
    ref = torch.relu(ref).permute(0, 2, 3, 1).numpy()
    for cfg in (None, {"tile_oc": k if k < 16 else 16, "tile_ow": 3}):
        s = topi.x86.schedule_conv2d_nhwc([out], cfg)
        np.testing.assert_allclose(tt.build_and_run(s, [A, W, B, out], [a, wt, b]), ref, **F32)


def test_conv2d_nhwc_without_epilogue_keeps_a_register_accumulator():
    """A bare NHWC convolution accumulates in a local (register) tile of one vector of output
    channels by the 8-pixel row."""
    A = te.placeholder((1, 8, 8, 16), name="A")
    W = te.placeholder((3, 3, 16, 32), name="W")
    out = topi.nn.conv2d_nhwc(A, W, 1, 1, 1)
    text = str(tvm.lower(topi.x86.schedule_conv2d_nhwc([out]), [A, W, out]))
    lanes = topi.x86.utils.simd_lanes("float32")
    assert '"local"' in text and f"T.Ramp(0, 1, {lanes})" in text, text
    # The 8-pixel row is unrolled inside the reduction: one FMA statement per pixel.
    assert text.count("T.Broadcast(PadInput_1[") == 8, text


def test_depthwise_epilogue_and_knob():
    """depthwise NCHW with a relu epilogue and a tile_ow override."""
    A = te.placeholder((1, 4, 9, 21), name="A")
    W = te.placeholder((4, 1, 3, 3), name="W")
    out = topi.nn.relu(topi.nn.depthwise_conv2d_nchw(A, W, 1, 1, 1))
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = np.maximum(tt.depthwise_conv2d_python_nchw(a, wt, 1, 1), 0)
    for cfg in (None, {"tile_ow": 7}):
        s = topi.x86.schedule_depthwise_conv2d_nchw([out], cfg)
        np.testing.assert_allclose(tt.build_and_run(s, [A, W, out], [a, wt]), ref, **F32)


def test_dense_pack_loop_nest_shape():
    """dense_pack: packed-panel loads are dense vectors, the tile loop is parallel."""
    A = te.placeholder((32, 64), name="A")
    W = te.placeholder((64, 64), name="W")
    out = topi.x86.dense_pack(A, W)
    s = topi.x86.schedule_dense_pack([out])
    text = _lowered(s, [A, W, out])
    assert "T.parallel" in text and "T.Ramp(" in text


@pytest.mark.parametrize("cfg", [
    None,                                   # default: copy_data on (K = 2048), one x group
    {"copy_data": False},
    {"x_group": 2, "tile_y": 5},            # weight groups, a tile that leaves a tail of 2
    {"copy_data": True, "x_group": 1, "tile_y": 8, "panels": 2},
    {"k_block": 512},                       # K blocked, [tile_y, N] accumulator in memory
    {"k_block": 300, "tile_y": 6},          # rounded down to a divisor of K (256)
])
def test_dense_pack_large_k_bias_relu(cfg):
    """dense_pack with a long reduction (K = 2048, whose row stride puts a tile's rows in one
    L1 set: the padded data copy), a pre-packed weight, bias + relu fused, 37 rows (tiles of
    24, 5, 8 or 6 rows leave partial tiles), under the default knobs and explicit ones, equals
    numpy."""
    m, k, n, bn = 37, 2048, 96, 16
    A = te.placeholder((m, k), name="A")
    Wp = te.placeholder((n // bn, k, bn), name="Wp")
    B = te.placeholder((n,), name="B")
    out = topi.nn.relu(topi.x86.dense_pack(A, Wp, B))
    a, w, b = tt.random_data((m, k), "float32"), tt.random_data((n, k), "float32"), \
        tt.random_data((n,), "float32")
    wp = np.ascontiguousarray(w.reshape(n // bn, bn, k).transpose(0, 2, 1))
    ref = np.maximum(a.astype("float64") @ w.astype("float64").T + b, 0)
    s = topi.x86.schedule_dense_pack([out], cfg)
    if cfg is None:
        # The padded copy: row stride K + one cache line (16 float32).
        assert f"i * {k + 16}" in _lowered(s, [A, Wp, B, out])
    got = tt.build_and_run(s, [A, Wp, B, out], [a, wp, b])
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-4)


def test_dense_pack_k_block_two_d_weight_no_epilogue():
    """k_block with the weight packed by a stage and no epilogue (the output is the dense
    itself, the accumulator a cache_write); K = 1024 with 19 rows."""
    m, k, n = 19, 1024, 48
    A = te.placeholder((m, k), name="A")
    W = te.placeholder((n, k), name="W")
    out = topi.x86.dense_pack(A, W)
    a, w = tt.random_data((m, k), "float32"), tt.random_data((n, k), "float32")
    s = topi.x86.schedule_dense_pack([out], {"k_block": 256, "tile_y": 8})
    got = tt.build_and_run(s, [A, W, out], [a, w])
    np.testing.assert_allclose(got, a.astype("float64") @ w.astype("float64").T,
                               rtol=1e-4, atol=1e-4)


def test_dense_pack_default_knobs_for_long_rows():
    """The analytic defaults: the padded copy only when more than 8 rows of a tile share an L1
    set; weight groups only when the packed weight exceeds WEIGHT_RESIDENT_BYTES."""
    share = topi.x86.dense.rows_share_l1_sets
    assert share(2048, 4, 16) and share(1024, 4, 16) and share(3072, 4, 16)
    assert not share(768, 4, 16) and not share(512, 4, 16) and not share(2048, 4, 8)
    assert not share(2047, 4, 16)
    group = topi.x86.dense.dense_pack_default_x_group
    assert group(768, 2048, 16) == 48          # 6 MiB: one group, row block by row block
    assert group(3072, 768, 16) == 4           # 9.4 MiB: 4 panels of 48 KiB
    assert group(768, 3072, 16) == 1           # 9.4 MiB: one 192 KiB panel per group


def test_injective_broadcast_and_odd_sizes():
    """schedule_injective on a broadcast of odd extent (not a multiple of the vector width)."""
    X = te.placeholder((3, 1, 37), name="X")
    Y = te.placeholder((5, 1), name="Y")
    out = topi.nn.relu(topi.add(X, Y))
    x, y = tt.random_data(X.shape, "float32"), tt.random_data(Y.shape, "float32")
    got = tt.build_and_run(topi.x86.schedule_injective([out]), [X, Y, out], [x, y])
    np.testing.assert_allclose(got, np.maximum(x + y, 0), **F32)


@pytest.mark.parametrize("shape,src,dst", [
    ((1, 3, 10, 12), "NCHW", "NCHW3c"),     # the network input of a blocked first convolution
    ((2, 3, 5, 7, 16), "NCHW16c", "NCHW"),  # back from the blocked layout
    ((1, 12, 3, 5), "NCHW", "NCHW8c"),      # a block that does not divide: zero padding
    ((4, 6), "NC", "NC2c"),                 # rank 2 keeps the fused schedule
])
def test_injective_layout_transform(shape, src, dst):
    """Layout transforms under schedule_injective (outer axes parallel, inner loops) equal
    the numpy re-blocking."""
    A = te.placeholder(shape, name="A")
    out = topi.layout_transform(A, src, dst)
    a = tt.random_data(shape, "float32")
    if src.endswith("c"):  # NCHW<b>c -> NCHW
        ref = tt.nchwc_to_nchw(a)
    else:
        b = int(dst[len(src):-1])
        c = shape[1]
        cb = -(-c // b)
        padded = np.zeros((shape[0], cb * b) + shape[2:], "float32")
        padded[:, :c] = a
        ref = padded.reshape((shape[0], cb, b) + shape[2:])
        ref = np.moveaxis(ref, 2, -1)
    s = topi.x86.schedule_injective([out])
    if len(shape) >= 3:
        assert "T.parallel" in _lowered(s, [A, out])
    np.testing.assert_array_equal(tt.build_and_run(s, [A, out], [a]), ref)


def test_softmax_schedule_parallel_rows():
    """schedule_softmax parallelizes rows and vectorizes the normalization."""
    X = te.placeholder((6, 40), name="X")
    out = topi.nn.softmax(X)
    s = topi.x86.schedule_softmax([out])
    text = _lowered(s, [X, out])
    assert "T.parallel" in text and "T.Ramp(" in text
    x = tt.random_data(X.shape, "float32")
    np.testing.assert_allclose(tt.build_and_run(s, [X, out], [x]), tt.softmax_python(x, -1),
                               **F32)


def test_schedule_softmax_rejects_other_ops():
    """schedule_softmax names the tag it expected when given another operator."""
    X = te.placeholder((6, 40), name="X")
    with pytest.raises(ValueError, match="schedule_softmax: expected a softmax output"):
        topi.x86.schedule_softmax([topi.nn.relu(X)])


def test_vectorized_row_reductions():
    """With row lengths that are multiples of the vector width, softmax / log_softmax /
    layer_norm reduce in vector accumulators (rfactor) and still match the references."""
    lanes = topi.x86.simd_lanes("float32")
    n = 4 * lanes
    X = te.placeholder((5, n), name="X")
    x = tt.random_data(X.shape, "float32", -3, 3)
    for op, ref in ((topi.nn.softmax, tt.softmax_python(x, -1)),
                    (topi.nn.log_softmax, tt.log_softmax_python(x, -1))):
        out = op(X)
        s = topi.x86.schedule_softmax([out])
        assert "rf" in _lowered(s, [X, out])
        np.testing.assert_allclose(tt.build_and_run(s, [X, out], [x]), ref, **F32)
    X3 = te.placeholder((2, 3, n), name="X3")
    G, B = te.placeholder((n,), name="G"), te.placeholder((n,), name="B")
    x3, g, b = (tt.random_data(t.shape, "float32") for t in (X3, G, B))
    out = topi.nn.layer_norm(X3, G, B, [2])
    s = topi.x86.schedule_layer_norm([out])
    assert "rf" in _lowered(s, [X3, G, B, out])
    np.testing.assert_allclose(tt.build_and_run(s, [X3, G, B, out], [x3 + 2.0, g, b]),
                               tt.layer_norm_python(x3 + 2.0, g, b, [2]), **F32)


@pytest.mark.parametrize("pool_type", ["max", "avg"])
def test_pool_epilogues(pool_type):
    """Pooling followed by one elementwise stage (computed per output element) or by a chain
    of them (pooling at the root, the chain inlined) equals numpy."""
    X = te.placeholder((2, 3, 9, 8), name="X")
    x = tt.random_data(X.shape, "float32")
    pool = topi.nn.pool2d(X, 3, 2, 1, 1, pool_type)
    ref = tt.poolnd_python(x, (3, 3), (2, 2), (1, 1), (1, 1), (1, 1), pool_type)
    one = topi.nn.relu(pool)
    chain = topi.nn.relu(topi.add(topi.multiply(pool, 2.0), 1.0))
    for out, want in ((one, np.maximum(ref, 0)), (chain, np.maximum(ref * 2 + 1, 0))):
        s = topi.x86.schedule_pool([out], "NCHW")
        np.testing.assert_allclose(tt.build_and_run(s, [X, out], [x]), want, **F32)
    gpool = topi.nn.global_pool(X, pool_type)
    gref = tt.adaptive_pool(x, (1, 1), pool_type)
    out = topi.nn.relu(topi.add(gpool, 0.5))
    s = topi.x86.schedule_adaptive_pool([out])
    np.testing.assert_allclose(tt.build_and_run(s, [X, out], [x]), np.maximum(gref + 0.5, 0),
                               **F32)


def _top_level_loops(mod):
    """The outermost loops of the lowered function (those not nested in another loop)."""
    out = []

    def walk(n):
        if n is None:
            return
        if isinstance(n, tvm.tir.For):
            out.append(n)
            return
        if isinstance(n, tvm.tir.SeqStmt):
            for x in n.seq:
                walk(x)
            return
        for attr in ("body", "then_case", "else_case"):
            if hasattr(n, attr):
                walk(getattr(n, attr))

    walk(mod["main"].body)
    return out


def _one_parallel_row_loop(s, tensors, rows):
    """The lowered function is a single parallel loop over `rows` rows (every stage inside)."""
    mod = tvm.lower(s, tensors)
    top = _top_level_loops(mod)
    assert len(top) == 1, [str(t.loop_var) for t in top]
    assert top[0].kind == tvm.tir.ForKind.PARALLEL and int(top[0].extent) == rows
    return str(mod)


@pytest.mark.parametrize("shape,axis", [((2, 3, 5, 37), -1), ((3, 64), -1), ((4, 128), 1),
                                        ((2, 7, 5, 3), 1), ((3, 5, 33), 2), ((1, 10, 6, 20), 1),
                                        ((4, 6, 18), 0), ((3, 7, 17), 1)])
@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_single_parallel_pass(shape, axis, op):
    """Every stage of softmax / log_softmax runs per row inside one parallel loop over the
    rows (the axes before the softmax axis, plus those after it but the last when there are
    two or more: NCHW channels at batch 1 run H rows in parallel), vectorized; values match
    numpy, odd row lengths and middle axes included."""
    X = te.placeholder(shape, name="X")
    out = getattr(topi.nn, op)(X, axis)
    s = topi.x86.schedule_softmax([out])
    ax = axis % len(shape)
    rows = int(np.prod(shape[:ax]))
    if len(shape) - ax > 2:
        rows *= int(np.prod(shape[ax + 1:-1]))
    text = _one_parallel_row_loop(s, [X, out], rows)
    if shape[-1] >= topi.x86.simd_lanes("float32"):
        assert "T.Ramp(" in text
    x = tt.random_data(shape, "float32", -5, 5)
    z = x - x.max(axis=ax, keepdims=True)
    ez = np.exp(z.astype("float64"))
    ref = ez / ez.sum(axis=ax, keepdims=True) if op == "softmax" else \
        z - np.log(ez.sum(axis=ax, keepdims=True))
    np.testing.assert_allclose(tt.build_and_run(s, [X, out], [x]), ref, rtol=1e-5, atol=1e-5)


def test_softmax_row_buffers_are_one_row():
    """The exponentials are a buffer of one row, the max and the sum one value per row (with
    the vector partials of `vector` lanes, combined by halves)."""
    X = te.placeholder((12, 128), name="X")
    out = topi.nn.softmax(X)
    s = topi.x86.schedule_softmax([out], {"vector": 8})
    text = str(tvm.lower(s, [X, out]))
    assert 'T_softmax_exp = T.allocate([128], "float32"' in text
    assert 'T_softmax_maxelem_rf = T.allocate([8], "float32"' in text
    # The 8 lanes combined by halves: partials of 4 and 2 lanes, then the max of the last 2.
    assert 'T_softmax_maxelem_rf_2 = T.allocate([4], "float32"' in text
    assert 'T_softmax_maxelem_rf_4 = T.allocate([2], "float32"' in text
    assert 'T_softmax_expsum = T.allocate([1], "float32"' in text
    x = tt.random_data(X.shape, "float32", -5, 5)
    np.testing.assert_allclose(tt.build_and_run(s, [X, out], [x]), tt.softmax_python(x, -1),
                               rtol=1e-5, atol=1e-6)


def test_softmax_over_the_first_axis():
    """No row axes: the stages at the root, values match numpy."""
    X = te.placeholder((37, 5), name="X")
    out = topi.nn.softmax(X, 0)
    s = topi.x86.schedule_softmax([out])
    x = tt.random_data(X.shape, "float32", -5, 5)
    np.testing.assert_allclose(tt.build_and_run(s, [X, out], [x]), tt.softmax_python(x, 0),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("sched", ["schedule_softmax", "schedule_layer_norm"])
def test_row_schedules_reject_a_bad_vector_width(sched):
    """vector must be a positive width; the error names the knob and the value."""
    X = te.placeholder((4, 16), name="X")
    G, B = te.placeholder((16,), name="G"), te.placeholder((16,), name="B")
    out = topi.nn.softmax(X) if sched == "schedule_softmax" else \
        topi.nn.layer_norm(X, G, B, [1])
    with pytest.raises(ValueError, match="vector must be a positive width, found 0"):
        getattr(topi.x86, sched)([out], {"vector": 0})


@pytest.mark.parametrize("shape,axes", [((128, 768), [1]), ((3, 37), [-1]), ((2, 3, 5, 16), [2, 3]),
                                        ((2, 7, 9), [1]), ((2, 3, 5, 6), [1, 3]), ((9, 4), [0])])
def test_layer_norm_single_parallel_pass(shape, axes):
    """layer_norm: the sum, the squared deviations and the output per row inside one parallel
    loop over the rows (axes before the first normalized one), vectorized; values match numpy
    (float64 reference), odd lengths and normalized middle axes included."""
    ax = tuple(a % len(shape) for a in axes)
    norm_shape = tuple(shape[a] for a in ax)
    X = te.placeholder(shape, name="X")
    G, B = te.placeholder(norm_shape, name="G"), te.placeholder(norm_shape, name="B")
    out = topi.nn.layer_norm(X, G, B, list(axes))
    s = topi.x86.schedule_layer_norm([out])
    first = min(ax)
    if first > 0:
        _one_parallel_row_loop(s, [X, G, B, out], int(np.prod(shape[:first])))
    x = tt.random_data(shape, "float32", -3, 3) + 2.0
    g, b = tt.random_data(norm_shape, "float32"), tt.random_data(norm_shape, "float32")
    x64 = x.astype("float64")
    mu = x64.mean(axis=ax, keepdims=True)
    var = x64.var(axis=ax, keepdims=True)
    bshape = [shape[d] if d in ax else 1 for d in range(len(shape))]
    ref = (x64 - mu) / np.sqrt(var + 1e-5) * g.reshape(bshape) + b.reshape(bshape)
    np.testing.assert_allclose(tt.build_and_run(s, [X, G, B, out], [x, g, b]), ref,
                               rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("k,n,rows", [(37, 13, None), (512, 1000, None), (768, 3072, 8),
                                      (3072, 768, 4), (5, 3, None), (16, 9, 16), (33, 7, 2)])
@pytest.mark.parametrize("with_bias", [False, True])
def test_dense_gemv_values(k, n, rows, with_bias):
    """Batch-1 dense as a matrix-vector product: values vs numpy (float64) for K odd (a tail
    of K % lanes), N not a multiple of the row block, and the bias."""
    A, W, B = te.placeholder((1, k), name="A"), te.placeholder((n, k), name="W"), \
        te.placeholder((n,), name="B")
    out = topi.x86.dense_gemv(A, W, B if with_bias else None)
    s = topi.x86.schedule_dense_gemv([out], {"rows": rows} if rows else None)
    a, w, b = (tt.random_data(t.shape, "float32") for t in (A, W, B))
    args = [A, W] + ([B] if with_bias else []) + [out]
    ins = [a, w] + ([b] if with_bias else [])
    ref = a.astype("float64") @ w.astype("float64").T + (b if with_bias else 0)
    np.testing.assert_allclose(tt.build_and_run(s, args, ins), ref, rtol=1e-4, atol=1e-4)


def test_dense_gemv_loop_nest_and_epilogue():
    """One parallel loop over blocks of `rows` outputs; per block `rows` vector accumulators
    over K (lanes vectorized, rows unrolled); a relu after the dense runs on the block."""
    k, n, rows = 64, 40, 8
    A, W = te.placeholder((1, k), name="A"), te.placeholder((n, k), name="W")
    out = topi.nn.relu(topi.x86.dense_gemv(A, W))
    s = topi.x86.schedule_dense_gemv([out], {"rows": rows})
    mod = tvm.lower(s, [A, W, out])
    top = _top_level_loops(mod)
    assert len(top) == 1 and top[0].kind == tvm.tir.ForKind.PARALLEL
    assert int(top[0].extent) == n // rows
    text = str(mod)
    lanes = topi.x86.dense_gemv_default_lanes(k)
    assert f'T_dense_gemv_acc = T.allocate([{rows * lanes}], "float32"' in text
    assert text.count("T_dense_gemv_acc_1[T.Ramp(") >= rows  # unrolled vector rows
    a, w = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    np.testing.assert_allclose(tt.build_and_run(s, [A, W, out], [a, w]),
                               np.maximum(a @ w.T, 0), rtol=1e-4, atol=1e-4)


def test_dense_gemv_errors():
    """Bad shapes and knobs are ValueErrors naming what was expected and found."""
    W = te.placeholder((8, 16), name="W")
    with pytest.raises(ValueError, match=r"dense_gemv: data must have one row \(batch 1\), "
                                         r"found shape \(2, 16\)"):
        topi.x86.dense_gemv(te.placeholder((2, 16), name="A"), W)
    with pytest.raises(ValueError, match=r"must have K = 12 \(data's\), found shape \(8, 16\)"):
        topi.x86.dense_gemv(te.placeholder((1, 12), name="A"), W)
    with pytest.raises(ValueError, match=r"lanes must be in \[1, K=16\], found 32"):
        topi.x86.dense_gemv(te.placeholder((1, 16), name="A"), W, lanes=32)
    out = topi.x86.dense_gemv(te.placeholder((1, 16), name="A"), W)
    with pytest.raises(ValueError, match="rows must be positive, found 0"):
        topi.x86.schedule_dense_gemv([out], {"rows": 0})


@pytest.mark.parametrize("lanes", [1, 2, 12, 32])
def test_dense_gemv_lane_sums(lanes):
    """The lanes of the K split summed by halves (a power of two) or by a reduction (12):
    values vs numpy, K = 100 leaving a tail for each width but 1 and 2."""
    k, n = 100, 11
    A, W = te.placeholder((1, k), name="A"), te.placeholder((n, k), name="W")
    out = topi.x86.dense_gemv(A, W, lanes=lanes)
    names = {t.op.name for t in out.op.input_tensors[0].op.input_tensors}
    if lanes in (2, 32):
        assert "T_dense_gemv_half1" in names
    s = topi.x86.schedule_dense_gemv([out])
    a, w = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    np.testing.assert_allclose(tt.build_and_run(s, [A, W, out], [a, w]),
                               a.astype("float64") @ w.astype("float64").T, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("pool_type", ["max", "avg"])
def test_global_pool_blocked_layout(pool_type):
    """global_pool on NCHW16c data under schedule_adaptive_pool(layout="NCHW16c") (channel
    block vectorized, window outside) equals numpy's max / mean over H and W, alone and with
    an epilogue."""
    X = te.placeholder((2, 3, 7, 5, 16), name="X")
    x = tt.random_data(X.shape, "float32")
    red = x.max(axis=(2, 3), keepdims=True) if pool_type == "max" else \
        x.mean(axis=(2, 3), keepdims=True)
    gpool = topi.nn.global_pool(X, pool_type, "NCHW16c")
    for out, want in ((gpool, red), (topi.nn.relu(topi.add(gpool, -0.5)),
                                     np.maximum(red - 0.5, 0))):
        s = topi.x86.schedule_adaptive_pool([out], layout="NCHW16c")
        np.testing.assert_allclose(tt.build_and_run(s, [X, out], [x]), want, **F32)
    if pool_type == "avg":
        text = _lowered(topi.x86.schedule_adaptive_pool([gpool], layout="NCHW16c"), [X, gpool])
        assert "T.parallel" in text and "T.Ramp(" in text

