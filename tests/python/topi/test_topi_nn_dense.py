"""dense / matmul / batch_matmul against numpy, with the default schedule and the x86
schedules (packed, no-pack, batch_matmul), for odd shapes, bias, epilogues and int8.

Tolerances: float32 rtol/atol 1e-4; int8 x int8 -> int32 exact.
"""
import numpy as np
import pytest

from tvm import te, topi
from tvm.topi import testing as tt

F32 = dict(rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("m,k,n", [(1, 17, 5), (7, 33, 19), (16, 64, 48)])
@pytest.mark.parametrize("with_bias", [False, True])
def test_dense(m, k, n, with_bias):
    """dense (weight [N, K], optional bias) under the default, no-pack and packed schedules."""
    A = te.placeholder((m, k), name="A")
    W = te.placeholder((n, k), name="W")
    B = te.placeholder((n,), name="B")
    a, w, b = (tt.random_data(t.shape, "float32") for t in (A, W, B))
    ref = a @ w.T + (b if with_bias else 0)
    bias = B if with_bias else None
    ins, vals = ([A, W, B], [a, w, b]) if with_bias else ([A, W], [a, w])
    out = topi.nn.dense(A, W, bias)
    np.testing.assert_allclose(tt.build_and_run(te.create_schedule(out.op), ins + [out], vals),
                               ref, **F32)
    np.testing.assert_allclose(
        tt.build_and_run(topi.x86.schedule_dense_nopack([out]), ins + [out], vals), ref, **F32)
    packed = topi.x86.dense_pack(A, W, bias)
    np.testing.assert_allclose(
        tt.build_and_run(topi.x86.schedule_dense_pack([packed]), ins + [packed], vals), ref, **F32)


def test_dense_pack_prepacked_weight_with_relu_epilogue():
    """dense_pack with a pre-packed [N/bn, K, bn] weight, bias and relu fused at the tile."""
    m, k, n, bn = 13, 40, 64, 16
    A = te.placeholder((m, k), name="A")
    Wp = te.placeholder((n // bn, k, bn), name="Wp")
    B = te.placeholder((n,), name="B")
    out = topi.nn.relu(topi.x86.dense_pack(A, Wp, B))
    a, w, b = tt.random_data((m, k), "float32"), tt.random_data((n, k), "float32"), \
        tt.random_data((n,), "float32")
    wp = w.reshape(n // bn, bn, k).transpose(0, 2, 1)
    ref = np.maximum(a @ w.T + b, 0)
    for cfg in (None, {"tile_y": 4, "panels": 2, "tile_k": 8}):
        s = topi.x86.schedule_dense_pack([out], cfg)
        np.testing.assert_allclose(tt.build_and_run(s, [A, Wp, B, out], [a, wp, b]), ref, **F32)


def test_dense_int8_int32():
    """int8 dense accumulates exactly in int32 under both x86 schedules."""
    A = te.placeholder((5, 24), "int8", name="A")
    W = te.placeholder((32, 24), "int8", name="W")
    a, w = tt.random_data(A.shape, "int8"), tt.random_data(W.shape, "int8")
    ref = a.astype("int32") @ w.astype("int32").T
    out = topi.nn.dense(A, W, out_dtype="int32")
    np.testing.assert_array_equal(
        tt.build_and_run(topi.x86.schedule_dense_nopack([out]), [A, W, out], [a, w]), ref)
    packed = topi.x86.dense_pack(A, W, out_dtype="int32")
    np.testing.assert_array_equal(
        tt.build_and_run(topi.x86.schedule_dense_pack([packed]), [A, W, packed], [a, w]), ref)


@pytest.mark.parametrize("ta,tb", [(False, False), (True, False), (False, True), (True, True)])
def test_matmul_transposes(ta, tb):
    """matmul with every combination of transpose_a / transpose_b, with a bias."""
    m, k, n = 6, 11, 9
    A = te.placeholder((k, m) if ta else (m, k), name="A")
    Bm = te.placeholder((n, k) if tb else (k, n), name="B")
    bias = te.placeholder((n,), name="bias")
    out = topi.nn.matmul(A, Bm, bias, transpose_a=ta, transpose_b=tb)
    a, b, c = (tt.random_data(t.shape, "float32") for t in (A, Bm, bias))
    ref = (a.T if ta else a) @ (b.T if tb else b) + c
    got = tt.build_and_run(te.create_schedule(out.op), [A, Bm, bias, out], [a, b, c])
    np.testing.assert_allclose(got, ref, **F32)


@pytest.mark.parametrize("bx,by,ta,tb", [(3, 3, False, True), (1, 4, False, False),
                                         (2, 1, True, True), (2, 2, True, False)])
def test_batch_matmul(bx, by, ta, tb):
    """batch_matmul with broadcasting batches and transposes, default and x86 schedules."""
    m, k, n = 7, 20, 33
    X = te.placeholder((bx, k, m) if ta else (bx, m, k), name="X")
    Y = te.placeholder((by, n, k) if tb else (by, k, n), name="Y")
    out = topi.nn.batch_matmul(X, Y, transpose_a=ta, transpose_b=tb)
    x, y = tt.random_data(X.shape, "float32"), tt.random_data(Y.shape, "float32")
    ref = tt.batch_matmul(x, y, trans_x=ta, trans_y=tb)
    for s in (te.create_schedule(out.op), topi.x86.schedule_batch_matmul([out])):
        np.testing.assert_allclose(tt.build_and_run(s, [X, Y, out], [x, y]), ref, **F32)


def test_batch_matmul_epilogue():
    """x86 batch_matmul computes a scaling + relu epilogue at its tile (both layouts of y)."""
    for tb in (False, True):
        X = te.placeholder((2, 16, 24), name="X")
        Y = te.placeholder((2, 32, 24) if tb else (2, 24, 32), name="Y")
        out = topi.nn.relu(topi.multiply(topi.nn.batch_matmul(X, Y, transpose_b=tb), 0.5))
        x, y = tt.random_data(X.shape, "float32"), tt.random_data(Y.shape, "float32")
        ref = np.maximum(tt.batch_matmul(x, y, trans_y=tb) * 0.5, 0)
        got = tt.build_and_run(topi.x86.schedule_batch_matmul([out]), [X, Y, out], [x, y])
        np.testing.assert_allclose(got, ref, **F32)


def test_dense_errors():
    """Mismatched reduction extents, a wrong bias and wrong ranks raise named ValueErrors."""
    A = te.placeholder((4, 8), name="A")
    with pytest.raises(ValueError, match=r"dense: the reduction extents .* must agree, found 8 "
                                         r"and 9"):
        topi.nn.dense(A, te.placeholder((3, 9)))
    with pytest.raises(ValueError, match=r"dense: bias length .* must agree, found 5 and 3"):
        topi.nn.dense(A, te.placeholder((3, 8)), te.placeholder((5,)))
    with pytest.raises(ValueError, match=r"batch_matmul: tensor_a must be 3-D, found shape "
                                         r"\(4, 8\)"):
        topi.nn.batch_matmul(A, te.placeholder((1, 3, 8)))
    with pytest.raises(ValueError, match=r"batch_matmul: the batch extents .* must agree, found "
                                         r"2 and 3"):
        topi.nn.batch_matmul(te.placeholder((2, 4, 8)), te.placeholder((3, 5, 8)))


@pytest.mark.parametrize("bx,by", [(3, 3), (1, 2), (2, 1)])
def test_x86_batch_matmul_packed(bx, by):
    """x86.batch_matmul packs y into panels (transpose_b=True) and, with a relu epilogue,
    equals numpy for broadcast batches and a row count the tile does not divide."""
    m, k, n = 13, 24, 48
    X = te.placeholder((bx, m, k), name="X")
    Y = te.placeholder((by, n, k), name="Y")
    out = topi.nn.relu(topi.x86.batch_matmul(X, Y))
    x, y = tt.random_data(X.shape, "float32"), tt.random_data(Y.shape, "float32")
    ref = np.maximum(tt.batch_matmul(x, y), 0)
    for cfg in (None, {"tile_y": 4, "tile_k": 2}):
        s = topi.x86.schedule_batch_matmul([out], cfg)
        np.testing.assert_allclose(tt.build_and_run(s, [X, Y, out], [x, y]), ref, **F32)
