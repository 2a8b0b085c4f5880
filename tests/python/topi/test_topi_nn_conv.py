"""Convolutions: every compute against the numpy references of tvm.topi.testing (and torch
where it has the op), through tvm.build on llvm with the default schedule and the x86 one.

Tolerances: float32 rtol/atol 1e-4 (sums of up to a few thousand products of values in
[-1, 1)); int8 inputs with int32 accumulation are exact.
"""
import numpy as np
import pytest

from tvm import te, topi
from tvm.topi import testing as tt

F32 = dict(rtol=1e-4, atol=1e-4)


def _default(out):
    return te.create_schedule(out.op)


def _check(out, tensors, inputs, ref, x86_schedule=None, **tol):
    tol = tol or F32
    got = tt.build_and_run(_default(out), tensors, inputs)
    np.testing.assert_allclose(got, ref, **tol)
    if x86_schedule is not None:
        got = tt.build_and_run(x86_schedule([out]), tensors, inputs)
        np.testing.assert_allclose(got, ref, **tol)


@pytest.mark.parametrize("n,c,h,w,k,kh,stride,pad,dil", [
    (1, 3, 9, 11, 4, 3, 1, 1, 1),
    (2, 5, 13, 7, 6, 3, 2, (1, 2), 1),
    (1, 4, 12, 12, 8, 3, 1, (0, 1, 2, 3), 2),
    (1, 8, 8, 8, 5, 1, 1, 0, 1),
    (1, 3, 10, 10, 2, 5, 3, "SAME", 1),
    (1, 16, 7, 7, 33, 3, 1, "VALID", 1),
])
def test_conv2d_nchw(n, c, h, w, k, kh, stride, pad, dil):
    """conv2d_nchw matches the reference for odd shapes, paddings, strides and dilations."""
    A = te.placeholder((n, c, h, w), name="A")
    W = te.placeholder((k, c, kh, kh), name="W")
    out = topi.nn.conv2d_nchw(A, W, stride, pad, dil)
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = tt.conv2d_nchw_python(a, wt, stride, pad, dilation=dil)
    _check(out, [A, W, out], [a, wt], ref, topi.x86.schedule_conv2d_nchw)


def test_conv2d_nchw_matches_torch():
    """conv2d_nchw equals torch.nn.functional.conv2d with asymmetric stride and dilation."""
    torch = pytest.importorskip("torch")
    A = te.placeholder((2, 6, 15, 12), name="A")
    W = te.placeholder((4, 6, 3, 2), name="W")
    out = topi.nn.conv2d_nchw(A, W, (2, 1), (1, 2), (1, 2))
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = torch.nn.functional.conv2d(torch.tensor(a), torch.tensor(wt), stride=(2, 1),
                                     padding=(1, 2), dilation=(1, 2)).numpy()
    _check(out, [A, W, out], [a, wt], ref, topi.x86.schedule_conv2d_nchw)


def test_conv2d_nchw_int8_int32_accumulation():
    """int8 data and kernel with out_dtype int32 accumulate exactly."""
    A = te.placeholder((1, 7, 9, 9), "int8", name="A")
    W = te.placeholder((5, 7, 3, 3), "int8", name="W")
    out = topi.nn.conv2d_nchw(A, W, 1, 1, 1, out_dtype="int32")
    assert out.dtype == "int32"
    a, wt = tt.random_data(A.shape, "int8"), tt.random_data(W.shape, "int8")
    ref = tt.conv2d_nchw_python(a, wt, 1, 1).astype("int32")
    _check(out, [A, W, out], [a, wt], ref, topi.x86.schedule_conv2d_nchw, rtol=0, atol=0)


@pytest.mark.parametrize("stride,pad,dil", [(1, 1, 1), (2, (0, 1, 1, 0), 1), (1, 2, 2)])
def test_conv2d_nhwc(stride, pad, dil):
    """conv2d_nhwc (HWIO kernel) matches the reference."""
    A = te.placeholder((2, 10, 9, 5), name="A")
    W = te.placeholder((3, 3, 5, 7), name="W")
    out = topi.nn.conv2d_nhwc(A, W, stride, pad, dil)
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = tt.conv2d_nhwc_python(a, wt, stride, pad, dilation=dil)
    _check(out, [A, W, out], [a, wt], ref)


@pytest.mark.parametrize("groups,c,k", [(2, 6, 4), (3, 9, 9), (4, 8, 12)])
def test_group_conv2d_nchw(groups, c, k):
    """group_conv2d_nchw matches the reference and torch's groups argument."""
    torch = pytest.importorskip("torch")
    A = te.placeholder((1, c, 11, 10), name="A")
    W = te.placeholder((k, c // groups, 3, 3), name="W")
    out = topi.nn.group_conv2d_nchw(A, W, 2, 1, 1, groups)
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = tt.conv2d_nchw_python(a, wt, 2, 1, groups=groups)
    tref = torch.nn.functional.conv2d(torch.tensor(a), torch.tensor(wt), stride=2, padding=1,
                                      groups=groups).numpy()
    np.testing.assert_allclose(ref, tref, **F32)
    _check(out, [A, W, out], [a, wt], ref, topi.x86.schedule_conv2d_nchw)


@pytest.mark.parametrize("m,stride,pad,dil", [(1, 1, 1, 1), (2, 2, (1, 0), 1), (1, 1, 2, 2)])
def test_depthwise_conv2d_nchw(m, stride, pad, dil):
    """depthwise_conv2d_nchw with channel multiplier m matches the reference (and torch)."""
    torch = pytest.importorskip("torch")
    c = 6
    A = te.placeholder((2, c, 12, 13), name="A")
    W = te.placeholder((c, m, 3, 3), name="W")
    out = topi.nn.depthwise_conv2d_nchw(A, W, stride, pad, dil)
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = tt.depthwise_conv2d_python_nchw(a, wt, stride, pad, dilation=dil)
    ph, pw = (pad, pad) if isinstance(pad, int) else pad
    tref = torch.nn.functional.conv2d(torch.tensor(a), torch.tensor(wt.reshape(c * m, 1, 3, 3)),
                                      stride=stride, padding=(ph, pw), dilation=dil,
                                      groups=c).numpy()
    np.testing.assert_allclose(ref, tref, **F32)
    _check(out, [A, W, out], [a, wt], ref, topi.x86.schedule_depthwise_conv2d_nchw)


def test_depthwise_conv2d_nhwc():
    """depthwise_conv2d_nhwc (HWOI kernel, multiplier 2) matches the reference."""
    A = te.placeholder((1, 9, 10, 4), name="A")
    W = te.placeholder((3, 3, 4, 2), name="W")
    out = topi.nn.depthwise_conv2d_nhwc(A, W, (2, 1), 1, 1)
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = tt.depthwise_conv2d_python_nhwc(a, wt, (2, 1), 1)
    _check(out, [A, W, out], [a, wt], ref)


@pytest.mark.parametrize("c,k,ic_bn,oc_bn,stride,pad", [
    (16, 32, 8, 16, 1, 1), (8, 16, 4, 8, 2, (0, 1, 1, 0)), (32, 16, 16, 16, 1, 0),
])
def test_conv2d_NCHWc(c, k, ic_bn, oc_bn, stride, pad):
    """conv2d_NCHWc on blocked data and kernel equals conv2d_nchw_python after un-blocking."""
    h, w = 11, 9
    A = te.placeholder((1, c // ic_bn, h, w, ic_bn), name="A")
    W = te.placeholder((k // oc_bn, c // ic_bn, 3, 3, ic_bn, oc_bn), name="W")
    out = topi.nn.conv2d_NCHWc(A, W, stride, pad, 1, f"NCHW{ic_bn}c", f"NCHW{oc_bn}c")
    a = tt.random_data((1, c, h, w), "float32")
    wt = tt.random_data((k, c, 3, 3), "float32")
    ref = tt.nchw_to_nchwc(tt.conv2d_nchw_python(a, wt, stride, pad), oc_bn)
    _check(out, [A, W, out], [tt.nchw_to_nchwc(a, ic_bn), tt.oihw_to_oihwio(wt, ic_bn, oc_bn)],
           ref, topi.x86.schedule_conv2d_NCHWc)


def test_conv2d_NCHWc_int8():
    """conv2d_NCHWc with int8 inputs and int32 output is exact under the x86 schedule."""
    A = te.placeholder((1, 2, 8, 8, 4), "int8", name="A")
    W = te.placeholder((2, 2, 3, 3, 4, 16), "int8", name="W")
    out = topi.nn.conv2d_NCHWc(A, W, 1, 1, 1, out_dtype="int32")
    a = tt.random_data((1, 8, 8, 8), "int8")
    wt = tt.random_data((32, 8, 3, 3), "int8")
    ref = tt.nchw_to_nchwc(tt.conv2d_nchw_python(a, wt, 1, 1).astype("int32"), 16)
    _check(out, [A, W, out], [tt.nchw_to_nchwc(a, 4), tt.oihw_to_oihwio(wt, 4, 16)], ref,
           topi.x86.schedule_conv2d_NCHWc, rtol=0, atol=0)


@pytest.mark.parametrize("stride,pad,dil", [(1, 0, 1), (2, 1, 1), (3, (2, 1), 2)])
def test_conv1d_ncw(stride, pad, dil):
    """conv1d_ncw matches the reference and torch.conv1d."""
    torch = pytest.importorskip("torch")
    A = te.placeholder((2, 3, 17), name="A")
    W = te.placeholder((5, 3, 3), name="W")
    out = topi.nn.conv1d_ncw(A, W, stride, pad, dil)
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = tt.conv1d_ncw_python(a, wt, stride, pad, dil)
    if isinstance(pad, int):
        tref = torch.nn.functional.conv1d(torch.tensor(a), torch.tensor(wt), stride=stride,
                                          padding=pad, dilation=dil).numpy()
        np.testing.assert_allclose(ref, tref, **F32)
    _check(out, [A, W, out], [a, wt], ref)


@pytest.mark.parametrize("groups", [1, 2])
def test_conv3d_ncdhw(groups):
    """conv3d_ncdhw matches the reference and torch.conv3d."""
    torch = pytest.importorskip("torch")
    A = te.placeholder((1, 4, 6, 7, 5), name="A")
    W = te.placeholder((6, 4 // groups, 3, 3, 2), name="W")
    out = topi.nn.conv3d_ncdhw(A, W, (1, 2, 1), 1, 1, groups)
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = tt.conv3d_ncdhw_python(a, wt, (1, 2, 1), 1, groups=groups)
    tref = torch.nn.functional.conv3d(torch.tensor(a), torch.tensor(wt), stride=(1, 2, 1),
                                      padding=1, groups=groups).numpy()
    np.testing.assert_allclose(ref, tref, **F32)
    _check(out, [A, W, out], [a, wt], ref)


@pytest.mark.parametrize("stride,pad,opad", [(1, 0, 0), (2, 1, 1), ((2, 3), (1, 0), (0, 2)),
                                             (2, 3, 0)])
def test_conv2d_transpose_nchw(stride, pad, opad):
    """conv2d_transpose_nchw matches the scatter reference and torch.conv_transpose2d."""
    torch = pytest.importorskip("torch")
    A = te.placeholder((2, 4, 5, 6), name="A")
    W = te.placeholder((4, 3, 3, 4), name="W")
    out = topi.nn.conv2d_transpose_nchw(A, W, stride, pad, "float32", opad)
    a, wt = tt.random_data(A.shape, "float32"), tt.random_data(W.shape, "float32")
    ref = tt.conv2d_transpose_nchw_python(a, wt, stride, pad, opad)
    tref = torch.nn.functional.conv_transpose2d(torch.tensor(a), torch.tensor(wt), stride=stride,
                                                padding=pad, output_padding=opad).numpy()
    np.testing.assert_allclose(ref, tref, **F32)
    _check(out, [A, W, out], [a, wt], ref)


# ---- errors ---------------------------------------------------------------------------------

def _dw_kernel_blocked(wt, oc_bn):
    """Depthwise kernel [C, M, KH, KW] -> [C*M/oc_bn, 1, KH, KW, 1, oc_bn] (OIHW1i<oc_bn>o),
    output channel c*M + m."""
    c, m, kh, kw = wt.shape
    o = c * m
    return wt.reshape(o // oc_bn, oc_bn, kh, kw).transpose(0, 2, 3, 1).reshape(
        o // oc_bn, 1, kh, kw, 1, oc_bn).copy()


@pytest.mark.parametrize("c,m,ic_bn,oc_bn,stride,pad,dil,hw", [
    (32, 1, 16, 16, 1, 1, 1, (11, 9)),       # two blocks, stride 1
    (48, 1, 16, 16, 2, 1, 1, (13, 12)),      # stride 2, odd input height
    (24, 1, 8, 8, 2, (0, 1, 1, 0), 1, (10, 9)),  # the block of 24 channels, asymmetric pad
    (20, 1, 10, 10, (1, 2), 1, 1, (7, 11)),  # 20 channels: block 10, mixed strides
    (7, 1, 7, 7, 1, 2, 2, (9, 9)),           # 7 channels (one odd block), dilation 2, pad 2
    (16, 1, 16, 16, 1, 0, 1, (5, 30)),       # no padding, a row longer than one tile
    (6, 2, 3, 4, 1, 1, 1, (6, 7)),           # multiplier 2, input and output blocks differ
])
def test_depthwise_conv2d_NCHWc(c, m, ic_bn, oc_bn, stride, pad, dil, hw):
    """depthwise_conv2d_NCHWc on blocked data and kernel equals the NCHW depthwise reference
    (checked against torch's grouped convolution) after un-blocking, with the default schedule
    and the x86 one."""
    torch = pytest.importorskip("torch")
    h, w = hw
    A = te.placeholder((1, c // ic_bn, h, w, ic_bn), name="A")
    W = te.placeholder((c * m // oc_bn, 1, 3, 3, 1, oc_bn), name="W")
    out = topi.nn.depthwise_conv2d_NCHWc(A, W, stride, pad, dil, f"NCHW{ic_bn}c",
                                         f"NCHW{oc_bn}c")
    a = tt.random_data((1, c, h, w), "float32")
    wt = tt.random_data((c, m, 3, 3), "float32")
    ref = tt.depthwise_conv2d_python_nchw(a, wt, stride, pad, dilation=dil)
    if isinstance(pad, int):  # torch takes symmetric padding only
        tref = torch.nn.functional.conv2d(torch.tensor(a),
                                          torch.tensor(wt.reshape(c * m, 1, 3, 3)),
                                          stride=stride, padding=pad, dilation=dil,
                                          groups=c).numpy()
        np.testing.assert_allclose(ref, tref, **F32)
    _check(out, [A, W, out], [tt.nchw_to_nchwc(a, ic_bn), _dw_kernel_blocked(wt, oc_bn)],
           tt.nchw_to_nchwc(ref, oc_bn), topi.x86.schedule_depthwise_conv2d_NCHWc)


@pytest.mark.parametrize("cfg", [None, {"inline_pad": False}, {"tile_ow": 4, "tile_oh": 2},
                                 {"tile_ow": 5}])
def test_depthwise_conv2d_NCHWc_fused_epilogue(cfg):
    """The x86 schedule with bias + clip (relu6) + residual add fused after the convolution,
    for its knobs (padding pass or inlined, tiles dividing the output or not), equals the
    numpy composition."""
    c, bn, h, w = 32, 16, 12, 10
    A = te.placeholder((1, c // bn, h, w, bn), name="A")
    W = te.placeholder((c // bn, 1, 3, 3, 1, bn), name="W")
    B = te.placeholder((c // bn, 1, 1, bn), name="B")
    R = te.placeholder((1, c // bn, h, w, bn), name="R")
    conv = topi.nn.depthwise_conv2d_NCHWc(A, W, 1, 1, 1)
    out = topi.add(topi.clip(topi.add(conv, B), 0.0, 6.0), R)
    a = tt.random_data((1, c, h, w), "float32") * 8
    wt = tt.random_data((c, 1, 3, 3), "float32")
    b = tt.random_data((c,), "float32")
    r = tt.random_data((1, c, h, w), "float32")
    ref = np.clip(tt.depthwise_conv2d_python_nchw(a, wt, 1, 1) + b.reshape(1, c, 1, 1),
                  0.0, 6.0) + r
    assert 0 < (ref - r == 6.0).sum() < ref.size  # the clip is exercised
    inputs = [tt.nchw_to_nchwc(a, bn), _dw_kernel_blocked(wt, bn),
              b.reshape(c // bn, 1, 1, bn), tt.nchw_to_nchwc(r, bn)]
    got = tt.build_and_run(topi.x86.schedule_depthwise_conv2d_NCHWc([out], cfg),
                           [A, W, B, R, out], inputs)
    np.testing.assert_allclose(tt.nchwc_to_nchw(got), ref, **F32)


def test_depthwise_conv2d_NCHWc_errors():
    """Bad blocked depthwise inputs raise ValueError naming what was expected and found."""
    A = te.placeholder((1, 2, 8, 8, 4), name="A")
    _raises(r"depthwise_conv2d_NCHWc: kernel dimension 1 must be 1, found 2",
            topi.nn.depthwise_conv2d_NCHWc, A, te.placeholder((2, 2, 3, 3, 1, 4)), 1, 1, 1)
    _raises(r"depthwise_conv2d_NCHWc: kernel dimension 4 must be 1, found 4",
            topi.nn.depthwise_conv2d_NCHWc, A, te.placeholder((2, 1, 3, 3, 4, 4)), 1, 1, 1)
    _raises(r"depthwise_conv2d_NCHWc: the output channels \(kernel dimensions 0 x 5 = 12\) "
            r"must be a multiple of the input channels \(8\), found 3 x 4",
            topi.nn.depthwise_conv2d_NCHWc, A, te.placeholder((3, 1, 3, 3, 1, 4)), 1, 1, 1)
    _raises(r"depthwise_conv2d_NCHWc: data must be 5-D", topi.nn.depthwise_conv2d_NCHWc,
            te.placeholder((1, 8, 8, 8)), te.placeholder((2, 1, 3, 3, 1, 4)), 1, 1, 1)
    _raises(r"depthwise_conv2d_NCHWc: out_layout must be 'NCHW4c' for these shapes, found "
            r"'NCHW8c'", topi.nn.depthwise_conv2d_NCHWc, A, te.placeholder((2, 1, 3, 3, 1, 4)),
            1, 1, 1, "NCHW4c", "NCHW8c")
    _raises(r"depthwise_conv2d_NCHWc: the kernel \(extent 5 .*\) is larger than the padded "
            r"input \(extent 4\)", topi.nn.depthwise_conv2d_NCHWc,
            te.placeholder((1, 2, 4, 4, 4)), te.placeholder((2, 1, 5, 5, 1, 4)), 1, 0, 1)


def _raises(match, f, *args):
    with pytest.raises(ValueError, match=match):
        f(*args)


def test_conv_errors_name_op_argument_expected_and_found():
    """Bad inputs raise ValueError naming the op, the argument, what was expected and found."""
    A = te.placeholder((1, 4, 8, 8), name="A")
    _raises(r"conv2d_nchw: kernel dimension 1 .* must be 4, found 3", topi.nn.conv2d_nchw, A,
            te.placeholder((2, 3, 3, 3)), 1, 1, 1)
    _raises(r"group_conv2d_nchw: groups must .* divide .* input channels \(4\) .* found 3",
            topi.nn.group_conv2d_nchw, A, te.placeholder((6, 1, 3, 3)), 1, 1, 1, 3)
    _raises(r"conv2d_nchw: the kernel \(extent 11 .*\) is larger than the padded input "
            r"\(extent 10\)", topi.nn.conv2d_nchw, A, te.placeholder((2, 4, 11, 3)), 1, 1, 1)
    _raises(r"conv2d_nchw: data must be 4-D \(NCHW\), found shape \(1, 4, 8\)",
            topi.nn.conv2d_nchw, te.placeholder((1, 4, 8)), te.placeholder((2, 4, 3, 3)), 1, 1, 1)
    _raises(r"conv2d_nchw: padding must have 1, 2 or 4 values .* found 3", topi.nn.conv2d_nchw,
            A, te.placeholder((2, 4, 3, 3)), 1, (1, 1, 1), 1)
    _raises(r"conv2d_nchw: strides must be >= 1, found 0", topi.nn.conv2d_nchw, A,
            te.placeholder((2, 4, 3, 3)), 0, 1, 1)
    _raises(r"depthwise_conv2d_nchw: kernel dimension 0 .* must be 4, found 5",
            topi.nn.depthwise_conv2d_nchw, A, te.placeholder((5, 1, 3, 3)), 1, 1, 1)
    _raises(r"conv2d_NCHWc: kernel dimension 4 .* must be 4, found 8", topi.nn.conv2d_NCHWc,
            te.placeholder((1, 2, 8, 8, 4)), te.placeholder((1, 2, 3, 3, 8, 16)), 1, 1, 1)
    _raises(r"conv2d_NCHWc: layout must be 'NCHW4c'", topi.nn.conv2d_NCHWc,
            te.placeholder((1, 2, 8, 8, 4)), te.placeholder((1, 2, 3, 3, 4, 16)), 1, 1, 1,
            "NCHW8c")
    _raises(r"conv2d_transpose_nchw: output_padding must be smaller than the stride, found 2 "
            r">= 2", topi.nn.conv2d_transpose_nchw, A, te.placeholder((4, 2, 3, 3)), 2, 1,
            "float32", 2)
    _raises(r"conv2d_nhwc: kernel dimension 2 .* must be 8, found 4", topi.nn.conv2d_nhwc, A,
            te.placeholder((3, 3, 4, 2)), 1, 1, 1)
