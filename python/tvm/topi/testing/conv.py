"""numpy references of the convolutions: padded input, then one strided slice per kernel tap
contracted with that tap's weights (no im2col, no shared code with the computes)."""
import itertools

import numpy as np


def _acc_dtype(*arrays):
    if all(np.issubdtype(a.dtype, np.floating) for a in arrays):
        return np.float64
    return np.int64


def _pads(padding, kernel, nd):
    """(before, after) lists from an int, per-axis values, befores+afters, or SAME/VALID."""
    if isinstance(padding, str):
        if padding.upper() == "VALID":
            return [0] * nd, [0] * nd
        total = [k - 1 for k in kernel]
        return [(t + 1) // 2 for t in total], [t // 2 for t in total]
    pads = list(padding) if isinstance(padding, (list, tuple)) else [padding]
    if len(pads) == 1:
        return pads * nd, pads * nd
    if len(pads) == nd:
        return pads, pads
    return pads[:nd], pads[nd:]


def _per_axis(v, nd):
    return list(v) if isinstance(v, (list, tuple)) else [v] * nd


def conv_ncx_python(a_np, w_np, stride, padding, dilation=1, groups=1):
    """Channels-first convolution with any number of spatial axes: a [N, C, X...],
    w [K, C/groups, k...] -> [N, K, Y...], accumulated in float64 / int64."""
    nd = a_np.ndim - 2
    ks = w_np.shape[2:]
    stride, dilation = _per_axis(stride, nd), _per_axis(dilation, nd)
    before, after = _pads(padding, ks, nd)
    acc = _acc_dtype(a_np, w_np)
    a = np.pad(a_np.astype(acc), [(0, 0), (0, 0)] + list(zip(before, after)))
    n, c = a.shape[:2]
    k = w_np.shape[0]
    cg, kg = c // groups, k // groups
    out_sp = [(a.shape[2 + i] - (ks[i] - 1) * dilation[i] - 1) // stride[i] + 1
              for i in range(nd)]
    out = np.zeros([n, k] + out_sp, dtype=acc)
    w = w_np.astype(acc)
    for tap in itertools.product(*[range(e) for e in ks]):
        sl = tuple(slice(t * d, t * d + (o - 1) * s + 1, s)
                   for t, d, o, s in zip(tap, dilation, out_sp, stride))
        patch = a[(slice(None), slice(None)) + sl]
        for g in range(groups):
            wt = w[(slice(g * kg, (g + 1) * kg), slice(None)) + tap]  # [kg, cg]
            out[:, g * kg:(g + 1) * kg] += np.tensordot(
                patch[:, g * cg:(g + 1) * cg], wt, axes=([1], [1])).transpose(
                    [0, nd + 1] + list(range(1, nd + 1)))
    return out


def _cast(out, like):
    return out.astype(like if np.issubdtype(like, np.floating) else out.dtype)


def conv2d_nchw_python(a_np, w_np, stride, padding, groups=1, dilation=1):
    """a [N, C, H, W], w [K, C/groups, KH, KW] -> [N, K, OH, OW]."""
    return _cast(conv_ncx_python(a_np, w_np, stride, padding, dilation, groups), a_np.dtype)


def conv1d_ncw_python(a_np, w_np, stride, padding, dilation=1):
    return _cast(conv_ncx_python(a_np, w_np, stride, padding, dilation), a_np.dtype)


def conv3d_ncdhw_python(a_np, w_np, stride, padding, groups=1, dilation=1):
    return _cast(conv_ncx_python(a_np, w_np, stride, padding, dilation, groups), a_np.dtype)


def conv2d_nhwc_python(a_np, w_np, stride, padding, dilation=1, groups=1):
    """a [N, H, W, C], w [KH, KW, C/groups, K] -> [N, OH, OW, K]."""
    out = conv2d_nchw_python(a_np.transpose(0, 3, 1, 2), w_np.transpose(3, 2, 0, 1), stride,
                             padding, groups, dilation)
    return out.transpose(0, 2, 3, 1)


def depthwise_conv2d_python_nchw(input_np, filter_np, stride, padding, dilation=1):
    """input [N, C, H, W], filter [C, M, KH, KW] -> [N, C*M, OH, OW]."""
    c, m, kh, kw = filter_np.shape
    return conv2d_nchw_python(input_np, filter_np.reshape(c * m, 1, kh, kw), stride, padding,
                              groups=c, dilation=dilation)


def depthwise_conv2d_python_nhwc(input_np, filter_np, stride, padding, dilation=1):
    """input [N, H, W, C], filter [KH, KW, C, M] -> [N, OH, OW, C*M]."""
    out = depthwise_conv2d_python_nchw(input_np.transpose(0, 3, 1, 2),
                                       filter_np.transpose(2, 3, 0, 1), stride, padding,
                                       dilation)
    return out.transpose(0, 2, 3, 1)


def conv2d_transpose_nchw_python(a_np, w_np, stride, padding, output_padding=(0, 0)):
    """a [N, C, H, W], w [C, K, KH, KW]: each input pixel scatters its weighted kernel into
    the output, which is then cropped by the padding."""
    n, c, h, w = a_np.shape
    _, k, kh, kw = w_np.shape
    sh, sw = _per_axis(stride, 2)
    (pt, pl), (pb, pr) = _pads(padding, (kh, kw), 2)
    oph, opw = _per_axis(output_padding, 2)
    acc = _acc_dtype(a_np, w_np)
    full = np.zeros((n, k, (h - 1) * sh + kh + oph, (w - 1) * sw + kw + opw), dtype=acc)
    a, wt = a_np.astype(acc), w_np.astype(acc)
    for y in range(h):
        for x in range(w):
            full[:, :, y * sh:y * sh + kh, x * sw:x * sw + kw] += np.einsum(
                "nc,ckij->nkij", a[:, :, y, x], wt)
    oh = (h - 1) * sh - pt - pb + kh + oph
    ow = (w - 1) * sw - pl - pr + kw + opw
    return _cast(full[:, :, pt:pt + oh, pl:pl + ow], a_np.dtype)


def nchw_to_nchwc(a_np, bn):
    """[N, C, H, W] -> [N, C/bn, H, W, bn]."""
    n, c, h, w = a_np.shape
    return a_np.reshape(n, c // bn, bn, h, w).transpose(0, 1, 3, 4, 2).copy()


def nchwc_to_nchw(a_np):
    n, co, h, w, bn = a_np.shape
    return a_np.transpose(0, 1, 4, 2, 3).reshape(n, co * bn, h, w)


def oihw_to_oihwio(w_np, ic_bn, oc_bn):
    """Kernel [K, C, KH, KW] -> [K/oc_bn, C/ic_bn, KH, KW, ic_bn, oc_bn]."""
    k, c, kh, kw = w_np.shape
    return w_np.reshape(k // oc_bn, oc_bn, c // ic_bn, ic_bn, kh, kw).transpose(
        0, 2, 4, 5, 3, 1).copy()
