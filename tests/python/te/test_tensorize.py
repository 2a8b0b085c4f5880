"""tensorize with te.decl_tensor_intrin: loop nests replaced by a 16-wide dot product mapped to
an LLVM vector intrinsic, and by extern C micro-kernels; results against numpy; misuse errors."""
import ctypes

import numpy as np
import pytest

import tvm
from tvm import te
from tvm.contrib import cc, utils


def intrin_dot16(dtype="float32", with_reset=True):
    """c[0] = sum(a[k] * b[k]) for 16 k, as llvm.vector.reduce.fadd over a <16 x float>."""
    a = te.placeholder((16,), dtype, name="a")
    b = te.placeholder((16,), dtype, name="b")
    k = te.reduce_axis((0, 16), name="k")
    c = te.compute((1,), lambda i: te.sum(a[k] * b[k], axis=k), name="c")

    def fcompute(ins, outs):
        aa, bb = ins
        cc_ = outs[0]
        prod = aa.vload([0], f"{dtype}x16") * bb.vload([0], f"{dtype}x16")
        total = tvm.tir.call_llvm_pure_intrin(dtype, "llvm.vector.reduce.fadd",
                                              tvm.tir.const(0.0, dtype), prod)
        body = cc_.vstore([0], total)
        if not with_reset:
            return body
        return body, cc_.vstore([0], 0.0), cc_.vstore([0], cc_.vload([0]) + total)

    return te.decl_tensor_intrin(c.op, fcompute, name="dot16")


def _row_dots(n, K):
    A = te.placeholder((n, K), name="A")
    B = te.placeholder((n, K), name="B")
    k = te.reduce_axis((0, K), name="k")
    C = te.compute((n, 1), lambda i, j: te.sum(A[i, k] * B[i, k], axis=k), name="C")
    return A, B, C


def _run_row_dots(s, A, B, C, n, K, target="llvm"):
    f = tvm.build(s, [A, B, C], target)
    a = np.random.rand(n, K).astype("float32")
    b = np.random.rand(n, K).astype("float32")
    c = tvm.nd.empty((n, 1))
    f(tvm.nd.array(a), tvm.nd.array(b), c)
    np.testing.assert_allclose(c.numpy()[:, 0], (a * b).sum(axis=1), rtol=1e-5)
    return f


def test_dot16_llvm_vector_intrinsic_whole_reduction():
    """A reduction of exactly 16 is one intrinsic call; the vector reduce reaches the LLVM IR."""
    n = 37
    A, B, C = _row_dots(n, 16)
    s = te.create_schedule(C.op)
    s[C].tensorize(C.op.axis[1], intrin_dot16(with_reset=False))
    f = _run_row_dots(s, A, B, C, n, 16)
    ll = f.get_source("ll")
    assert "llvm.vector.reduce.fadd.v16f32" in ll
    assert "load <16 x float>" in ll


def test_dot16_reduction_split_across_the_tensorized_loop():
    """K = 64 reduced as 4 intrinsic steps: reduce_init in the init nest, reduce_update inside."""
    n, K = 37, 64
    A, B, C = _row_dots(n, K)
    s = te.create_schedule(C.op)
    ko, ki = s[C].split(C.op.reduce_axis[0], factor=16)
    s[C].reorder(C.op.axis[0], ko, C.op.axis[1], ki)
    s[C].tensorize(C.op.axis[1], intrin_dot16())
    text = str(tvm.lower(s, [A, B, C], simple_mode=True))
    assert text.count("llvm.vector.reduce.fadd") == 1 and "T.Ramp(" in text
    _run_row_dots(s, A, B, C, n, K)


def test_tensorize_under_a_parallel_outer_loop():
    """Outer loops keep their annotations: a parallel row loop around the intrinsic."""
    n, K = 64, 32
    A, B, C = _row_dots(n, K)
    s = te.create_schedule(C.op)
    ko, ki = s[C].split(C.op.reduce_axis[0], factor=16)
    s[C].reorder(C.op.axis[0], ko, C.op.axis[1], ki)
    s[C].parallel(C.op.axis[0])
    s[C].tensorize(C.op.axis[1], intrin_dot16())
    _run_row_dots(s, A, B, C, n, K)


_GEMV_SRC = r"""
int tvmtest_gemv_update(float* cc, const float* aa, const float* bb, int m, int l, int stride) {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < l; ++j) cc[i] += aa[j] * bb[i * stride + j];
  return 0;
}
int tvmtest_gemv_reset(float* cc, int m) {
  for (int i = 0; i < m; ++i) cc[i] = 0.0f;
  return 0;
}
"""


@pytest.fixture(scope="module")
def gemv_kernels():
    """The C micro-kernels, compiled and loaded into the process (RTLD_GLOBAL)."""
    tmp = utils.tempdir()
    src = tmp.relpath("gemv.c")
    with open(src, "w") as f:
        f.write(_GEMV_SRC)
    lib = tmp.relpath("libgemv.so")
    cc.create_shared(lib, [src], options=["-O2"])
    return ctypes.CDLL(lib, mode=ctypes.RTLD_GLOBAL)


def intrin_gemv(m, l, strided=True):
    """c[i] = sum_k a[k] * b[i, k], by extern C kernels; b's row stride is symbolic."""
    a = te.placeholder((l,), name="a")
    b = te.placeholder((m, l), name="b")
    k = te.reduce_axis((0, l), name="k")
    c = te.compute((m,), lambda i: te.sum(a[k] * b[i, k], axis=k), name="c")
    binds = {}
    if strided:
        binds[b] = tvm.tir.decl_buffer(b.shape, b.dtype, name="B", offset_factor=1,
                                       strides=[te.var("s1"), 1])

    def fcompute(ins, outs):
        aa, bb = ins
        out = outs[0]
        stride = bb.strides[0] if strided else l
        update = tvm.tir.call_extern("int32", "tvmtest_gemv_update", out.access_ptr("w"),
                                     aa.access_ptr("r"), bb.access_ptr("r"), m, l, stride)
        reset = tvm.tir.call_extern("int32", "tvmtest_gemv_reset", out.access_ptr("w"), m)
        body = tvm.tir.SeqStmt([tvm.tir.Evaluate(reset), tvm.tir.Evaluate(update)])
        return body, reset, update

    return te.decl_tensor_intrin(c.op, fcompute, binds=binds, name="gemv")


def _gemm_abt(N, M, K):
    A = te.placeholder((N, K), name="A")
    B = te.placeholder((M, K), name="B")
    k = te.reduce_axis((0, K), name="k")
    C = te.compute((N, M), lambda x, y: te.sum(A[x, k] * B[y, k], axis=k), name="C")
    return A, B, C


@pytest.mark.parametrize("target", ["llvm", "c"])
def test_gemv_micro_kernel_on_strided_tiles(gemv_kernels, target):
    """A·Bᵀ tiled 16 x 64 over K = 128: the kernel sees B's rows with stride 128, bound through
    the buffer's symbolic stride; reset then update across the two K blocks."""
    N, M, K = 8, 64, 128
    A, B, C = _gemm_abt(N, M, K)
    s = te.create_schedule(C.op)
    x, y = C.op.axis
    yo, yi = s[C].split(y, factor=16)
    ko, ki = s[C].split(C.op.reduce_axis[0], factor=64)
    s[C].reorder(x, yo, ko, yi, ki)
    s[C].tensorize(yi, intrin_gemv(16, 64))
    text = str(tvm.lower(s, [A, B, C], simple_mode=True))
    assert "tvmtest_gemv_reset" in text and "tvmtest_gemv_update" in text
    f = tvm.build(s, [A, B, C], target)
    a = np.random.rand(N, K).astype("float32")
    b = np.random.rand(M, K).astype("float32")
    c = tvm.nd.empty((N, M))
    f(tvm.nd.array(a), tvm.nd.array(b), c)
    np.testing.assert_allclose(c.numpy(), a @ b.T, rtol=1e-4)


def test_compact_intrinsic_buffer_cannot_view_a_strided_tile(gemv_kernels):
    """Without declared strides, binding b to rows of stride 128 is refused, naming the fix."""
    A, B, C = _gemm_abt(8, 64, 128)
    s = te.create_schedule(C.op)
    x, y = C.op.axis
    yo, yi = s[C].split(y, factor=16)
    ko, ki = s[C].split(C.op.reduce_axis[0], factor=64)
    s[C].reorder(x, yo, ko, yi, ki)
    s[C].tensorize(yi, intrin_gemv(16, 64, strided=False))
    with pytest.raises(ValueError, match=r"buffer b .*tensor B.*compact.*stride 128.*strides"):
        tvm.lower(s, [A, B, C])


def _scheduled_row_dots(factor=16, n=8, K=64, intrin=None, reorder=True):
    A, B, C = _row_dots(n, K)
    s = te.create_schedule(C.op)
    ko, ki = s[C].split(C.op.reduce_axis[0], factor=factor)
    if reorder:
        s[C].reorder(C.op.axis[0], ko, C.op.axis[1], ki)
    s[C].tensorize(C.op.axis[1] if reorder else ki, intrin or intrin_dot16())
    return s, [A, B, C]


def test_error_extent_differs_from_the_intrinsic():
    """Splitting K by 8 leaves 8 values for a 16-wide intrinsic: the message gives both."""
    s, args = _scheduled_row_dots(factor=8)
    with pytest.raises(ValueError, match=r"axis k.* spans 8 .*intrinsic's axis k has extent 16"):
        tvm.lower(s, args)


def test_error_tail_of_a_non_dividing_split():
    """K = 40 split by 16 has a tail the intrinsic cannot compute."""
    s, args = _scheduled_row_dots(K=40)
    with pytest.raises(ValueError, match="have a tail"):
        tvm.lower(s, args)


def test_error_body_differs():
    """An intrinsic computing a + b cannot replace a loop computing a * b."""
    a = te.placeholder((16,), name="a")
    b = te.placeholder((16,), name="b")
    k = te.reduce_axis((0, 16), name="k")
    c = te.compute((1,), lambda i: te.sum(a[k] + b[k], axis=k), name="c")
    wrong = te.decl_tensor_intrin(
        c.op, lambda ins, outs: (outs[0].vstore([0], 0.0),) * 3, name="add16")
    s, args = _scheduled_row_dots(intrin=wrong)
    with pytest.raises(ValueError, match="does not match intrinsic add16: the reduced value differs"):
        tvm.lower(s, args)


def test_error_outer_reduction_needs_reset_and_update():
    """An intrinsic with only a body cannot be used when part of the reduction is outside."""
    s, args = _scheduled_row_dots(intrin=intrin_dot16(with_reset=False))
    with pytest.raises(ValueError, match="must declare reduce_init and reduce_update"):
        tvm.lower(s, args)


def test_error_tensorize_misuse_at_schedule_time():
    """Tensorizing a placeholder, or an axis of another stage, fails when it is requested."""
    A, B, C = _row_dots(4, 16)
    D = te.compute((4, 1), lambda i, j: C[i, j] + 1.0, name="D")
    s = te.create_schedule(D.op)
    with pytest.raises(ValueError, match="placeholder"):
        s[A].tensorize(C.op.axis[0], intrin_dot16())
    with pytest.raises(ValueError, match="does not belong to stage D"):
        s[D].tensorize(C.op.axis[1], intrin_dot16())


def test_decl_tensor_intrin_checks_its_declaration():
    """An intrinsic over a computed (not placeholder) input, or a bad fcompute result, is refused."""
    a = te.placeholder((16,), name="a")
    a2 = te.compute((16,), lambda i: a[i] * 2.0, name="a2")
    c = te.compute((16,), lambda i: a2[i] + 1.0, name="c")
    with pytest.raises(ValueError, match="must be a te.placeholder"):
        te.decl_tensor_intrin(c.op, lambda ins, outs: outs[0].vstore([0], 0.0))
    d = te.compute((16,), lambda i: a[i] + 1.0, name="d")
    with pytest.raises(ValueError, match=r"\(body, reset, update\)"):
        te.decl_tensor_intrin(d.op, lambda ins, outs: (outs[0].vstore([0], 0.0),) * 2)


def test_tensorize_a_cache_write_stage_computed_at_a_tile():
    """The local accumulator stage of a tile (cache_write + compute_at) is tensorized; its
    region guards are provably true and do not block the match."""
    n, K = 64, 64
    A = te.placeholder((n, K), name="A")
    B = te.placeholder((n, K), name="B")
    k = te.reduce_axis((0, K), name="k")
    C = te.compute((n, 4), lambda i, j: te.sum(A[i, k] * B[(i + j) % n, k], axis=k), name="C")
    s = te.create_schedule(C.op)
    CC = s.cache_write(C, "local")
    io, _ = s[C].split(C.op.axis[0], factor=8)
    s[CC].compute_at(s[C], io)
    ko, ki = s[CC].split(s[CC].op.reduce_axis[0], factor=16)
    i2, j2 = s[CC].op.axis
    s[CC].reorder(ko, i2, j2, ki)
    _, jd = s[CC].split(j2, factor=1)
    s[CC].tensorize(jd, intrin_dot16())
    f = tvm.build(s, [A, B, C], "llvm")
    a = np.random.rand(n, K).astype("float32")
    b = np.random.rand(n, K).astype("float32")
    c = tvm.nd.empty((n, 4))
    f(tvm.nd.array(a), tvm.nd.array(b), c)
    ref = np.stack([(a * b[(np.arange(n) + j) % n]).sum(axis=1) for j in range(4)], axis=1)
    np.testing.assert_allclose(c.numpy(), ref, rtol=1e-4)
