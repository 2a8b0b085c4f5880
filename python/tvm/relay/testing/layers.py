"""Building blocks for relay.testing networks: layers that create their own weight vars."""
from tvm import relay


def conv2d(data, name, channels, kernel_size, strides=(1, 1), padding=(0, 0), groups=1,
           in_channels=None, layout="NCHW", **kwargs):
    """A convolution whose weight is a new variable `<name>_weight` (OIHW / HWIO)."""
    weight_shape = None
    if in_channels is not None:
        per_group = in_channels // groups
        if layout == "NCHW":
            weight_shape = (channels, per_group) + tuple(kernel_size)
        else:
            weight_shape = tuple(kernel_size) + (per_group, channels)
    weight = relay.var(name + "_weight", shape=weight_shape)
    kernel_layout = "OIHW" if layout == "NCHW" else "HWIO"
    return relay.nn.conv2d(data, weight, strides=strides, padding=padding, groups=groups,
                           channels=channels, kernel_size=kernel_size, data_layout=layout,
                           kernel_layout=kernel_layout, **kwargs)


def batch_norm_infer(data, name, channels=None, axis=1, epsilon=2e-5):
    """batch_norm (inference) with gamma/beta/moving_mean/moving_var variables."""
    shape = None if channels is None else (channels,)
    gamma = relay.var(name + "_gamma", shape=shape)
    beta = relay.var(name + "_beta", shape=shape)
    mean = relay.var(name + "_moving_mean", shape=shape)
    var = relay.var(name + "_moving_var", shape=shape)
    return relay.nn.batch_norm(data, gamma, beta, mean, var, axis=axis, epsilon=epsilon)[0]


def dense_add_bias(data, name, units, in_units=None):
    """dense + bias_add with variables `<name>_weight` [units, in_units] and `<name>_bias`."""
    weight = relay.var(name + "_weight", shape=None if in_units is None else (units, in_units))
    bias = relay.var(name + "_bias", shape=(units,))
    return relay.nn.bias_add(relay.nn.dense(data, weight, units=units), bias, axis=-1)
