"""Neural-network ops."""
from ...expr import TupleWrapper, TupleGetItem, const
from ....ir import RelayExpr
from . import _make


def _pair(value, name):
    if isinstance(value, int):
        return [value, value]
    value = [int(v) for v in value]
    if len(value) == 1:
        return value * 2
    if len(value) != 2:
        raise ValueError(f"{name} must be an int or a pair, got {value}")
    return value


def _pad4(padding):
    """(top, left, bottom, right) from an int, a pair (symmetric) or four values."""
    if isinstance(padding, int):
        return [padding] * 4
    padding = [int(p) for p in padding]
    if len(padding) == 1:
        return padding * 4
    if len(padding) == 2:
        return [padding[0], padding[1], padding[0], padding[1]]
    if len(padding) == 4:
        return padding
    raise ValueError(f"padding must have 1, 2 or 4 values, got {padding}")


def dense(data, weight, units=None, out_dtype=""):
    """data (..., K) times weight (N, K) transposed: (..., N)."""
    return _make.dense(data, weight, units, str(out_dtype))


def contrib_dense_pack(data, weight, weight_layout="NC16n", units=None, out_dtype=""):
    """data (..., K) times a weight packed in panels of bn rows, [N/bn, K, bn] (weight_layout
    "NC<bn>n"): (..., N). AlterOpLayout makes these of nn.dense on x86."""
    return _make.contrib_dense_pack(data, weight, str(weight_layout), units, str(out_dtype))


def matmul(tensor_a, tensor_b, units=None, out_dtype="", transpose_a=False, transpose_b=False):
    """tensor_a (..., M, K) times tensor_b (K, N), either transposed when asked."""
    return _make.matmul(tensor_a, tensor_b, units, str(out_dtype), transpose_a, transpose_b)


def batch_matmul(tensor_a, tensor_b, out_dtype="", transpose_a=False, transpose_b=True):
    """Per batch, tensor_a (B, M, K) times tensor_b (B, N, K) transposed (the default)."""
    return _make.batch_matmul(tensor_a, tensor_b, str(out_dtype), transpose_a, transpose_b)


def bias_add(data, bias, axis=1):
    """data + bias, the 1-D bias along `axis`."""
    return _make.bias_add(data, bias, int(axis))


def relu(data):
    """max(data, 0)."""
    return _make.relu(data)


def softmax(data, axis=-1):
    """exp(x) / sum(exp(x)) along `axis`."""
    return _make.softmax(data, int(axis))


def log_softmax(data, axis=-1):
    """log(softmax(x)) along `axis`."""
    return _make.log_softmax(data, int(axis))


def conv2d(data, weight, strides=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1,
           channels=None, kernel_size=None, data_layout="NCHW", kernel_layout="OIHW",
           out_layout="", out_dtype=""):
    """2-D convolution. padding is an int, (h, w), or (top, left, bottom, right)."""
    return _make.conv2d(
        data, weight, _pair(strides, "strides"), _pad4(padding), _pair(dilation, "dilation"),
        int(groups), channels, None if kernel_size is None else _pair(kernel_size, "kernel_size"),
        data_layout, kernel_layout, out_layout, str(out_dtype),
    )


def contrib_conv2d_nchwc(data, kernel, strides=(1, 1), padding=(0, 0), dilation=(1, 1),
                         groups=1, channels=None, kernel_size=None, data_layout="NCHW8c",
                         kernel_layout="OIHW8i8o", out_layout="", out_dtype=""):
    """Blocked convolution nn.contrib_conv2d_NCHWc: data [N, C/ic, H, W, ic], kernel
    [O/oc, C/ic, KH, KW, ic, oc] -> [N, O/oc, OH, OW, oc] (AlterOpLayout makes these)."""
    return _make.contrib_conv2d_NCHWc(
        data, kernel, _pair(strides, "strides"), _pad4(padding), _pair(dilation, "dilation"),
        int(groups), channels, None if kernel_size is None else _pair(kernel_size, "kernel_size"),
        data_layout, kernel_layout, out_layout, str(out_dtype))


def contrib_depthwise_conv2d_nchwc(data, kernel, strides=(1, 1), padding=(0, 0),
                                   dilation=(1, 1), groups=1, channels=None, kernel_size=None,
                                   data_layout="NCHW8c", kernel_layout="OIHW1i8o",
                                   out_layout="", out_dtype=""):
    """Blocked depthwise convolution nn.contrib_depthwise_conv2d_NCHWc: data
    [N, C/ic, H, W, ic], kernel [O/oc, 1, KH, KW, 1, oc] -> [N, O/oc, OH, OW, oc], with
    groups = C and O = C * multiplier (AlterOpLayout makes these)."""
    return _make.contrib_depthwise_conv2d_NCHWc(
        data, kernel, _pair(strides, "strides"), _pad4(padding), _pair(dilation, "dilation"),
        int(groups), channels, None if kernel_size is None else _pair(kernel_size, "kernel_size"),
        data_layout, kernel_layout, out_layout, str(out_dtype))


def max_pool2d(data, pool_size=(1, 1), strides=(1, 1), dilation=(1, 1), padding=(0, 0),
               layout="NCHW", out_layout="", ceil_mode=False):
    """2-D max pooling."""
    return _make.max_pool2d(data, _pair(pool_size, "pool_size"), _pair(strides, "strides"),
                            _pair(dilation, "dilation"), _pad4(padding), layout, out_layout,
                            ceil_mode)


def avg_pool2d(data, pool_size=(1, 1), strides=(1, 1), dilation=(1, 1), padding=(0, 0),
               layout="NCHW", out_layout="", ceil_mode=False, count_include_pad=False):
    """2-D average pooling."""
    return _make.avg_pool2d(data, _pair(pool_size, "pool_size"), _pair(strides, "strides"),
                            _pair(dilation, "dilation"), _pad4(padding), layout, out_layout,
                            ceil_mode, count_include_pad)


def global_avg_pool2d(data, layout="NCHW", out_layout=""):
    """The mean over the spatial axes (kept as extent 1)."""
    return _make.global_avg_pool2d(data, layout, out_layout)


def global_max_pool2d(data, layout="NCHW", out_layout=""):
    """The maximum over the spatial axes (kept as extent 1)."""
    return _make.global_max_pool2d(data, layout, out_layout)


def batch_norm(data, gamma, beta, moving_mean, moving_var, axis=1, epsilon=1e-5, center=True,
               scale=True):
    """Batch normalization with the given statistics; a TupleWrapper of (output, mean, var)."""
    return TupleWrapper(
        _make.batch_norm(data, gamma, beta, moving_mean, moving_var, int(axis), float(epsilon),
                         center, scale),
        3,
    )


def batch_flatten(data):
    """(N, d1, d2, ...) to (N, d1 * d2 * ...)."""
    return _make.batch_flatten(data)


def dropout_raw(data, rate=0.5):
    """Dropout as a tuple (output, mask)."""
    return _make.dropout(data, float(rate))


def dropout(data, rate=0.5):
    """Dropout (identity at inference)."""
    return TupleGetItem(dropout_raw(data, rate), 0)


def pad(data, pad_width, pad_value=0, pad_mode="constant"):
    """`data` padded by pad_width ((before, after) per axis) with the scalar pad_value."""
    if not isinstance(pad_value, RelayExpr):
        pad_value = const(pad_value)
    pad_width = [[int(a), int(b)] for a, b in pad_width]
    return _make.pad(data, pad_value, pad_width, pad_mode)


def conv2d_transpose(data, weight, strides=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1,
                     channels=None, kernel_size=None, data_layout="NCHW", kernel_layout="IOHW",
                     out_layout="", output_padding=(0, 0), out_dtype=""):
    """2-D transposed convolution; the kernel is (in_channels, channels // groups, kh, kw)."""
    return _make.conv2d_transpose(
        data, weight, _pair(strides, "strides"), _pad4(padding), _pair(dilation, "dilation"),
        int(groups), channels, None if kernel_size is None else _pair(kernel_size, "kernel_size"),
        data_layout, kernel_layout, out_layout, _pair(output_padding, "output_padding"),
        str(out_dtype),
    )


def leaky_relu(data, alpha=0.01):
    """x if x > 0 else alpha * x."""
    return _make.leaky_relu(data, float(alpha))


def prelu(data, alpha, axis=1):
    """x if x > 0 else alpha[c] * x, with alpha along `axis`."""
    return _make.prelu(data, alpha, int(axis))


def layer_norm(data, gamma, beta, axis=-1, epsilon=1e-5, center=True, scale=True):
    """Layer normalization over `axis`."""
    return _make.layer_norm(data, gamma, beta, int(axis), float(epsilon), center, scale)


def upsampling(data, scale_h=1, scale_w=1, layout="NCHW", method="nearest_neighbor",
               align_corners=False):
    """The spatial axes scaled by (scale_h, scale_w)."""
    return _make.upsampling(data, float(scale_h), float(scale_w), layout, method, align_corners)


def _output_size(output_size):
    if output_size is None:
        return []
    return [int(output_size)] if isinstance(output_size, int) else [int(v) for v in output_size]


def adaptive_avg_pool2d(data, output_size=None, layout="NCHW", out_layout=""):
    """Average pooling to `output_size` (an int or (h, w); None keeps the input size)."""
    return _make.adaptive_avg_pool2d(data, _output_size(output_size), layout, out_layout)


def adaptive_max_pool2d(data, output_size=None, layout="NCHW", out_layout=""):
    """Max pooling to `output_size` (an int or (h, w); None keeps the input size)."""
    return _make.adaptive_max_pool2d(data, _output_size(output_size), layout, out_layout)


def instance_norm(data, gamma, beta, axis=1, epsilon=1e-5, center=True, scale=True):
    """Instance normalization (per instance and channel)."""
    return _make.instance_norm(data, gamma, beta, int(axis), float(epsilon), center, scale)


def group_norm(data, gamma, beta, num_groups, axis=1, epsilon=1e-5, center=True, scale=True):
    """Group normalization (channels in `num_groups` groups)."""
    return _make.group_norm(data, gamma, beta, int(num_groups), int(axis), float(epsilon),
                            center, scale)


def _tuple(value, n):
    if isinstance(value, int):
        return [value] * n
    return [int(v) for v in value]


def conv1d(data, weight, strides=1, padding=0, dilation=1, groups=1, channels=None,
           kernel_size=None, data_layout="NCW", kernel_layout="OIW", out_layout="", out_dtype=""):
    """1-D convolution (NCW data, OIW kernel)."""
    return _make.conv1d(data, weight, _tuple(strides, 1), _tuple(padding, 1),
                        _tuple(dilation, 1), groups, channels,
                        [] if kernel_size is None else _tuple(kernel_size, 1), data_layout,
                        kernel_layout, str(out_dtype))


def conv3d(data, weight, strides=(1, 1, 1), padding=(0, 0, 0), dilation=(1, 1, 1), groups=1,
           channels=None, kernel_size=None, data_layout="NCDHW", kernel_layout="OIDHW",
           out_layout="", out_dtype=""):
    """3-D convolution (NCDHW data, OIDHW kernel)."""
    return _make.conv3d(data, weight, _tuple(strides, 3), _tuple(padding, 3),
                        _tuple(dilation, 3), groups, channels,
                        [] if kernel_size is None else _tuple(kernel_size, 3), data_layout,
                        kernel_layout, str(out_dtype))


def depth_to_space(data, block_size, layout="NCHW", mode="DCR"):
    """Move channels into block_size x block_size spatial blocks."""
    return _make.depth_to_space(data, int(block_size), layout, mode)


def space_to_depth(data, block_size, layout="NCHW"):
    """Move block_size x block_size spatial blocks into channels."""
    return _make.space_to_depth(data, int(block_size), layout)
