"""ResNet v1 (He et al. 2015) for ImageNet-size inputs: 18/34 (basic blocks) and 50/101/152
(bottlenecks), inference form (batch_norm with moving statistics)."""
from tvm import relay

from .init import create_workload
from .layers import batch_norm_infer, conv2d, dense_add_bias


def _bn_relu(x, name, channels, axis):
    return relay.nn.relu(batch_norm_infer(x, name, channels, axis=axis))


def residual_unit(data, in_ch, out_ch, stride, dim_match, name, bottleneck, layout):
    axis = 1 if layout == "NCHW" else 3
    if bottleneck:
        mid = out_ch // 4
        x = conv2d(data, name + "_conv1", mid, (1, 1), in_channels=in_ch, layout=layout)
        x = _bn_relu(x, name + "_bn1", mid, axis)
        x = conv2d(x, name + "_conv2", mid, (3, 3), strides=stride, padding=(1, 1),
                   in_channels=mid, layout=layout)
        x = _bn_relu(x, name + "_bn2", mid, axis)
        x = conv2d(x, name + "_conv3", out_ch, (1, 1), in_channels=mid, layout=layout)
        x = batch_norm_infer(x, name + "_bn3", out_ch, axis=axis)
    else:
        x = conv2d(data, name + "_conv1", out_ch, (3, 3), strides=stride, padding=(1, 1),
                   in_channels=in_ch, layout=layout)
        x = _bn_relu(x, name + "_bn1", out_ch, axis)
        x = conv2d(x, name + "_conv2", out_ch, (3, 3), padding=(1, 1), in_channels=out_ch,
                   layout=layout)
        x = batch_norm_infer(x, name + "_bn2", out_ch, axis=axis)
    if dim_match:
        shortcut = data
    else:
        shortcut = conv2d(data, name + "_sc", out_ch, (1, 1), strides=stride, in_channels=in_ch,
                          layout=layout)
        shortcut = batch_norm_infer(shortcut, name + "_sc_bn", out_ch, axis=axis)
    return relay.nn.relu(x + shortcut)


def get_net(batch_size, num_classes, num_layers=18, image_shape=(3, 224, 224), layout="NCHW",
            dtype="float32"):
    specs = {18: ([2, 2, 2, 2], False), 34: ([3, 4, 6, 3], False),
             50: ([3, 4, 6, 3], True), 101: ([3, 4, 23, 3], True), 152: ([3, 8, 36, 3], True)}
    if num_layers not in specs:
        raise ValueError(f"resnet: num_layers must be one of {sorted(specs)}, got {num_layers}")
    units, bottleneck = specs[num_layers]
    filters = [64, 256, 512, 1024, 2048] if bottleneck else [64, 64, 128, 256, 512]
    axis = 1 if layout == "NCHW" else 3
    if layout == "NHWC":
        image_shape = (image_shape[1], image_shape[2], image_shape[0])
    data = relay.var("data", shape=(batch_size,) + tuple(image_shape), dtype=dtype)
    in_ch = image_shape[0] if layout == "NCHW" else image_shape[2]
    x = conv2d(data, "conv0", filters[0], (7, 7), strides=(2, 2), padding=(3, 3),
               in_channels=in_ch, layout=layout)
    x = _bn_relu(x, "bn0", filters[0], axis)
    x = relay.nn.max_pool2d(x, pool_size=(3, 3), strides=(2, 2), padding=(1, 1), layout=layout)
    ch = filters[0]
    for stage, n in enumerate(units):
        for u in range(n):
            stride = (1, 1) if stage == 0 or u > 0 else (2, 2)
            out_ch = filters[stage + 1]
            x = residual_unit(x, ch, out_ch, stride, ch == out_ch and stride == (1, 1),
                              f"stage{stage + 1}_unit{u + 1}", bottleneck, layout)
            ch = out_ch
    x = relay.nn.global_avg_pool2d(x, layout=layout)
    x = relay.nn.batch_flatten(x)
    x = dense_add_bias(x, "fc1", num_classes, ch)
    out = relay.nn.softmax(x)
    return relay.Function(relay.analysis.free_vars(out), out)


def get_workload(batch_size=1, num_classes=1000, num_layers=18, image_shape=(3, 224, 224),
                 layout="NCHW", dtype="float32", **kwargs):
    """(mod, params) of ResNet-`num_layers`."""
    return create_workload(get_net(batch_size, num_classes, num_layers, image_shape, layout,
                                   dtype))
