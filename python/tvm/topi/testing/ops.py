"""numpy references of matrix products, softmax, pooling, normalization, layout and resize."""
import itertools
import math

import numpy as np


def batch_matmul(x, y, out_dtype=None, trans_x=False, trans_y=True):
    """[B, M, K] x [B, N, K]^T (layouts by trans_x / trans_y), a batch of 1 broadcasting."""
    xx = x.transpose(0, 2, 1) if trans_x else x
    yy = y.transpose(0, 2, 1) if trans_y else y
    acc = np.float64 if np.issubdtype(x.dtype, np.floating) else np.int64
    out = np.matmul(xx.astype(acc), yy.astype(acc))
    return out.astype(out_dtype or x.dtype)


def softmax_python(a_np, axis=1):
    e = np.exp(a_np - a_np.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(a_np.dtype)


def log_softmax_python(a_np, axis=1):
    shifted = a_np - a_np.max(axis=axis, keepdims=True)
    return (shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))).astype(a_np.dtype)


def poolnd_python(np_data, kernel, strides, dilation, padding_before, padding_after, pool_type,
                  count_include_pad=True, ceil_mode=False, dtype="float32", layout="NCHW"):
    """Pooling over the spatial axes of layout ('D', 'H', 'W'), window by window."""
    axes = [layout.index(a) for a in "DHW" if a in layout]
    nd = len(axes)
    data = np.moveaxis(np_data, axes, list(range(np_data.ndim - nd, np_data.ndim)))
    lead = data.shape[:-nd]
    in_sp = data.shape[-nd:]
    out_sp = []
    for i in range(nd):
        span = in_sp[i] + padding_before[i] + padding_after[i] - (kernel[i] - 1) * dilation[i] - 1
        o = (-(-span // strides[i]) if ceil_mode else span // strides[i]) + 1
        if ceil_mode and (o - 1) * strides[i] >= in_sp[i] + padding_before[i]:
            o -= 1
        out_sp.append(o)
    out = np.zeros(lead + tuple(out_sp), dtype=np.float64)
    for pos in itertools.product(*[range(o) for o in out_sp]):
        vals, count_pad = [], 1
        taps_per_axis = []
        for i in range(nd):
            start = pos[i] * strides[i] - padding_before[i]
            taps = [start + t * dilation[i] for t in range(kernel[i])]
            count_pad *= sum(1 for t in taps if -padding_before[i] <= t < in_sp[i] + padding_after[i])
            taps_per_axis.append([t for t in taps if 0 <= t < in_sp[i]])
        for tap in itertools.product(*taps_per_axis):
            vals.append(data[(Ellipsis,) + tap])
        if pool_type == "max":
            # Padding never wins a max: only in-bounds taps count.
            r = np.max(np.stack(vals), axis=0) if vals else np.full(lead, -np.inf)
        else:
            s = np.sum(np.stack(vals), axis=0, dtype=np.float64) if vals else np.zeros(lead)
            r = s / (count_pad if count_include_pad else max(len(vals), 1))
        out[(Ellipsis,) + pos] = r
    out = np.moveaxis(out, list(range(out.ndim - nd, out.ndim)), axes)
    return out.astype(dtype)


def adaptive_pool(np_data, out_size, pool_type, layout="NCHW"):
    """Adaptive pooling over H and W: window o covers [floor(o*X/O), ceil((o+1)*X/O))."""
    h_ax, w_ax = layout.index("H"), layout.index("W")
    data = np.moveaxis(np_data, [h_ax, w_ax], [-2, -1])
    oh, ow = out_size
    ih, iw = data.shape[-2:]
    out = np.zeros(data.shape[:-2] + (oh, ow), dtype=np.float64)
    red = np.max if pool_type == "max" else np.mean
    for y in range(oh):
        for x in range(ow):
            y0, y1 = (y * ih) // oh, -(-((y + 1) * ih) // oh)
            x0, x1 = (x * iw) // ow, -(-((x + 1) * iw) // ow)
            out[..., y, x] = red(data[..., y0:y1, x0:x1], axis=(-2, -1))
    return np.moveaxis(out, [-2, -1], [h_ax, w_ax]).astype(np_data.dtype)


def layer_norm_python(data, gamma, beta, axis, epsilon=1e-5):
    axis = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    d = data.astype(np.float64)
    mean = d.mean(axis=axis, keepdims=True)
    var = d.var(axis=axis, keepdims=True)
    return ((d - mean) / np.sqrt(var + epsilon) * gamma + beta).astype(data.dtype)


def group_norm_python(data, gamma, beta, num_groups, channel_axis, axes, epsilon=1e-5):
    d = np.moveaxis(data.astype(np.float64), channel_axis, 1)
    axes = [a % data.ndim for a in axes]
    # perm[i]: the original axis now at position i (channel moved to 1).
    perm = [i for i in range(data.ndim) if i != channel_axis]
    perm.insert(1, channel_axis)
    red = [perm.index(a) for a in axes]
    shape = d.shape
    g = d.reshape((shape[0], num_groups, shape[1] // num_groups) + shape[2:])
    red_g = [2] + [r + 1 for r in red]
    mean = g.mean(axis=tuple(red_g), keepdims=True)
    var = g.var(axis=tuple(red_g), keepdims=True)
    norm = ((g - mean) / np.sqrt(var + epsilon)).reshape(shape)
    bshape = [1] * data.ndim
    bshape[1] = shape[1]
    out = norm * gamma.reshape(bshape) + beta.reshape(bshape)
    return np.moveaxis(out, 1, channel_axis).astype(data.dtype)


def batch_norm_python(data, gamma, beta, mean, var, axis=1, epsilon=1e-5):
    shape = [1] * data.ndim
    shape[axis] = -1
    r = lambda v: v.reshape(shape)  # noqa: E731
    return ((data - r(mean)) / np.sqrt(r(var) + epsilon) * r(gamma) + r(beta)).astype(data.dtype)


def lrn_python(a_np, size, axis, bias, alpha, beta):
    sq = np.moveaxis(a_np.astype(np.float64) ** 2, axis, 0)
    c = sq.shape[0]
    s = np.zeros_like(sq)
    for i in range(c):
        lo, hi = max(0, i - size // 2), min(c, i - size // 2 + size)
        s[i] = sq[lo:hi].sum(axis=0)
    s = np.moveaxis(s, 0, axis)
    return (a_np / (bias + alpha / size * s) ** beta).astype(a_np.dtype)


def depth_to_space_python(data, block_size, mode="DCR"):
    n, c, h, w = data.shape
    b = block_size
    if mode == "DCR":
        t = data.reshape(n, b, b, c // (b * b), h, w).transpose(0, 3, 4, 1, 5, 2)
    else:
        t = data.reshape(n, c // (b * b), b, b, h, w).transpose(0, 1, 4, 2, 5, 3)
    return t.reshape(n, c // (b * b), h * b, w * b)


def space_to_depth_python(data, block_size):
    n, c, h, w = data.shape
    b = block_size
    t = data.reshape(n, c, h // b, b, w // b, b).transpose(0, 3, 5, 1, 2, 4)
    return t.reshape(n, c * b * b, h // b, w // b)


def _source_coord(o, in_size, out_size, mode):
    scale = in_size / out_size
    if mode == "half_pixel":
        return (o + 0.5) * scale - 0.5
    if mode == "pytorch_half_pixel":
        return (o + 0.5) * scale - 0.5 if out_size > 1 else 0.0
    if mode == "align_corners":
        return o * (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
    if mode == "asymmetric":
        return o * scale
    if mode == "tf_half_pixel_for_nn":
        return (o + 0.5) * scale
    raise ValueError(mode)


def _round(x, method):
    return {
        "round": round,  # ties to even, like tir.round (LLVM nearbyint)
        "floor": math.floor,
        "ceil": math.ceil,
        "round_prefer_floor": lambda v: math.ceil(v - 0.5),
        "round_prefer_ceil": lambda v: math.floor(v + 0.5),
    }[method](x)


def resize2d_python(data, scale, layout, method, coordinate_transformation_mode,
                    rounding_method="", out_size=None):
    """Resize H and W of an NCHW / NHWC array by scale (scale_h, scale_w) = out / in, or to
    out_size when given; nearest or (bi)linear with clamped neighbours."""
    d = data if layout == "NCHW" else data.transpose(0, 3, 1, 2)
    n, c, ih, iw = d.shape
    if out_size is None:
        out_size = (int(round(ih * scale[0])), int(round(iw * scale[1])))
    oh, ow = out_size
    mode = coordinate_transformation_mode
    out = np.zeros((n, c, oh, ow), dtype=np.float64)
    if method == "nearest_neighbor":
        rm = rounding_method or ("round" if mode == "align_corners" else "floor")

        def idx(o, i, os):
            if mode == "asymmetric" and rm == "floor":
                return min((o * i) // os, i - 1)
            return min(max(int(_round(_source_coord(o, i, os, mode), rm)), 0), i - 1)

        ys = [idx(y, ih, oh) for y in range(oh)]
        xs = [idx(x, iw, ow) for x in range(ow)]
        out = d[:, :, ys][:, :, :, xs].astype(np.float64)
    else:
        for y in range(oh):
            sy = _source_coord(y, ih, oh, mode)
            y0 = math.floor(sy)
            ly = sy - y0
            ya, yb = min(max(y0, 0), ih - 1), min(max(y0 + 1, 0), ih - 1)
            for x in range(ow):
                sx = _source_coord(x, iw, ow, mode)
                x0 = math.floor(sx)
                lx = sx - x0
                xa, xb = min(max(x0, 0), iw - 1), min(max(x0 + 1, 0), iw - 1)
                top = d[:, :, ya, xa] * (1 - lx) + d[:, :, ya, xb] * lx
                bot = d[:, :, yb, xa] * (1 - lx) + d[:, :, yb, xb] * lx
                out[:, :, y, x] = top * (1 - ly) + bot * ly
    out = out.astype(data.dtype)
    return out if layout == "NCHW" else out.transpose(0, 2, 3, 1)
