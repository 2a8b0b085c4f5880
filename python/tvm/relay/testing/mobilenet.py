"""MobileNet v1 (Howard et al. 2017): depthwise-separable convolutions."""
from tvm import relay

from .init import create_workload
from .layers import batch_norm_infer, conv2d, dense_add_bias


def _conv_block(x, name, in_ch, out_ch, kernel=(3, 3), strides=(1, 1), padding=(1, 1),
                layout="NCHW"):
    axis = 1 if layout == "NCHW" else 3
    x = conv2d(x, name + "_conv", out_ch, kernel, strides=strides, padding=padding,
               in_channels=in_ch, layout=layout)
    return relay.nn.relu(batch_norm_infer(x, name + "_bn", out_ch, axis=axis))


def _separable_block(x, name, in_ch, out_ch, strides, layout):
    axis = 1 if layout == "NCHW" else 3
    x = conv2d(x, name + "_dw", in_ch, (3, 3), strides=strides, padding=(1, 1), groups=in_ch,
               in_channels=in_ch, layout=layout)
    x = relay.nn.relu(batch_norm_infer(x, name + "_dw_bn", in_ch, axis=axis))
    return _conv_block(x, name + "_pw", in_ch, out_ch, (1, 1), padding=(0, 0), layout=layout)


def get_net(batch_size, num_classes=1000, image_shape=(3, 224, 224), dtype="float32",
            layout="NCHW", alpha=1.0):
    def c(n):
        return int(n * alpha)

    if layout == "NHWC":
        image_shape = (image_shape[1], image_shape[2], image_shape[0])
    data = relay.var("data", shape=(batch_size,) + tuple(image_shape), dtype=dtype)
    in_ch = image_shape[0] if layout == "NCHW" else image_shape[2]
    x = _conv_block(data, "conv0", in_ch, c(32), strides=(2, 2), layout=layout)
    plan = [(32, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1),
            (256, 512, 2)] + [(512, 512, 1)] * 5 + [(512, 1024, 2), (1024, 1024, 1)]
    for i, (cin, cout, s) in enumerate(plan):
        x = _separable_block(x, f"sep{i + 1}", c(cin), c(cout), (s, s), layout)
    x = relay.nn.global_avg_pool2d(x, layout=layout)
    x = relay.nn.batch_flatten(x)
    x = dense_add_bias(x, "fc", num_classes, c(1024))
    out = relay.nn.softmax(x)
    return relay.Function(relay.analysis.free_vars(out), out)


def get_workload(batch_size=1, num_classes=1000, image_shape=(3, 224, 224), dtype="float32",
                 layout="NCHW"):
    """(mod, params) of MobileNet v1."""
    return create_workload(get_net(batch_size, num_classes, image_shape, dtype, layout))
